"""scsmine: ingest, tag, compare and query a bilingual corpus on China's Social Credit System.

The public API is :mod:`scsmine.api`, re-exported here.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from scsmine.api import *  # noqa: E402, F403
from scsmine.api import __all__ as _api_all  # noqa: E402

__all__ = ["__version__", *_api_all]

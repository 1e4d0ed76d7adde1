"""scsmine: ingest, tag, compare and query a bilingual corpus on China's Social Credit System.

The public API is :mod:`scsmine.api`, re-exported here. One exception: the
tagging function is ``scsmine.api.tag()`` (mirroring ``scsmine tag``), while
``scsmine.tag`` stays the tagging subpackage.
"""

import importlib
import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

from scsmine.api import *  # noqa: E402, F403
from scsmine.api import __all__ as _api_all  # noqa: E402

tag = importlib.import_module("scsmine.tag")  # the subpackage, not scsmine.api.tag

__all__ = ["__version__", *(name for name in _api_all if name != "tag")]

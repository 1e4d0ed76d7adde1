"""The library API: the one place where stages meet (STYLE.md §1-3).

Each command of the CLI calls one function here with the same parameter
names (``scsmine ingest`` ↔ :func:`ingest`). The functions live in one
module per area; this package re-exports their ``__all__``.
"""

from scsmine.api._fetch import *  # noqa: F403
from scsmine.api._fetch import __all__ as _fetch_all
from scsmine.api._ingest import *  # noqa: F403
from scsmine.api._ingest import __all__ as _ingest_all
from scsmine.api._query import *  # noqa: F403
from scsmine.api._query import __all__ as _query_all
from scsmine.api._report import *  # noqa: F403
from scsmine.api._report import __all__ as _report_all
from scsmine.api._tag import *  # noqa: F403
from scsmine.api._tag import __all__ as _tag_all

__all__ = [*_ingest_all, *_query_all, *_fetch_all, *_tag_all, *_report_all]

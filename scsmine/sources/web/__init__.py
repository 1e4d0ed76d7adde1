"""Web sources: a polite HTTP client and adapters from responses to documents.

Adapters register in :data:`ADAPTERS` under versioned names and follow
:class:`~scsmine.core.web_protocols.SourceAdapter`:

* ``scsmine.web.govcn.v1``: www.gov.cn State Council policy pages;
* ``scsmine.web.govpage.v1``: other Chinese government pages;
* ``scsmine.web.article.v1``: news articles and any other HTML (fallback);
* ``scsmine.web.feed.v1``: RSS/Atom feeds (links to articles);
* ``scsmine.web.sitemap.v1``: sitemaps (links to pages);
* ``scsmine.web.file.v1``: PDF, DOCX and text files (attachments).

:func:`select` picks the adapter with the highest score for a response, so a
new adapter only has to score higher on the pages it is made for. Imports
only :mod:`scsmine.core` and the readers of :mod:`scsmine.sources`.
"""

from __future__ import annotations

from scsmine.core.errors import ReaderError
from scsmine.core.registry import Registry
from scsmine.core.web_protocols import Extraction, SourceAdapter, WebResponse

__all__ = ["ADAPTERS", "extract", "load_adapters", "select"]

ADAPTERS: Registry[SourceAdapter] = Registry("web adapter")


def load_adapters() -> Registry[SourceAdapter]:
    """Import the built-in adapter modules (registering them) and return :data:`ADAPTERS`."""
    from scsmine.sources.web import article, feed, file, govcn, govpage, sitemap  # noqa: F401

    return ADAPTERS


def select(response: WebResponse, name: str | None = None) -> SourceAdapter:
    """The adapter ``name``, else the registered adapter scoring highest for ``response``.

    Raises:
        NotFoundError: No adapter called ``name``.
        ReaderError: No adapter handles the response (the message names the URL).
    """
    load_adapters()
    if name:
        return ADAPTERS.get(name)
    best, best_score = None, 0.0
    for key in ADAPTERS:
        adapter = ADAPTERS.get(key)
        score = adapter.score(response)
        if score > best_score:
            best, best_score = adapter, score
    if best is None:
        kind = response.content_type or "no Content-Type"
        raise ReaderError(
            f"{response.final_url}: no adapter reads this content ({kind}, {len(response.body)} bytes)",
            f"known adapters: {', '.join(ADAPTERS.names())}",
        )
    return best


def extract(response: WebResponse, adapter: str | None = None) -> Extraction:
    """Run the selected adapter on a response (see :func:`select`)."""
    return select(response, adapter).extract(response)

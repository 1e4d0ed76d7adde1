"""Contracts of the web layer: one HTTP exchange, what an adapter extracts, and the adapter Protocol.

A :class:`SourceAdapter` turns one fetched :class:`WebResponse` into an
:class:`Extraction`: a :class:`~scsmine.core.models.ParsedDocument` to store
(or ``None`` for navigation-only resources such as feeds and sitemaps) and the
:class:`Link` objects worth fetching next (feed items, sitemap entries,
attachments, same-site pages). Adapters register under versioned names such
as ``"scsmine.web.govcn.v1"`` (STYLE.md §8-9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from scsmine.core.models import ParsedDocument

__all__ = ["LINK_KINDS", "Extraction", "Link", "SourceAdapter", "WebResponse"]

LINK_KINDS = ("page", "article", "attachment", "feed", "sitemap")
"""``page``: a web page (crawl, sitemap, catalog); ``article``: a feed item;
``attachment``: a PDF/DOC/DOCX linked from a policy page (stored as a child
document); ``feed`` and ``sitemap``: navigation resources."""


@dataclass(frozen=True)
class WebResponse:
    """One HTTP exchange as it happened (a redirect hop is its own exchange).

    Attributes:
        url: The URL the fetch started from (before redirects).
        final_url: The URL of this exchange (differs from ``url`` after redirects).
        status: HTTP status, or ``None`` when no response came (timeout, refused).
        headers: Response headers as received, in order, duplicates kept.
        body: The body bytes (possibly cut short when ``error`` says so).
        fetched_at: UTC ISO 8601 time the request was sent.
        elapsed: Seconds from request to the end of the body.
        reason: The status line's reason phrase.
        http_version: ``HTTP/1.1`` etc.
        request_headers: The headers that were sent.
        error: Why the exchange failed (timeout, too large, …), else ``None``.
    """

    url: str
    final_url: str
    status: int | None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    fetched_at: str = ""
    elapsed: float = 0.0
    reason: str = ""
    http_version: str = "HTTP/1.1"
    request_headers: tuple[tuple[str, str], ...] = ()
    error: str | None = None

    def header(self, name: str) -> str | None:
        """The first header called ``name`` (case-insensitive), or ``None``."""
        low = name.lower()
        return next((v for k, v in self.headers if k.lower() == low), None)

    @property
    def content_type(self) -> str:
        """The media type from Content-Type, lower case, without parameters (may be a lie)."""
        return (self.header("content-type") or "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset parameter of Content-Type, if any (only a hint)."""
        for part in (self.header("content-type") or "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass(frozen=True)
class Link:
    """A URL an adapter found worth fetching, with what is already known about it.

    Attributes:
        url: Absolute URL without fragment.
        kind: One of :data:`LINK_KINDS`.
        hints: Metadata known before fetching (a feed item's title, date and
            author; an attachment's link text). The fetched page's own
            metadata wins over hints.
    """

    url: str
    kind: str = "page"
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Extraction:
    """What an adapter got out of one response.

    Attributes:
        parsed: The document to store, or ``None`` for feeds and sitemaps.
        links: Links found, in page order, without duplicates.
        adapter: Registered name of the adapter that made this.
        format: ``html``, ``pdf``, ``docx``, ``feed``, ``sitemap`` …
        encoding: The text encoding used to decode the body, if text.
    """

    parsed: ParsedDocument | None
    links: tuple[Link, ...] = ()
    adapter: str = ""
    format: str = ""
    encoding: str | None = None


@runtime_checkable
class SourceAdapter(Protocol):
    """Turns a fetched response into a document and links.

    ``score`` says how well the adapter fits a response (0 = cannot handle it,
    1 = made for it) from the URL and the sniffed bytes, never from the
    Content-Type alone, which sites get wrong. ``extract`` raises
    :class:`~scsmine.core.errors.ReaderError` for content it cannot parse.
    """

    name: str
    version: str

    def score(self, response: WebResponse) -> float: ...

    def extract(self, response: WebResponse) -> Extraction: ...

"""Which links a fetch follows: the crawl policy, pure and independent of the database.

An item being fetched is described by its kind (``page``, ``article``,
``attachment``, ``feed``, ``sitemap``), its link depth from the seed and its
``data`` (``meta``: explicit metadata; ``hints``: fallbacks; ``source``;
``crawl``: ``{"host", "depth"}`` for crawl pages). :meth:`LinkPolicy.follow`
turns the links an adapter found into the next items:

* attachments (PDF/DOC/DOCX) of a stored document, at the same depth, with
  the parent's id and the parent's metadata as hints;
* a feed's items, with the item's title, date and author as hints;
* a sitemap's pages and nested sitemaps (pages only when they match);
* a crawl page's same-host links, while the depth allows, when they match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from scsmine.core.web_protocols import Extraction, Link
from scsmine.sources.web._page import host_of

__all__ = ["INHERITED", "Follow", "LinkPolicy"]

INHERITED = ("issuer", "doc_number", "date", "date_written", "level", "jurisdiction", "origin", "lang", "doc_type")
"""Metadata an attachment takes from its parent page as hints."""


@dataclass(frozen=True)
class Follow:
    """A link to fetch next: URL, kind, depth and the data it carries."""

    url: str
    kind: str
    depth: int
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkPolicy:
    """What to follow.

    Attributes:
        match: Discovered page links must match this (``re.search``).
        attachments: Follow attachments of stored documents.
    """

    match: re.Pattern[str] | None = None
    attachments: bool = True

    def keep(self, url: str, *, seed: bool, data: dict[str, Any]) -> bool:
        """Whether a fetched page is stored: a crawl's start page only when it matches too."""
        return not (seed and "crawl" in data and self.match and not self.match.search(url))

    def follow(self, url: str, kind: str, depth: int, data: dict[str, Any], extraction: Extraction,
               doc_id: str | None) -> list[Follow]:
        """The items that the links of the fetched item ``url`` lead to, in page order."""
        meta = data.get("meta", {})
        base = {"source": data.get("source", kind)}
        out: list[Follow] = []
        for link in extraction.links:
            if link.kind == "attachment" and self.attachments and doc_id and kind != "attachment":
                out.append(self._attachment(url, data, extraction, link, depth, doc_id))
            elif link.kind == "article" and kind == "feed":
                out.append(Follow(link.url, "article", depth + 1, {**base, "meta": meta, "hints": link.hints}))
            elif link.kind == "sitemap" and kind == "sitemap":
                out.append(Follow(link.url, "sitemap", depth + 1, {**base, "meta": meta}))
            elif link.kind == "page" and self._page(kind, depth, data, link):
                crawl = {"crawl": data["crawl"]} if "crawl" in data else {}
                out.append(Follow(link.url, "page", depth + 1, {**base, "meta": meta, "hints": link.hints, **crawl}))
        return out

    def _page(self, kind: str, depth: int, data: dict[str, Any], link: Link) -> bool:
        if self.match and not self.match.search(link.url):
            return False
        if kind == "sitemap":
            return True
        crawl: dict[str, Any] = data.get("crawl") or {}
        return bool(crawl) and depth < int(crawl["depth"]) and host_of(link.url) == crawl["host"]

    @staticmethod
    def _attachment(url: str, data: dict[str, Any], extraction: Extraction, link: Link, depth: int,
                    doc_id: str) -> Follow:
        parent = {**(extraction.parsed.meta if extraction.parsed else {}), **data.get("meta", {})}
        hints = {k: parent[k] for k in INHERITED if parent.get(k)}
        hints.update(link.hints)
        meta = {"parent_id": doc_id, "parent_url": url, "relation": "attachment"}
        return Follow(link.url, "attachment", depth, {"source": data.get("source", "url"), "meta": meta,
                                                      "hints": hints})

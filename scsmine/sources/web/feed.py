"""Adapter ``scsmine.web.feed.v1``: RSS and Atom feeds (feedparser).

A feed is navigation: it yields no document of its own but one ``article``
link per item, with the item's title, date and author as hints for the
article fetched from the link.
"""

from __future__ import annotations

import time
from typing import Any

import feedparser

from scsmine.core.errors import ReaderError
from scsmine.core.web_protocols import Extraction, Link, WebResponse
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff
from scsmine.sources.web._page import clean_url

__all__ = ["FeedAdapter"]


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None


class FeedAdapter:
    """RSS 0.9x/1.0/2.0 and Atom feeds."""

    name = "scsmine.web.feed.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """1.0 when the body is RSS, RDF or Atom, whatever the Content-Type says."""
        return 1.0 if sniff(response.body, response.final_url) == "feed" else 0.0

    def extract(self, response: WebResponse) -> Extraction:
        """One ``article`` link per item with a link, in feed order.

        Raises:
            ReaderError: Not a feed, or a feed without usable items.
        """
        parsed = feedparser.parse(response.body, response_headers={"content-location": response.final_url})
        if parsed.bozo and not parsed.entries:
            raise ReaderError(
                f"{response.final_url} is not a readable RSS/Atom feed ({parsed.get('bozo_exception')})",
                "check the feed URL in a browser; for a web page use scsmine fetch URL",
            )
        feed_title = parsed.feed.get("title", "")
        links: list[Link] = []
        seen: set[str] = set()
        for entry in parsed.entries:
            href = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
            if not href:
                continue
            url = clean_url(href)
            if url in seen:
                continue
            seen.add(url)
            hints = {"title": entry.get("title", ""), "date": _date(entry), "author": entry.get("author", ""),
                     "feed": feed_title, "feed_url": response.url}
            links.append(Link(url, "article", {k: v for k, v in hints.items() if v}))
        return Extraction(None, tuple(links), self.name, "feed", parsed.get("encoding"))


ADAPTERS.register(FeedAdapter.name)(FeedAdapter())

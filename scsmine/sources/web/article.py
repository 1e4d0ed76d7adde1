"""Adapter ``scsmine.web.article.v1``: news articles and any other HTML page (the fallback).

Steps: 1. decode and parse; 2. trafilatura extracts the main text with
precision favoured, so menus, share bars, comments and "most read" boxes are
left out, plus title, author, date and site name; 3. the main text becomes a
title heading and paragraphs; 4. when trafilatura finds no main text, the
HTML reader's block text is used and a warning says so.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import trafilatura

from scsmine.core.models import Block, ParsedDocument
from scsmine.core.web_protocols import Extraction, WebResponse
from scsmine.sources import read
from scsmine.sources._blocks import is_cjk_heading
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff, utf8_html
from scsmine.sources.web._page import Page, load_page

__all__ = ["ArticleAdapter", "main_text"]

_META_KEYS = ("title", "author", "date", "sitename", "description")


def main_text(page: Page, title: str | None = None) -> tuple[list[Block], dict[str, Any]] | None:
    """trafilatura's main text as blocks and its metadata, or ``None`` when it finds none.

    The title (``title``, else trafilatura's) leads as a heading unless the text starts with it.
    """
    doc = trafilatura.bare_extraction(
        page.text, url=page.response.final_url, include_comments=False, include_tables=True,
        favor_precision=True, with_metadata=True,
    )
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    paras = [p.strip() for p in (data.get("text") or "").split("\n") if p.strip()]
    if not paras:
        return None
    meta = {k: str(data[k]) for k in _META_KEYS if data.get(k)}
    blocks = [Block("heading", p, level=2) if is_cjk_heading(p) else Block("paragraph", p) for p in paras]
    title = title or meta.get("title", "")
    if title and not paras[0].startswith(title):
        blocks.insert(0, Block("heading", title, level=1))
    return blocks, meta


class ArticleAdapter:
    """News articles (and the fallback for any HTML page)."""

    name = "scsmine.web.article.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """0.3 for any HTML page: the fallback after the government adapters."""
        return 0.3 if sniff(response.body, response.final_url) == "html" else 0.0

    def extract(self, response: WebResponse) -> Extraction:
        """Main text, title, author, date and site name of an article.

        Raises:
            ReaderError: Undecodable page or no text at all.
        """
        page = load_page(response)
        found = main_text(page)
        if found is None:
            parsed = read(utf8_html(page.text), response.final_url, "html")
            parsed = dataclasses.replace(
                parsed, warnings=(*parsed.warnings, f"{response.final_url}: no main text found; kept all block text")
            )
        else:
            blocks, extra = found
            version = f"{self.version}+trafilatura-{trafilatura.__version__}"
            parsed = ParsedDocument(tuple(blocks), extra, self.name, version)
        meta = dict(parsed.meta)
        if "sitename" in meta:
            meta["outlet"] = meta.pop("sitename")
        meta.pop("issuer", None)
        meta.update(encoding=page.encoding, layout="article")
        return Extraction(dataclasses.replace(parsed, meta=meta), tuple(page.links()), self.name, "html", page.encoding)


ADAPTERS.register(ArticleAdapter.name)(ArticleAdapter())

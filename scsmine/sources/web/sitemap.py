"""Adapter ``scsmine.web.sitemap.v1``: XML sitemaps and sitemap indexes (also gzipped).

A sitemap is navigation: ``<url><loc>`` entries become ``page`` links (with
``lastmod`` as a hint), ``<sitemap><loc>`` entries of an index become
``sitemap`` links.
"""

from __future__ import annotations

import gzip
import zlib

import lxml.etree

from scsmine.core.errors import ReaderError
from scsmine.core.web_protocols import Extraction, Link, WebResponse
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff
from scsmine.sources.web._page import clean_url

__all__ = ["SitemapAdapter"]

MAX_UNZIPPED = 50_000_000  # the sitemaps protocol's own limit is 50 MB uncompressed


def _xml(response: WebResponse) -> bytes:
    body = response.body
    if body.startswith(b"\x1f\x8b"):
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, MAX_UNZIPPED)
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise ReaderError(f"{response.final_url} is a broken gzip file ({exc})", "check the sitemap URL") from exc
    return body


class SitemapAdapter:
    """sitemaps.org ``urlset`` and ``sitemapindex`` documents."""

    name = "scsmine.web.sitemap.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """1.0 for a (gzipped) urlset or sitemapindex."""
        kind = sniff(response.body, response.final_url)
        if kind == "gzip":
            try:
                kind = sniff(_xml(response)[:4096])
            except ReaderError:
                return 0.0
        return 1.0 if kind == "sitemap" else 0.0

    def extract(self, response: WebResponse) -> Extraction:
        """Page links of a urlset, or sitemap links of an index.

        Raises:
            ReaderError: Not well-formed XML.
        """
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = lxml.etree.fromstring(_xml(response), parser)
        except lxml.etree.XMLSyntaxError as exc:
            raise ReaderError(f"{response.final_url} is not a well-formed sitemap ({exc})", "check the URL") from exc
        index = lxml.etree.QName(root).localname == "sitemapindex"
        links: list[Link] = []
        for entry in root:
            if not isinstance(entry.tag, str):
                continue
            fields = {lxml.etree.QName(c).localname: (c.text or "").strip() for c in entry if isinstance(c.tag, str)}
            if fields.get("loc"):
                hints = {"lastmod": fields["lastmod"]} if fields.get("lastmod") else {}
                links.append(Link(clean_url(fields["loc"]), "sitemap" if index else "page", hints))
        return Extraction(None, tuple(links), self.name, "sitemap", "utf-8")


ADAPTERS.register(SitemapAdapter.name)(SitemapAdapter())

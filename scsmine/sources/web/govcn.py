"""Adapter ``scsmine.web.govcn.v1``: State Council policy pages on www.gov.cn.

Both page templates seen on www.gov.cn/zhengce/content/ (2019 pages and older
ones) carry a metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号,
发布日期) and the body in ``#UCAP-CONTENT``.

Steps: 1. decode the body (declarations are hints, see ``_charset``); 2. read
it with the HTML reader ``scsmine.html.v1``, which parses the table (dates as
ISO) and the body; 3. add what the site implies: Chinese, domestic, and for
索引号 starting with the State Council's code 000014349 national level;
4. list attachments (PDF/DOC/DOCX) and other links.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from scsmine.core.errors import ReaderError
from scsmine.core.web_protocols import Extraction, WebResponse
from scsmine.sources import read
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff, utf8_html
from scsmine.sources.web._page import load_page

__all__ = ["GovCnAdapter"]

STATE_COUNCIL_CODE = "000014349"
_MARKERS = (b'id="UCAP-CONTENT"', b"id='UCAP-CONTENT'", b"id=UCAP-CONTENT")


class GovCnAdapter:
    """gov.cn policy pages: the metadata table and the body, plus attachments."""

    name = "scsmine.web.govcn.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """0.9 for an HTML page with the ``#UCAP-CONTENT`` body, whatever the host; else 0."""
        if sniff(response.body, response.final_url) != "html":
            return 0.0
        return 0.9 if any(m in response.body for m in _MARKERS) else 0.0

    def extract(self, response: WebResponse) -> Extraction:
        """The policy document with its table metadata, and the page's links.

        Raises:
            ReaderError: The page has no gov.cn metadata table or body.
        """
        page = load_page(response)
        parsed = read(utf8_html(page.text), response.final_url, "html")
        meta = dict(parsed.meta)
        if meta.get("layout") != "govcn":
            raise ReaderError(
                f"{response.final_url} has no gov.cn metadata table or #UCAP-CONTENT body",
                "fetch it with --adapter scsmine.web.govpage.v1 or scsmine.web.article.v1",
            )
        meta.update(encoding=page.encoding, lang="zh", origin="domestic", site=urlsplit(response.final_url).netloc)
        if str(meta.get("index_number", "")).startswith(STATE_COUNCIL_CODE):
            meta.setdefault("level", "national")
            meta.setdefault("jurisdiction", "China")
        return Extraction(dataclasses.replace(parsed, meta=meta), tuple(page.links()), self.name, "html", page.encoding)


ADAPTERS.register(GovCnAdapter.name)(GovCnAdapter())

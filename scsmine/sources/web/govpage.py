"""Adapter ``scsmine.web.govpage.v1``: other Chinese government pages (provincial, municipal, ministries).

Local government sites run a handful of content systems that put the article
metadata in ``<meta>`` tags (ArticleTitle, PubDate, ContentSource) and print
labelled fields above the body (发布机构：…, 发布日期：…, 文号：…).

Steps: 1. decode and parse; 2. body text: trafilatura's main text without the
metadata table rows (the HTML reader's block text when it finds none); 3. title from ArticleTitle, else the first
heading, else ``<title>``; 4. issuer, date and 文号 from the meta tags, else
from the labelled fields; 5. links (attachments are stored as child documents).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urlsplit

from scsmine.core.models import ParsedDocument
from scsmine.core.web_protocols import Extraction, WebResponse
from scsmine.sources import read
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff, utf8_html
from scsmine.sources.web._page import Page, load_page
from scsmine.sources.web.article import main_text

__all__ = ["DOC_NUMBER", "GovPageAdapter", "iso_date", "labelled_fields"]

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_LABELS = {
    "issuer": r"(?:发布机构|发文机关|发文单位|制发机关|信息来源|来源)",
    "date": r"(?:发布日期|发布时间|成文日期|印发日期|日期)",
    "doc_number": r"(?:发文字号|文号)",
    "index_number": r"(?:索引号)",
}
_VALUE = r"\s*[:：]\s*([^\s:：|｜]{2,40})"
_MARKS = tuple(label.encode(enc) for label in ("发布机构", "发文机关", "发布日期") for enc in ("utf-8", "gb18030"))
_CMS_META = (b'name="ArticleTitle"', b'name="PubDate"', b'name="ContentSource"')
_SPACES = re.compile(r"[\s\u3000\xa0]+")
_TABLE_ROW = re.compile(r"^\|.*(索引号|发布机构|发文机关|发文字号|成文日期|发布日期)")


def iso_date(text: str) -> str | None:
    """The first date like 2020-12-18, 2020/12/18 or 2020年12月18日 in ``text`` as ISO, else ``None``."""
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def labelled_fields(text: str) -> dict[str, str]:
    """Values printed after labels such as 发布机构： or 发布日期： (first occurrence each)."""
    out: dict[str, str] = {}
    for key, label in _LABELS.items():
        m = re.search(label + (r"\s*[:：]\s*([0-9年月日/.\-\s]{8,20})" if key == "date" else _VALUE), text)
        if not m:
            continue
        value = m.group(1).strip()
        if key == "date":
            value = iso_date(value) or ""
        elif key == "doc_number" and not DOC_NUMBER.fullmatch(value):
            found = DOC_NUMBER.search(text[m.start():m.end() + 20])
            value = found.group(0) if found else ""
        if value:
            out[key] = value
    return out


def _meta_fields(page: Page) -> dict[str, Any]:
    tags = page.meta_tags()
    meta: dict[str, Any] = {}
    if tags.get("articletitle"):
        meta["title"] = tags["articletitle"]
    if tags.get("contentsource"):
        meta["issuer"] = tags["contentsource"]
    date = iso_date(tags.get("pubdate", "") or tags.get("firstpublishedtime", ""))
    if date:
        meta["date"] = date
    return meta


class GovPageAdapter:
    """Chinese government pages other than www.gov.cn policy pages."""

    name = "scsmine.web.govpage.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """0.6 for hosts under gov.cn, 0.5 for pages with government CMS meta tags or labels; else 0."""
        if sniff(response.body, response.final_url) != "html":
            return 0.0
        host = urlsplit(response.final_url).hostname or ""
        if host == "gov.cn" or host.endswith(".gov.cn"):
            return 0.6
        head = response.body[:200_000]
        return 0.5 if any(m in head for m in _CMS_META + _MARKS) else 0.0

    def extract(self, response: WebResponse) -> Extraction:
        """Title, issuing body, date, 文号 and body text of the page.

        Raises:
            ReaderError: Undecodable page or no text.
        """
        page = load_page(response)
        fields = _meta_fields(page)
        body_text = _SPACES.sub(" ", page.root.text_content())
        found = main_text(page, fields.get("title"))
        if found is not None:
            blocks = [b for b in found[0] if not _TABLE_ROW.match(b.text)]
            parsed = ParsedDocument(tuple(blocks), found[1], self.name, f"{self.version}+trafilatura")
        else:
            parsed = read(utf8_html(page.text), response.final_url, "html")
        meta: dict[str, Any] = dict(parsed.meta)
        meta.pop("issuer", None)  # the reader's site name is not the issuing body
        meta.pop("sitename", None)
        if page.title() and "title" not in meta:
            meta["title"] = page.title()
        meta.update(labelled_fields(body_text))
        meta.update(fields)
        if "doc_number" not in meta:
            lone = next((b.text for b in parsed.blocks[:8] if DOC_NUMBER.fullmatch(b.text.strip())), None)
            if lone:
                meta["doc_number"] = lone.strip()
        meta.update(encoding=page.encoding, origin="domestic", site=urlsplit(response.final_url).netloc)
        meta["layout"] = "govpage"
        return Extraction(dataclasses.replace(parsed, meta=meta), tuple(page.links()), self.name, "html", page.encoding)


ADAPTERS.register(GovPageAdapter.name)(GovPageAdapter())

"""HTML reader ``scsmine.html.v1``: gov.cn policy pages and generic pages.

Steps: 1. find a declared charset in the first bytes and decode (the
declaration is only a hint: see :mod:`scsmine.sources._decode`); 2. parse
with lxml; 3. if the page has the gov.cn metadata table (索引号, 主题分类,
发文机关, 成文日期, 标题, 发文字号, 发布日期), read it into metadata (dates as
ISO) and take the body from ``#UCAP-CONTENT``; 4. otherwise take the body
element's block-level text in order; generic article pages go through
trafilatura (main text without menus, share bars or "most read" boxes).
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html

from scsmine.core.errors import ReaderError
from scsmine.core.models import Block, ParsedDocument
from scsmine.sources import READERS
from scsmine.sources._blocks import is_cjk_heading, looks_like_heading
from scsmine.sources._decode import decode
from scsmine.sources._meta import cn_date, infer_meta

__all__ = ["declared_charset", "govcn_meta", "html_blocks", "read_html"]

NAME = "scsmine.html.v1"
VERSION = "1"

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SPACES = re.compile(r"[\s\u3000\xa0]+")
GOVCN_FIELDS = {
    "索引号": "index_number",
    "主题分类": "theme",
    "发文机关": "issuer",
    "成文日期": "date_written",
    "标题": "title",
    "发文字号": "doc_number",
    "发布日期": "date",
    "主题词": "keywords",
}
_DATE_FIELDS = ("date_written", "date")
_BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "div",
    "section",
    "article",
    "caption",
    "figcaption",
    "tr",
    "table",
    "ul",
    "ol",
    "br",
}
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "nav",
    "header",
    "footer",
    "form",
    "button",
    "select",
    "aside",
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag, if any."""
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


_SPACED_OUT = re.compile(r"(?:[\u3400-\u9fff] ){2,}[\u3400-\u9fff](?![^ \u3400-\u9fff])")


def _text(el: Any) -> str:
    """Element text with whitespace collapsed; letter-spaced titles (国 务 院) are closed up."""
    text = _SPACES.sub(" ", el.text_content()).strip()
    return _SPACED_OUT.sub(lambda m: m.group(0).replace(" ", ""), text)


def _label(text: str) -> str:
    return _SPACES.sub("", text).rstrip(":：")


def govcn_meta(root: Any) -> dict[str, str]:
    """Metadata from a gov.cn policy page's table (label cell → next cell)."""
    meta: dict[str, str] = {}
    for td in root.iter("td"):
        key = GOVCN_FIELDS.get(_label(td.text_content()))
        if key is None or key in meta:
            continue
        value_cell = td.getnext()
        value = _text(value_cell) if value_cell is not None else ""
        if not value:
            continue
        if key in _DATE_FIELDS:
            value = cn_date(value) or value
        meta[key] = value
    return meta


def _is_bold(el: Any) -> bool:
    if el.tag in ("b", "strong") or "bold" in (el.get("style") or ""):
        return True
    kids = [k for k in el if isinstance(k.tag, str)]
    text_outside = (el.text or "").strip() or any((k.tail or "").strip() for k in kids)
    return bool(kids) and not text_outside and all(_is_bold(k) for k in kids)


def _simple_row(row: Any) -> bool:
    """A table row whose cells hold only inline text: it is read as one paragraph, cells in order."""
    return not any(isinstance(k.tag, str) and k.tag in _BLOCK_TAGS - {"br", "td", "th"} for k in row.iterdescendants())


def _paragraph_blocks(container: Any) -> list[Block]:
    """Blocks from the leaf block elements of ``container`` in document order."""
    blocks: list[Block] = []
    in_rows = {cell for row in container.iter("tr") if _simple_row(row) for cell in row.iterdescendants()}
    for el in container.iter():
        if not isinstance(el.tag, str) or el.tag not in _BLOCK_TAGS or el in in_rows:
            continue
        if el.tag == "tr":
            if _simple_row(el):
                cells = [_text(c) for c in el if isinstance(c.tag, str) and c.tag in ("td", "th")]
                if any(cells):
                    blocks.append(Block("paragraph", " ".join(c for c in cells if c)))
            continue
        if any(isinstance(k.tag, str) and k.tag in _BLOCK_TAGS - {"br"} for k in el.iterdescendants()):
            continue  # not a leaf block: its children are visited on their own
        text = _text(el)
        if not text:
            continue
        centred = "center" in (el.get("style") or "") or el.get("align") == "center"
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            blocks.append(Block("heading", text, level=int(el.tag[1])))
        elif is_cjk_heading(text):
            blocks.append(Block("heading", text, level=2))
        elif _is_bold(el) and len(text) <= 40 and not text.endswith(("。", "；", ".")):
            blocks.append(Block("heading", text, level=1 if centred and not blocks else 3))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def html_blocks(root: Any) -> list[Block]:
    """Block-level text of a page with scripts, navigation and forms removed."""
    for tag in _DROP_TAGS:
        for el in list(root.iter(tag)):
            el.drop_tree()
    body = root.find(".//body")
    return _paragraph_blocks(body if body is not None else root)


def _article(text: str, name: str) -> tuple[list[Block], dict[str, Any]] | None:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, include_comments=False, include_tables=True, favor_precision=True, with_metadata=True
    )
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = data.get("text") or ""
    paras = [p.strip() for p in body.split("\n") if p.strip()]
    if not paras:
        return None
    blocks = [
        Block(
            "heading" if looks_like_heading(p) or is_cjk_heading(p) else "paragraph",
            p,
            level=2 if is_cjk_heading(p) else 0,
        )
        for p in paras
    ]
    meta = {k: str(data[k]) for k in ("title", "author", "date", "sitename", "url", "description") if data.get(k)}
    if "sitename" in meta:
        meta["issuer"] = meta.pop("sitename")
    return blocks, meta


@READERS.register(NAME)
def read_html(data: bytes, name: str) -> ParsedDocument:
    """Read an HTML page or fragment.

    Raises:
        ReaderError: Undecodable bytes, unparseable markup, or no text.
    """
    text, encoding = decode(data, name, declared_charset(data))
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReaderError(f"{name} is not parseable HTML ({exc})", "check the file") from exc
    meta: dict[str, Any] = {"encoding": encoding}
    content = root.get_element_by_id("UCAP-CONTENT", None)
    table = govcn_meta(root)
    if content is not None or table:
        meta.update(table)
        meta["layout"] = "govcn"
        blocks = _paragraph_blocks(content if content is not None else root)
    else:
        found = _article(text, name)
        if found and sum(len(b.text) for b in found[0]) > 200:
            blocks, extra = found
            meta.update(extra)
            meta["layout"] = "article"
        else:
            blocks = html_blocks(root)
            meta["layout"] = "generic"
        title_el = root.find(".//title")
        if "title" not in meta and title_el is not None and _text(title_el):
            meta["title"] = _text(title_el)
    if not blocks:
        raise ReaderError(f"{name} has no readable text", "check that the page is not empty or script-only")
    inferred = infer_meta(blocks)
    inferred.update(meta)
    return ParsedDocument(tuple(blocks), inferred, NAME, VERSION)

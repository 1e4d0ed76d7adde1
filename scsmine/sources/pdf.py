"""PDF reader ``scsmine.pdf.v1``: text-layer PDFs to headings and paragraphs.

The plain text layer is read with pdfium (pypdfium2): each character's text
and box, one cheap call each, and the page's ruling lines from its path
objects. Layout work happens only in Python geometry on those boxes, so a
page costs little more than pdfium's own text extraction; no pdfplumber or
layout analysis is needed.

Steps (:func:`read_pdf`):

1. Open the document. Password-protected → :class:`EncryptedError`; a file
   pdfium cannot open is repaired when it looks truncated (a new cross-reference
   table over the objects that survive), else :class:`ReaderError`.
2. Read every page's characters and rules (:mod:`._pdf_page`). Unreadable
   pages and characters without a Unicode mapping become warnings; a document
   with no text at all raises :class:`NoTextLayerError`.
3. Strip running headers and footers, find tables and columns, and lay the
   lines out in reading order (:mod:`._pdf_layout`).
4. Build paragraphs and headings (:mod:`._pdf_blocks`) and the metadata: the
   title (first level-1 heading, else the document info's Title), ``pages``
   and the document info (``pdf_title``, ``author``, ``creation_date``).
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdfium2.version import PYPDFIUM_INFO

from scsmine.core.errors import EncryptedError, NoTextLayerError, ReaderError
from scsmine.core.models import Block, ParsedDocument
from scsmine.sources import READERS
from scsmine.sources._pdf_blocks import build_blocks, measure
from scsmine.sources._pdf_layout import (
    FlowLine,
    Table,
    body_bounds,
    find_gutter,
    find_tables,
    order_page,
    strip_furniture,
)
from scsmine.sources._pdf_page import PageGeom, read_page

__all__ = ["PARSER", "PARSER_VERSION", "read_pdf"]

log = logging.getLogger(__name__)

PARSER = "scsmine.pdf.v1"
PARSER_VERSION = f"1.0 (pypdfium2 {PYPDFIUM_INFO})"

_OCR_HINT = "run OCR first, e.g. ocrmypdf in.pdf out.pdf"
_DECRYPT_HINT = "decrypt it first, e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf"
_REPAIR_HINT = "download it again or repair it, e.g. qpdf in.pdf out.pdf"
_OBJ = re.compile(rb"(?<![0-9])(\d{1,9})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_BAD_SHARE = 0.02  # warn about a page when this share of its characters had no Unicode mapping
_FILE_TITLE = re.compile(
    r"^(?:Microsoft (?:Word|PowerPoint|Excel) - .*|.*\.(?:docx?|pdf|pptx?|xlsx?|rtf|wps|html?))$",
    re.IGNORECASE,
)
# pdfium is not thread-safe: one document at a time per process.
_PDFIUM_LOCK = threading.Lock()


@READERS.register(PARSER)
def read_pdf(data: bytes, name: str) -> ParsedDocument:
    """Read a PDF with a text layer into headings and paragraphs in reading order.

    Args:
        data: The file's bytes.
        name: File name or URL, used in messages.

    Returns:
        The blocks (title heading level 1, chapter headings level 2, one
        paragraph per paragraph or table row), metadata and warnings.

    Raises:
        EncryptedError: The PDF needs a password.
        NoTextLayerError: No page has text (a scan) or the text cannot be decoded.
        ReaderError: The file is empty, not a PDF, or too damaged to read.
    """
    if not data.strip():
        raise ReaderError(f"{name} is empty", "remove it or check that it was copied completely")
    if b"%PDF-" not in data[:1024]:
        raise ReaderError(f"{name} is not a valid PDF (no %PDF header)", "check that the file really is a PDF")
    warnings: list[str] = []
    try:
        with _PDFIUM_LOCK:
            doc = _open(data, name, warnings)
            try:
                pages, total = _read_pages(doc, name, warnings)
                info = _doc_info(doc)
            finally:
                doc.close()
    except (pdfium.PdfiumError, ctypes.ArgumentError, OSError, ValueError) as exc:
        raise ReaderError(f"{name} could not be read as a PDF: {exc}", _REPAIR_HINT) from exc
    _check_text(pages, name, warnings)
    blocks, cids = _layout(pages)
    if cids:
        warnings.append(f"{name}: dropped {cids} unmapped glyph code(s) '(cid:N)'")
    meta: dict[str, Any] = {"pages": total, **info}
    title = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), info.get("pdf_title"))
    if title:
        meta["title"] = title
    return ParsedDocument(tuple(blocks), meta, PARSER, PARSER_VERSION, tuple(warnings))


def _open(data: bytes, name: str, warnings: list[str]) -> pdfium.PdfDocument:
    """Open the document, repairing a truncated file's cross-reference table when needed."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = exc.err_code
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedError(f"{name} is password-protected", _DECRYPT_HINT) from None
        repaired = _repair(data)
        what = "is truncated" if b"%%EOF" not in data[-2048:] else "is damaged"
        failure = ReaderError(f"{name} is not a valid PDF: it {what} and no page can be read", _REPAIR_HINT)
        if repaired is None:
            raise failure from None
        try:
            doc = pdfium.PdfDocument(repaired)
        except pdfium.PdfiumError:
            raise failure from None
        log.debug("%s: pdfium could not open it (error %s); read with a rebuilt cross-reference table", name, code)
        warnings.append(f"{name} {what}; read the pages that survive ({_REPAIR_HINT})")
        return doc


def _repair(data: bytes) -> bytes | None:
    """Append a fresh cross-reference table over the objects found in ``data``, or ``None``."""
    offsets: dict[int, tuple[int, int]] = {}
    root = None
    for match in _OBJ.finditer(data):
        number = int(match.group(1))
        offsets[number] = (match.start(), int(match.group(2)))
        if root is None and _CATALOG.search(data, match.end(), match.end() + 400):
            root = number
    if root is None or not offsets:
        return None
    size = max(offsets) + 1
    rows = [b"%010d %05d n \n" % offsets[i] if i in offsets else b"0000000000 65535 f \n" for i in range(size)]
    body = data + b"\n"
    trailer = b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, len(body))
    return body + b"xref\n0 %d\n" % size + b"".join(rows) + trailer


def _read_pages(doc: pdfium.PdfDocument, name: str, warnings: list[str]) -> tuple[list[PageGeom], int]:
    """Geometry of every readable page, and the page count."""
    total = len(doc)
    if total == 0:
        raise ReaderError(f"{name} has no pages", "check that the file is complete")
    pages: list[PageGeom] = []
    failed: list[int] = []
    for index in range(total):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            failed.append(index + 1)
            continue
        try:
            textpage = page.get_textpage()
            try:
                pages.append(read_page(page, textpage, index + 1))
            finally:
                textpage.close()
        except pdfium.PdfiumError as exc:
            log.debug("%s: page %d: %s", name, index + 1, exc)
            failed.append(index + 1)
        finally:
            page.close()
    if failed and not pages:
        raise ReaderError(f"{name} is damaged: none of its {total} pages can be read", _REPAIR_HINT)
    if failed:
        warnings.append(f"{name}: {_pages(failed)} of {total} could not be read; {_REPAIR_HINT}")
    return pages, total


def _pages(numbers: list[int]) -> str:
    """``page 3`` or ``pages 2, 5, 9`` (ten at most, then an ellipsis)."""
    shown = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _check_text(pages: list[PageGeom], name: str, warnings: list[str]) -> None:
    """Raise when nothing has text; warn about scanned pages and broken encodings."""
    kept = sum(p.chars for p in pages)
    bad = sum(p.bad for p in pages)
    if kept == 0 and bad == 0:
        raise NoTextLayerError(f"{name} has no text layer", _OCR_HINT)
    if bad > kept:
        raise NoTextLayerError(
            f"{name} has no usable text layer: {bad} of {bad + kept} characters have no Unicode mapping",
            "run OCR first, e.g. ocrmypdf --force-ocr in.pdf out.pdf",
        )
    scanned = [p.number for p in pages if p.chars == 0 and p.images]
    if scanned:
        warnings.append(f"{name}: {_pages(scanned)} of {len(pages)} without a text layer (scanned?); {_OCR_HINT}")
    for p in pages:
        if p.bad and p.bad > _BAD_SHARE * (p.bad + p.chars):
            warnings.append(
                f"{name}: page {p.number}: dropped {p.bad} character(s) without a Unicode mapping "
                "(a font lacks a ToUnicode map); OCR may read this page better"
            )


def _layout(pages: list[PageGeom]) -> tuple[list[Block], int]:
    """Reading order and blocks for all pages; also returns how many ``(cid:N)`` were dropped."""
    tables = {p.number: find_tables(p) for p in pages}
    strip_furniture(pages)
    gutters = [(p, find_gutter(p.segs, p.width)) for p in pages]
    body = body_bounds(gutters)
    flow: list[FlowLine | Table] = []
    for geom, gutter in gutters:
        flow.extend(order_page(geom, tables[geom.number], gutter, body))
    metrics = measure(flow)
    blocks = [b for b in build_blocks(flow, metrics) if b.text.strip()]
    return blocks, metrics.cid_dropped


def _doc_info(doc: pdfium.PdfDocument) -> dict[str, str]:
    """Title, Author and CreationDate from the document information dictionary, when set."""
    try:
        raw = doc.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
    info: dict[str, str] = {}
    for key, field in (("Title", "pdf_title"), ("Author", "author"), ("CreationDate", "creation_date")):
        value = " ".join(str(raw.get(key, "")).replace("\x00", "").split())
        if key == "Title" and _FILE_TITLE.match(value):
            continue  # a word processor's file name, not a title
        if value and "\ufffd" not in value:
            info[field] = _pdf_date(value) if key == "CreationDate" else value
    return info


def _pdf_date(value: str) -> str:
    """``D:20140807120000+08'00'`` → ``2014-08-07``; other forms unchanged."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value)
    if not match:
        return value
    return "-".join(part for part in match.groups() if part)

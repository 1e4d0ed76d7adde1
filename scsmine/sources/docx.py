"""DOCX reader ``scsmine.docx.v1`` (python-docx): paragraphs, headings and table rows in order."""

from __future__ import annotations

import io
import zipfile

from scsmine.core.errors import ReaderError
from scsmine.core.models import Block, ParsedDocument
from scsmine.sources import READERS
from scsmine.sources._blocks import is_cjk_heading
from scsmine.sources._meta import infer_meta

__all__ = ["read_docx"]

NAME = "scsmine.docx.v1"
VERSION = "1"


def _iter_blocks(document: object) -> list[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = document.element.body  # type: ignore[attr-defined]
    blocks: list[Block] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)  # type: ignore[arg-type]
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name if para.style is not None else "") or ""
            if style.lower().startswith(("heading", "title")) or is_cjk_heading(text):
                level = 1 if style.lower() == "title" else int(style[-1]) if style[-1:].isdigit() else 2
                blocks.append(Block("heading", text, level=level))
            else:
                blocks.append(Block("paragraph", text))
        elif tag == "tbl":
            for row in Table(child, document).rows:  # type: ignore[arg-type]
                cells: list[str] = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                if cells:
                    blocks.append(Block("paragraph", " ".join(cells)))
    return blocks


@READERS.register(NAME)
def read_docx(data: bytes, name: str) -> ParsedDocument:
    """Read a Word .docx file.

    Raises:
        ReaderError: Not a valid .docx (e.g. an old binary .doc or a damaged file).
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReaderError(
            f"{name} is not a valid .docx file ({exc})", "save it as .docx again, or convert .doc with LibreOffice"
        ) from exc
    blocks = _iter_blocks(document)
    if not blocks:
        raise ReaderError(f"{name} holds no text", "check the document; scanned pages need OCR first")
    meta = infer_meta(blocks)
    core = document.core_properties
    if core.title:
        meta["title"] = core.title
    if core.author:
        meta["author"] = core.author
    return ParsedDocument(tuple(blocks), meta, NAME, VERSION)

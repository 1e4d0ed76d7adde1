"""Plain-text reader ``scsmine.text.v1``."""

from __future__ import annotations

from scsmine.core.errors import ReaderError
from scsmine.core.models import ParsedDocument
from scsmine.sources import READERS
from scsmine.sources._blocks import paragraphs_to_blocks
from scsmine.sources._decode import decode
from scsmine.sources._meta import infer_meta

__all__ = ["read_text"]

NAME = "scsmine.text.v1"
VERSION = "1"


@READERS.register(NAME)
def read_text(data: bytes, name: str) -> ParsedDocument:
    """Read a plain-text file: paragraphs split on blank lines, wrapped lines joined.

    Raises:
        ReaderError: Binary content, undecodable bytes or no text at all.
    """
    text, encoding = decode(data, name)
    blocks = paragraphs_to_blocks(text)
    if not blocks:
        raise ReaderError(f"{name} holds no text", "check that the file is not empty or whitespace only")
    meta = infer_meta(blocks)
    meta["encoding"] = encoding
    return ParsedDocument(tuple(blocks), meta, NAME, VERSION)

"""Sources: readers that turn files (and web pages) into :class:`ParsedDocument`.

Readers register under versioned names in :data:`READERS`; :data:`FORMATS`
maps a format (``pdf``, ``html``, ``md``, ``txt``, ``docx``) to the current
reader. Imports only :mod:`scsmine.core`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from scsmine.core.errors import ReaderError
from scsmine.core.models import ParsedDocument
from scsmine.core.protocols import Reader
from scsmine.core.registry import Registry

__all__ = ["EXTENSIONS", "FORMATS", "READERS", "detect_format", "load_readers", "read"]

READERS: Registry[Reader] = Registry("reader")

FORMATS: dict[str, str] = {
    "pdf": "scsmine.pdf.v1",
    "html": "scsmine.html.v1",
    "md": "scsmine.markdown.v1",
    "txt": "scsmine.text.v1",
    "docx": "scsmine.docx.v1",
}

EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
}


def detect_format(name: str, data: bytes) -> str:
    """The format of a file from its magic bytes, else its extension.

    Raises:
        ReaderError: Neither tells a supported format.
    """
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and Path(name).suffix.lower() == ".docx":
        return "docx"
    ext = EXTENSIONS.get(Path(name).suffix.lower())
    if ext:
        return ext
    if head[:15].lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    supported = ", ".join(sorted(EXTENSIONS))
    raise ReaderError(f"{name}: unsupported file type", f"supported extensions: {supported}")


_MODULES = {"pdf": "pdf", "html": "html", "md": "markdown", "txt": "text", "docx": "docx"}


def load_readers(*formats: str) -> None:
    """Import the reader modules (registering them) for ``formats`` (default: all)."""
    for fmt in formats or tuple(_MODULES):
        importlib.import_module(f"scsmine.sources.{_MODULES[fmt]}")


def read(data: bytes, name: str, fmt: str | None = None) -> ParsedDocument:
    """Parse ``data`` with the reader registered for its format.

    Args:
        data: Raw bytes.
        name: File name or URL, for format detection and messages.
        fmt: Format to use instead of detecting it.
    """
    fmt = fmt or detect_format(name, data)
    if fmt not in FORMATS:
        raise ReaderError(f"{name}: unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    load_readers(fmt)
    if not data.strip():
        raise ReaderError(f"{name} is empty", "remove it or check that it was copied completely")
    return READERS.get(FORMATS[fmt])(data, name)

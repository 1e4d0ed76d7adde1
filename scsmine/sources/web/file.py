"""Adapter ``scsmine.web.file.v1``: documents served as files (PDF, DOCX, DOC, plain text).

Attachments of policy pages (附件) are usually PDF or Word files. The format
comes from the bytes (a PDF served as ``text/html`` is still a PDF), and the
file goes to the registered reader for that format; legacy Word ``.doc``
files go to :func:`scsmine.sources.web.msdoc.read_doc`.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import unquote, urlsplit

from scsmine.core.web_protocols import Extraction, WebResponse
from scsmine.sources import read
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff
from scsmine.sources.web.msdoc import read_doc

__all__ = ["FileAdapter"]

_SCORES = {"pdf": 1.0, "docx": 1.0, "doc": 1.0, "text": 0.2}


class FileAdapter:
    """PDF, DOCX, DOC and plain-text files."""

    name = "scsmine.web.file.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """1.0 for PDF, DOCX and DOC bytes, 0.2 for plain text."""
        return _SCORES.get(sniff(response.body, response.final_url), 0.0)

    def extract(self, response: WebResponse) -> Extraction:
        """The file's text through the reader for its format.

        Raises:
            ReaderError: The reader's own errors (no text, damaged file, …).
        """
        fmt = sniff(response.body, response.final_url)
        fmt = "txt" if fmt == "text" else fmt
        name = unquote(urlsplit(response.final_url).path.rsplit("/", 1)[-1]) or response.final_url
        parsed = read_doc(response.body, name) if fmt == "doc" else read(response.body, name, fmt)
        meta = {**parsed.meta, "filename": name}
        return Extraction(dataclasses.replace(parsed, meta=meta), (), self.name, fmt, parsed.meta.get("encoding"))


ADAPTERS.register(FileAdapter.name)(FileAdapter())

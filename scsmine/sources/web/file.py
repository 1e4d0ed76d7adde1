"""Adapter ``scsmine.web.file.v1``: documents served as files (PDF, DOCX, plain text).

Attachments of policy pages (附件) are usually PDF or Word files. The format
comes from the bytes (a PDF served as ``text/html`` is still a PDF), and the
file goes to the registered reader for that format. Legacy Word ``.doc``
files are recognised but not read: there is no reader for them yet.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import unquote, urlsplit

from scsmine.core.errors import ReaderError
from scsmine.core.web_protocols import Extraction, WebResponse
from scsmine.sources import read
from scsmine.sources.web import ADAPTERS
from scsmine.sources.web._charset import sniff

__all__ = ["FileAdapter"]

_SCORES = {"pdf": 1.0, "docx": 1.0, "doc": 0.9, "text": 0.2}


class FileAdapter:
    """PDF, DOCX and plain-text files."""

    name = "scsmine.web.file.v1"
    version = "1"

    def score(self, response: WebResponse) -> float:
        """1.0 for PDF and DOCX bytes, 0.9 for legacy .doc (to explain the failure), 0.2 for plain text."""
        return _SCORES.get(sniff(response.body, response.final_url), 0.0)

    def extract(self, response: WebResponse) -> Extraction:
        """The file's text through the reader for its format.

        Raises:
            ReaderError: A legacy .doc file, or the reader's own errors.
        """
        fmt = sniff(response.body, response.final_url)
        if fmt == "doc":
            raise ReaderError(
                f"{response.final_url} is a legacy Word .doc file, which scsmine cannot read yet",
                "convert it to DOCX or PDF and run scsmine ingest on it",
            )
        fmt = "txt" if fmt == "text" else fmt
        name = unquote(urlsplit(response.final_url).path.rsplit("/", 1)[-1]) or response.final_url
        parsed = read(response.body, name, fmt)
        meta = {**parsed.meta, "filename": name}
        return Extraction(dataclasses.replace(parsed, meta=meta), (), self.name, fmt, parsed.meta.get("encoding"))


ADAPTERS.register(FileAdapter.name)(FileAdapter())

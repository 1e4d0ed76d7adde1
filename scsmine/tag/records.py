"""Reading passages to classify and writing their labels (JSONL or CSV).

Bad records do not stop a batch (STYLE.md §15): each is reported with its
line and field, and the good ones are still classified.

* Input: one JSON object per line, or CSV with a header; fields ``id``,
  ``text`` and optionally ``lang`` (``zh`` or ``en``; detected when absent).
* Output: the ``scsmine classify`` record (``id``, ``drivers``,
  ``driver_scores``, ``frames``, ``frame_scores``, ``tone``, ``tone_scores``)
  as JSONL, or CSV with lists joined by ``|`` and score maps as JSON.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scsmine.core.errors import UsageError

__all__ = ["MAX_CHARS", "OUTPUT_FIELDS", "BadLine", "Record", "RecordWriter", "file_format", "read_records"]

MAX_CHARS = 100_000
OUTPUT_FIELDS = ("id", "drivers", "driver_scores", "frames", "frame_scores", "tone", "tone_scores")
_LANGS = ("zh", "en")


@dataclass(frozen=True)
class Record:
    """A passage to classify."""

    line: int
    id: str
    text: str
    lang: str | None


@dataclass(frozen=True)
class BadLine:
    """A record that cannot be classified, with the reason."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def file_format(path: Path) -> str:
    """``csv`` or ``jsonl`` from the file name (``-`` is JSONL)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".json", ".ndjson", ".txt", "") or str(path) == "-":
        return "jsonl"
    raise UsageError(f"cannot tell the format of {path} from its suffix {suffix!r}", "use .jsonl or .csv")


def check_record(obj: Any, line: int) -> Record | BadLine:
    """Validate one input object; the message names the field and the fix."""
    if not isinstance(obj, dict):
        return BadLine(line, "not a JSON object; write one {\"id\": ..., \"text\": ...} per line")
    ident = obj.get("id")
    if ident is None or (isinstance(ident, str) and not ident.strip()) or isinstance(ident, (dict, list, bool)):
        return BadLine(line, "field 'id' is missing or empty; give every passage an id")
    text = obj.get("text")
    if not isinstance(text, str):
        return BadLine(line, "field 'text' is missing or not a string")
    if not text.strip():
        return BadLine(line, f"field 'text' of id {ident} is empty or whitespace")
    if len(text) > MAX_CHARS:
        return BadLine(line, f"field 'text' of id {ident} has {len(text):,} characters, over the {MAX_CHARS:,} limit; "
                             "split the document into passages (paragraphs or articles) first")
    lang = obj.get("lang") or None
    if lang is not None and lang not in _LANGS:
        return BadLine(line, f"field 'lang' of id {ident} is {lang!r}; use zh or en, or leave it out to detect it")
    return Record(line, str(ident), text, lang)


def _open_in(path: Path) -> IO[str]:
    if str(path) == "-":
        return sys.stdin
    if not path.is_file():
        raise UsageError(f"input file {path} does not exist", "check the path")
    return path.open(encoding="utf-8", errors="strict", newline="")


def read_records(path: Path) -> Iterator[Record | BadLine]:
    """Records of a JSONL or CSV file, with bad lines reported in place.

    Raises:
        UsageError: The file is missing, or a CSV file lacks ``id`` or ``text`` columns.
    """
    fmt = file_format(path)
    handle = _open_in(path)
    try:
        if fmt == "csv":
            yield from _csv_records(handle, path)
            return
        number = 0
        while True:
            number += 1
            try:
                line = handle.readline()
            except UnicodeDecodeError:
                yield BadLine(number, "not UTF-8 text; save the file as UTF-8")
                return
            if not line:
                return
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield BadLine(number, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line")
                continue
            yield check_record(obj, number)
    finally:
        if handle is not sys.stdin:
            handle.close()


def _csv_records(handle: IO[str], path: Path) -> Iterator[Record | BadLine]:
    reader = csv.DictReader(handle)
    missing = [c for c in ("id", "text") if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(f"{path} has no {' or '.join(missing)} column", "add a header line with id,text[,lang]")
    for row in reader:
        yield check_record(dict(row), reader.line_num)


class RecordWriter:
    """Writes classify records as JSONL or CSV (``-`` or ``None`` = stdout)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.format = "jsonl" if path is None else file_format(path)
        self._handle: IO[str] = sys.stdout if path is None or str(path) == "-" else path.open(
            "w", encoding="utf-8", newline="")
        self._csv = csv.DictWriter(self._handle, fieldnames=list(OUTPUT_FIELDS)) if self.format == "csv" else None
        if self._csv is not None:
            self._csv.writeheader()

    def write(self, row: dict[str, Any]) -> None:
        """Write one record."""
        if self._csv is None:
            self._handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            return
        self._csv.writerow({k: "|".join(v) if isinstance(v, list) else json.dumps(v, ensure_ascii=False)
                            if isinstance(v, dict) else v for k, v in row.items()})

    def close(self) -> None:
        """Flush, and close unless writing to stdout."""
        self._handle.flush()
        if self._handle is not sys.stdout:
            self._handle.close()

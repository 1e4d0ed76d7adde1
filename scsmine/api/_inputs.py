"""Listing ingest inputs: manifest entries (JSONL or CSV) and files under paths."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scsmine.core.errors import UsageError

__all__ = ["MANIFEST_FIELDS", "Item", "manifest_items", "path_items"]

# Manifest column → metadata key (issuer_or_outlet is the manifest's name for the issuer).
MANIFEST_FIELDS = {
    "doc_id": "manifest_id",
    "title": "title",
    "title_en": "title_en",
    "issuer_or_outlet": "issuer",
    "issuer": "issuer",
    "doc_number": "doc_number",
    "date": "date",
    "doc_type": "doc_type",
    "level": "level",
    "jurisdiction": "jurisdiction",
    "origin": "origin",
    "lang": "lang",
    "format": "format",
    "source": "source",
    "url": "url",
    "license_note": "license_note",
    "sha256": "sha256",
}


@dataclass(frozen=True)
class Item:
    """One input: a file with its metadata, or a manifest line that cannot be used (``error``)."""

    path: Path
    locator: str
    source_key: str
    meta: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    hint: str = ""


def _entry_meta(entry: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in entry.items():
        if value in (None, ""):
            continue
        if key in MANIFEST_FIELDS:
            meta[MANIFEST_FIELDS[key]] = value if isinstance(value, str) else str(value)
        elif key != "path":
            extra[key] = value
    meta.update({k: v for k, v in extra.items() if k not in meta})
    return meta


def _read_entries(manifest: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, entry or None, error) for each line of a JSONL or CSV manifest."""
    try:
        text = manifest.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read manifest {manifest}: {exc}", "check the path; manifests are UTF-8") from None
    if manifest.suffix.lower() == ".csv":
        for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            yield n, {k: v for k, v in row.items() if k}, ""
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(entry, dict):
            yield n, None, "not a JSON object"
            continue
        yield n, entry, ""


def manifest_items(manifest: Path) -> Iterator[Item]:
    """Items of a manifest; a bad line becomes an :class:`Item` carrying its error."""
    if not manifest.is_file():
        raise UsageError(f"manifest {manifest} does not exist", "check the path")
    base = manifest.resolve().parent
    for n, entry, error in _read_entries(manifest):
        where = f"{manifest}:{n}"
        if entry is None:
            yield Item(Path(where), where, "", error=f"{where}: {error}", hint="fix or remove the line")
            continue
        if not entry.get("path"):
            yield Item(Path(where), where, "", error=f"{where}: no 'path' field", hint="add the file's path")
            continue
        path = (base / str(entry["path"])).resolve()
        meta = _entry_meta(entry)
        key = f"manifest:{meta['manifest_id']}" if meta.get("manifest_id") else f"file:{path}"
        yield Item(path, str(path), key, meta)


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        st = root.stat()
    except OSError:
        yield root  # reported when it is read
        return
    if (st.st_dev, st.st_ino) in seen:
        return
    seen.add((st.st_dev, st.st_ino))
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        yield root
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield path


def path_items(paths: Sequence[str | Path]) -> Iterator[Item]:
    """Files named or found under folders (sorted; hidden files skipped; link loops not followed)."""
    for raw in paths:
        root = Path(raw)
        if not root.exists() and not root.is_symlink():
            yield Item(root, str(root), "", error=f"{root} does not exist", hint="check the path")
            continue
        found = _walk(root, set()) if root.is_dir() else iter([root])
        for path in found:
            locator = str(path.absolute())
            yield Item(path, locator, f"file:{locator}")

"""Catalogs of web sources: key documents (facts and official URLs) and news sources.

A catalog is YAML (a mapping with ``documents`` and ``news_sources`` lists,
or one list) or JSONL (one entry per line; ``kind: news_source`` or a
``feed`` key marks a news source). Every entry is validated and a bad entry
is reported with its line number, before anything is fetched.

Fields of a document: ``id`` (required, unique), ``url``, ``title``,
``title_en``, ``issuer``, ``doc_number`` (文号), ``date`` (发布日期),
``date_written`` (成文日期), ``date_effective``, ``doc_type``, ``level``,
``jurisdiction``, ``origin``, ``lang``, ``adapter``, ``uncertain`` (names of
fields not verified against the official page), ``note``. Fields of a news
source: ``id``, ``outlet``, ``origin``, ``country``, ``lang``, ``url`` (home
page), ``feed`` (RSS/Atom), ``uncertain``, ``note``. Entries without a URL
(documents) or feed (news sources) are facts only and are not fetched.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scsmine.core.errors import UsageError
from scsmine.core.models import DOC_TYPES, LEVELS, ORIGINS, check_date
from scsmine.sources.web import load_adapters

__all__ = ["DOCUMENT_FIELDS", "NEWS_FIELDS", "CatalogEntry", "catalog_seeds", "load_catalog"]

DOCUMENT_FIELDS = ("id", "kind", "url", "title", "title_en", "issuer", "doc_number", "date", "date_written",
                   "date_effective", "doc_type", "level", "jurisdiction", "origin", "lang", "adapter", "uncertain",
                   "note")
NEWS_FIELDS = ("id", "kind", "outlet", "origin", "country", "lang", "url", "feed", "doc_type", "uncertain", "note")
_LANGS = ("zh", "en", "de", "fr", "ja", "ko", "es", "ru")
_DATES = ("date", "date_written", "date_effective")


@dataclass(frozen=True)
class CatalogEntry:
    """One valid catalog entry.

    Attributes:
        kind: ``document`` or ``news_source``.
        line: 1-based line of the entry in the file.
        fields: The entry's fields (dates as ``YYYY[-MM[-DD]]`` strings).
    """

    kind: str
    line: int
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The entry's id."""
        return str(self.fields["id"])

    @property
    def target(self) -> str | None:
        """The URL to fetch: a document's page or a news source's feed."""
        value = self.fields.get("url" if self.kind == "document" else "feed")
        return str(value) if value else None


def _scalar(value: Any) -> Any:
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()[:10]
    return value


def _problems(kind: str, entry: dict[str, Any]) -> list[str]:
    allowed = DOCUMENT_FIELDS if kind == "document" else NEWS_FIELDS
    out = [f"unknown field {k!r}" for k in entry if k not in allowed]
    if not entry.get("id") or not isinstance(entry.get("id"), str):
        out.append("no id")
    for key in ("url", "feed"):
        value = entry.get(key)
        if value is not None and not (isinstance(value, str) and value.startswith(("http://", "https://"))):
            out.append(f"{key} {value!r} is not an http(s) URL")
    for key, choices in (("doc_type", DOC_TYPES), ("level", LEVELS), ("origin", ORIGINS), ("lang", _LANGS)):
        if entry.get(key) is not None and entry[key] not in choices:
            out.append(f"{key} {entry[key]!r} is not one of {', '.join(choices)}")
    for key in _DATES:
        try:
            check_date(None if entry.get(key) is None else str(entry[key]))
        except ValueError as exc:
            out.append(str(exc))
    if entry.get("adapter") is not None and entry["adapter"] not in load_adapters():
        out.append(f"adapter {entry['adapter']!r} is not one of {', '.join(load_adapters().names())}")
    uncertain = entry.get("uncertain", [])
    if not isinstance(uncertain, list) or any(u not in allowed for u in uncertain):
        out.append(f"uncertain must list field names, got {uncertain!r}")
    if kind == "news_source" and entry.get("origin") is None:
        out.append("a news source needs origin (domestic or foreign)")
    return out


def _yaml_entries(path: Path, text: str) -> list[tuple[str, int, Any]]:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"{path} is not valid YAML: {exc}", "fix the syntax (check indentation and quotes)") from None
    if isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        return [("document", n.start_mark.line + 1, d) for n, d in zip(node.value, data, strict=True)]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise UsageError(f"{path} holds no catalog", "write a mapping with documents: and news_sources: lists")
    out: list[tuple[str, int, Any]] = []
    for key_node, value_node in node.value:
        section = key_node.value
        kind = {"documents": "document", "news_sources": "news_source"}.get(section)
        if kind is None:
            if section not in ("version", "note", "description"):
                out.append(("?", key_node.start_mark.line + 1, f"unknown section {section!r}"))
            continue
        items = data.get(section) or []
        if not isinstance(value_node, yaml.SequenceNode) or not isinstance(items, list):
            out.append(("?", key_node.start_mark.line + 1, f"{section} is not a list"))
            continue
        out += [(kind, n.start_mark.line + 1, d) for n, d in zip(value_node.value, items, strict=True)]
    return out


def _jsonl_entries(text: str) -> list[tuple[str, int, Any]]:
    out: list[tuple[str, int, Any]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(("?", number, f"not JSON ({exc.msg})"))
            continue
        kind = "news_source" if isinstance(data, dict) and (data.get("kind") == "news_source" or "feed" in data) \
            else "document"
        out.append((kind, number, data))
    return out


def load_catalog(path: str | Path) -> list[CatalogEntry]:
    """Read and validate a catalog; every bad entry is reported by line.

    Raises:
        UsageError: Unreadable file, bad syntax, or bad entries (all listed).
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read catalog {path}: {exc}", "check the path (a UTF-8 YAML or JSONL file)") from None
    raw = _jsonl_entries(text) if path.suffix.lower() in (".jsonl", ".ndjson") else _yaml_entries(path, text)
    entries: list[CatalogEntry] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for kind, line, data in raw:
        if kind == "?" or not isinstance(data, dict):
            errors.append(f"{path}:{line}: {data if kind == '?' else 'entry is not a mapping'}")
            continue
        fields = {k: _scalar(v) for k, v in data.items()}
        problems = _problems(kind, fields)
        if fields.get("id") in seen:
            problems.append(f"id {fields['id']!r} already used on line {seen[fields['id']]}")
        if problems:
            errors.append(f"{path}:{line}: {'; '.join(problems)}")
            continue
        seen[fields["id"]] = line
        entries.append(CatalogEntry(kind, line, fields))
    if errors:
        raise UsageError(f"{len(errors)} bad catalog entr{'y' if len(errors) == 1 else 'ies'}:\n" + "\n".join(errors),
                         "fix or remove these entries; nothing was fetched")
    return entries


def catalog_seeds(entries: list[CatalogEntry]) -> list[tuple[str, str, dict[str, Any]]]:
    """``(url, kind, data)`` to fetch for the entries that have a URL (documents) or feed (news sources).

    ``data["meta"]`` holds the verified fields, which win over the page's own
    metadata; fields listed in ``uncertain`` go to ``data["hints"]``, which the
    page's metadata overrides. A document's catalog id becomes its ``manifest_id``;
    a news source's outlet becomes the issuer of its articles (``media_article``).
    """
    out: list[tuple[str, str, dict[str, Any]]] = []
    for entry in entries:
        if entry.target is None:
            continue
        doubt = set(entry.fields.get("uncertain", []))
        f = {k: v for k, v in entry.fields.items() if k not in ("kind", "url", "feed", "adapter", "id", "uncertain")}
        if entry.kind == "news_source":
            f.update(doc_type=f.get("doc_type", "media_article"), issuer=f.get("outlet"))
            doubt |= {"issuer"} if "outlet" in doubt else set()
        data: dict[str, Any] = {"meta": {k: v for k, v in f.items() if k not in doubt},
                                "hints": {k: f[k] for k in doubt if k in f},
                                "source": f"catalog:{entry.id}", "adapter": entry.fields.get("adapter")}
        if entry.kind == "document":
            data["meta"].update(manifest_id=entry.id, catalog_line=entry.line)
        out.append((entry.target, "page" if entry.kind == "document" else "feed", data))
    return out

"""SQL fragments and row conversion shared by the store modules."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from scsmine.core.models import Document, Filters, Passage, Tag

HIT_COLUMNS = (
    "p.id AS passage_id, COALESCE(d.manifest_id, d.id) AS doc_id, d.id AS doc_key, d.title AS title,"
    " d.doc_type AS doc_type, d.origin AS origin, p.lang AS lang, d.lang AS doc_lang, d.date AS date,"
    " d.year AS year, d.level AS level, d.jurisdiction AS jurisdiction, d.issuer AS issuer,"
    " d.doc_number AS doc_number, d.url AS url, d.source AS source, d.status AS status,"
    " p.ordinal AS ordinal, p.kind AS kind, p.label AS label, p.heading AS heading,"
    " p.start AS start, p.end AS end, p.text AS text"
)

_DOC_EQ = ("origin", "lang", "doc_type", "level", "jurisdiction")
_TAG_KINDS = ("driver", "frame", "tone")


def doc_where(filters: Filters, *, tags: bool = False) -> tuple[str, list[Any]]:
    """A WHERE clause over ``documents d`` (and ``passages p`` when ``tags``)."""
    clauses: list[str] = []
    params: list[Any] = []
    if not filters.all_versions:
        clauses.append("d.status = 'current'")
    for name in _DOC_EQ:
        value = getattr(filters, name)
        if value is not None:
            clauses.append(f"d.{name} = ?")
            params.append(value)
    if filters.year_from is not None:
        clauses.append("d.year >= ?")
        params.append(filters.year_from)
    if filters.year_to is not None:
        clauses.append("d.year <= ?")
        params.append(filters.year_to)
    if tags:
        tag_clause, tag_params = tag_where(filters)
        if tag_params:
            clauses.append(tag_clause)
            params.extend(tag_params)
    return (" AND ".join(clauses) or "1"), params


def tag_where(filters: Filters) -> tuple[str, list[Any]]:
    """EXISTS clauses over ``passages p`` for the tag filters (``1`` when there are none)."""
    clauses: list[str] = []
    params: list[Any] = []
    for kind in _TAG_KINDS:
        label = getattr(filters, kind)
        if label is None:
            continue
        sub = "SELECT 1 FROM tags t WHERE t.passage_rowid = p.rowid AND t.kind = ? AND t.label = ?"
        params.extend([kind, label])
        if filters.tagger:
            sub += " AND t.tagger = ?"
            params.append(filters.tagger)
        clauses.append(f"EXISTS ({sub})")
    return (" AND ".join(clauses) or "1"), params


def row_to_document(row: sqlite3.Row) -> Document:
    data = dict(row)
    data["meta"] = json.loads(data.get("meta") or "{}")
    return Document.from_dict(data)


def row_to_passage(row: sqlite3.Row) -> Passage:
    data = dict(row)
    data["text_simplified"] = data.get("text_simplified") or data["text"]
    return Passage.from_dict(data)


def row_to_tag(row: sqlite3.Row) -> Tag:
    data = dict(row)
    data["evidence"] = tuple(json.loads(data.get("evidence") or "[]"))
    return Tag.from_dict(data)


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Totals and counts by doc_type × lang × origin over current documents."""
    docs, passages = conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents WHERE status = 'current'),"
        " (SELECT COUNT(*) FROM passages p JOIN documents d ON d.rowid = p.doc_rowid WHERE d.status = 'current')"
    ).fetchone()
    rows = conn.execute(
        "SELECT d.doc_type, d.lang, d.origin, COUNT(DISTINCT d.rowid) AS documents, COUNT(p.rowid) AS passages"
        " FROM documents d LEFT JOIN passages p ON p.doc_rowid = d.rowid WHERE d.status = 'current'"
        " GROUP BY d.doc_type, d.lang, d.origin ORDER BY d.doc_type, d.lang, d.origin"
    )
    counts = [dict(r) for r in rows]
    other = conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents WHERE status != 'current'),"
        " (SELECT COUNT(*) FROM blobs), (SELECT COALESCE(SUM(size), 0) FROM blobs),"
        " (SELECT COUNT(*) FROM failures), (SELECT COUNT(DISTINCT passage_rowid) FROM tag_runs)"
    ).fetchone()
    return {
        "documents": docs,
        "passages": passages,
        "counts": counts,
        "older_versions": other[0],
        "raw_files": other[1],
        "raw_bytes": other[2],
        "failures": other[3],
        "tagged_passages": other[4],
    }

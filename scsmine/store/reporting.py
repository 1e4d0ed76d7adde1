"""SQL for reports: scope, group sizes, tag prevalence, tokens and evidence.

Every function takes an open :class:`sqlite3.Connection` (``Corpus.conn``),
a *scope* (conditions parsed from ``--where``, see
:mod:`scsmine.report.where`) and, where it groups, a ``by`` field. The scope
always keeps current versions only. Field names and operators are checked
against whitelists here, and every value is a bound parameter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from scsmine.core.errors import UsageError

__all__ = [
    "GROUP_FIELDS",
    "Scope",
    "count_current",
    "count_scope",
    "doc_sizes",
    "document_keys",
    "evidence",
    "group_sizes",
    "in_scope",
    "label_doc_counts",
    "label_year_counts",
    "overview",
    "passage_cards",
    "rank_taggers",
    "same_text_copies",
    "scope_sql",
    "sources",
    "tag_versions",
    "token_rows",
    "year_sizes",
]

Scope = Sequence[tuple[str, str, Sequence[str | int]]]
_FILTER_COLUMNS = {
    "origin": "d.origin",
    "lang": "p.lang",
    "doc_type": "d.doc_type",
    "level": "d.level",
    "jurisdiction": "d.jurisdiction",
    "year": "d.year",
    "doc": "d.rowid",  # internal: set by the report builders, not by --where
}
_GROUP_EXPR = {
    "origin": "COALESCE(d.origin, 'unknown')",
    "lang": "p.lang",
    "doc_type": "COALESCE(d.doc_type, 'unknown')",
    "level": "COALESCE(d.level, 'unknown')",
    "year": "COALESCE(CAST(d.year AS TEXT), 'undated')",
}
GROUP_FIELDS = tuple(_GROUP_EXPR)
_OPS = {"=": "=", "!=": "IS NOT", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}
_FROM = "FROM passages p JOIN documents d ON d.rowid = p.doc_rowid"
_CARD = (
    "p.rowid AS rowid, p.id AS passage_id, COALESCE(d.manifest_id, d.id) AS doc_id, d.title AS title,"
    " d.title_en AS title_en, d.issuer AS issuer, d.date AS date, d.url AS url, d.source AS source,"
    " d.origin AS origin, d.doc_type AS doc_type, p.lang AS lang, p.label AS label, p.heading AS heading,"
    " p.text AS text"
)


def scope_sql(scope: Scope) -> tuple[str, list[Any]]:
    """A WHERE clause over ``passages p`` and ``documents d`` for current versions in scope.

    Raises:
        UsageError: A field or operator outside the whitelist.
    """
    clauses = ["d.status = 'current'"]
    params: list[Any] = []
    for field, op, values in scope:
        column = _FILTER_COLUMNS.get(field)
        if column is None:
            raise UsageError(f"unknown filter field {field!r}", f"use one of {', '.join(_FILTER_COLUMNS)}")
        if op in ("in", "not in"):
            clauses.append(f"{column} {op.upper()} ({', '.join('?' for _ in values)})")
            params.extend(values)
        elif op in _OPS and len(values) == 1:
            clauses.append(f"{column} {_OPS[op]} ?")
            params.append(values[0])
        else:
            raise UsageError(f"unknown filter operator {op!r}", f"use one of {', '.join([*_OPS, 'in', 'not in'])}")
    return " AND ".join(clauses), params


def same_text_copies(conn: sqlite3.Connection, within: Collection[int] | None = None) -> list[tuple[int, str, str]]:
    """Current documents whose text equals that of an earlier current document.

    Returns (rowid, document id, id of the earliest document with that text)
    for each later copy, e.g. a law declared twice in a manifest, as Markdown
    and as its PDF rendering; with ``within``, only documents of those rowids
    count. Only texts whose length occurs more than once are read.
    """
    sql = (
        "SELECT rowid, COALESCE(manifest_id, id), text FROM documents WHERE status = 'current' AND length(text) IN"
        " (SELECT length(text) FROM documents WHERE status = 'current' GROUP BY 1 HAVING COUNT(*) > 1)"
        " ORDER BY rowid"
    )
    first: dict[str, str] = {}
    out = []
    for rowid, doc_id, text in conn.execute(sql):
        if within is not None and rowid not in within:
            continue
        if text in first:
            out.append((int(rowid), str(doc_id), first[text]))
        else:
            first[text] = str(doc_id)
    return out


def _group(by: str) -> str:
    try:
        return _GROUP_EXPR[by]
    except KeyError:
        raise UsageError(f"cannot group by {by!r}", f"use one of {', '.join(GROUP_FIELDS)}") from None


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, list(params))]


def count_scope(conn: sqlite3.Connection, scope: Scope) -> tuple[int, int]:
    """(documents, passages) in scope."""
    where, params = scope_sql(scope)
    row = conn.execute(f"SELECT COUNT(DISTINCT p.doc_rowid), COUNT(*) {_FROM} WHERE {where}", params).fetchone()
    return int(row[0]), int(row[1])


def count_current(conn: sqlite3.Connection) -> tuple[int, int]:
    """(documents, passages) of current versions, ignoring any scope."""
    return count_scope(conn, ())


def overview(conn: sqlite3.Connection, scope: Scope, by: str) -> list[dict[str, Any]]:
    """Documents and passages by group × origin × lang × doc_type × year (``grp`` is the ``by`` value)."""
    where, params = scope_sql(scope)
    sql = (
        f"SELECT {_group(by)} AS grp, COALESCE(d.origin, 'unknown') AS origin, p.lang AS lang,"
        " COALESCE(d.doc_type, 'unknown') AS doc_type, d.year AS year, COUNT(DISTINCT p.doc_rowid) AS documents,"
        f" COUNT(*) AS passages {_FROM} WHERE {where} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
    )
    return _rows(conn, sql, params)


def sources(conn: sqlite3.Connection, scope: Scope) -> list[dict[str, Any]]:
    """The documents in scope with their metadata and passage counts, by origin, date and title."""
    where, params = scope_sql(scope)
    sql = (
        "SELECT d.rowid AS doc_rowid, COALESCE(d.manifest_id, d.id) AS doc_id, d.title AS title,"
        " d.title_en AS title_en, d.issuer AS issuer, d.date AS date, d.origin AS origin, d.lang AS lang,"
        " d.doc_type AS doc_type,"
        " d.level AS level, d.jurisdiction AS jurisdiction, d.url AS url, d.source AS source,"
        f" COUNT(*) AS passages {_FROM} WHERE {where} GROUP BY d.rowid"
        " ORDER BY d.origin, d.date IS NULL, d.date, d.title, d.id"
    )
    return _rows(conn, sql, params)


def document_keys(conn: sqlite3.Connection, scope: Scope) -> list[str]:
    """Internal ids (text hashes) of the documents in scope, sorted."""
    where, params = scope_sql(scope)
    return [r[0] for r in conn.execute(f"SELECT DISTINCT d.id {_FROM} WHERE {where} ORDER BY d.id", params)]


def rank_taggers(conn: sqlite3.Connection, scope: Scope) -> list[dict[str, Any]]:
    """Taggers by passages in scope they tagged (most first, then most recent, then name)."""
    where, params = scope_sql(scope)
    sql = (
        "SELECT r.tagger AS tagger, COUNT(*) AS passages, MAX(r.tagged_at) AS last"
        f" FROM tag_runs r JOIN passages p ON p.rowid = r.passage_rowid JOIN documents d ON d.rowid = p.doc_rowid"
        f" WHERE {where} GROUP BY r.tagger ORDER BY passages DESC, last DESC, tagger"
    )
    return _rows(conn, sql, params)


def tag_versions(conn: sqlite3.Connection, scope: Scope, tagger: str) -> list[dict[str, Any]]:
    """Versions of ``tagger`` and of the codebook on the passages in scope, with counts."""
    where, params = scope_sql(scope)
    sql = (
        "SELECT r.tagger_version AS tagger_version, r.codebook_version AS codebook_version, COUNT(*) AS passages,"
        " MAX(r.tagged_at) AS last FROM tag_runs r JOIN passages p ON p.rowid = r.passage_rowid"
        f" JOIN documents d ON d.rowid = p.doc_rowid WHERE r.tagger = ? AND {where}"
        " GROUP BY 1, 2 ORDER BY passages DESC, last DESC"
    )
    return _rows(conn, sql, [tagger, *params])


def doc_sizes(conn: sqlite3.Connection, scope: Scope, by: str) -> list[tuple[str, int, int]]:
    """(group, document rowid, passages) for every document in scope."""
    where, params = scope_sql(scope)
    sql = f"SELECT {_group(by)} AS grp, p.doc_rowid, COUNT(*) {_FROM} WHERE {where} GROUP BY 1, 2 ORDER BY 1, 2"
    return [(str(r[0]), int(r[1]), int(r[2])) for r in conn.execute(sql, params)]


def label_doc_counts(
    conn: sqlite3.Connection, scope: Scope, by: str, tagger: str, kind: str
) -> list[tuple[str, int, str, int]]:
    """(group, document rowid, label, passages carrying the label) for ``tagger``'s tags of ``kind``."""
    where, params = scope_sql(scope)
    sql = (
        f"SELECT {_group(by)} AS grp, p.doc_rowid, t.label, COUNT(*) FROM tags t"
        f" JOIN passages p ON p.rowid = t.passage_rowid JOIN documents d ON d.rowid = p.doc_rowid"
        f" WHERE t.tagger = ? AND t.kind = ? AND {where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    return [(str(r[0]), int(r[1]), str(r[2]), int(r[3])) for r in conn.execute(sql, [tagger, kind, *params])]


def year_sizes(conn: sqlite3.Connection, scope: Scope, by: str) -> list[tuple[str, int, int]]:
    """(group, year, passages) for dated documents in scope."""
    where, params = scope_sql(scope)
    sql = (
        f"SELECT {_group(by)} AS grp, d.year, COUNT(*) {_FROM} WHERE {where} AND d.year IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return [(str(r[0]), int(r[1]), int(r[2])) for r in conn.execute(sql, params)]


def label_year_counts(
    conn: sqlite3.Connection, scope: Scope, by: str, tagger: str, kind: str
) -> list[tuple[str, int, str, int]]:
    """(group, year, label, passages) for ``tagger``'s tags of ``kind`` on dated documents."""
    where, params = scope_sql(scope)
    sql = (
        f"SELECT {_group(by)} AS grp, d.year, t.label, COUNT(*) FROM tags t"
        f" JOIN passages p ON p.rowid = t.passage_rowid JOIN documents d ON d.rowid = p.doc_rowid"
        f" WHERE t.tagger = ? AND t.kind = ? AND d.year IS NOT NULL AND {where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    return [(str(r[0]), int(r[1]), str(r[2]), int(r[3])) for r in conn.execute(sql, [tagger, kind, *params])]


def evidence(
    conn: sqlite3.Connection, scope: Scope, by: str, tagger: str, kind: str, per_cell: int
) -> list[dict[str, Any]]:
    """The highest-scoring passages of each (group, label), at most one per document.

    Ties in score go to the earlier passage, so the choice is stable.
    """
    where, params = scope_sql(scope)
    inner = (
        f"SELECT {_group(by)} AS grp, t.label AS tag, t.score AS score, t.evidence AS cues, p.doc_rowid AS doc_rowid,"
        f" {_CARD}, ROW_NUMBER() OVER (PARTITION BY {_group(by)}, t.label, p.doc_rowid"
        " ORDER BY t.score DESC, p.rowid) AS in_doc FROM tags t JOIN passages p ON p.rowid = t.passage_rowid"
        f" JOIN documents d ON d.rowid = p.doc_rowid WHERE t.tagger = ? AND t.kind = ? AND {where}"
    )
    sql = (
        f"SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY grp, tag ORDER BY score DESC, rowid) AS rank"
        f" FROM ({inner}) WHERE in_doc = 1) WHERE rank <= ? ORDER BY grp, tag, rank"
    )
    return _rows(conn, sql, [tagger, kind, *params, per_cell])


def token_rows(conn: sqlite3.Connection, scope: Scope, by: str) -> Iterator[tuple[int, str, str, str, str]]:
    """(passage rowid, group, lang, tokens, text) for every passage in scope, in corpus order.

    The text (simplified script) is given for Chinese passages only, for
    substring matching; it is ``""`` for other languages.
    """
    where, params = scope_sql(scope)
    sql = (
        f"SELECT p.rowid, {_group(by)}, p.lang, p.tokens,"
        " CASE WHEN p.lang = 'zh' THEN COALESCE(p.text_simplified, p.text) ELSE '' END"
        f" {_FROM} WHERE {where} ORDER BY p.rowid"
    )
    for r in conn.execute(sql, params):
        yield int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])


def passage_cards(conn: sqlite3.Connection, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Citation cards (text, title, date, source, link) of passages, keyed by rowid."""
    out: dict[int, dict[str, Any]] = {}
    ids = list(dict.fromkeys(int(r) for r in rowids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = f"SELECT {_CARD} {_FROM} WHERE p.rowid IN ({', '.join('?' for _ in chunk)})"
        for row in conn.execute(sql, chunk):
            out[int(row["rowid"])] = dict(row)
    return out


def group_sizes(conn: sqlite3.Connection, scope: Scope, by: str) -> list[tuple[str, int, int]]:
    """(group, documents, passages) in scope, by group."""
    where, params = scope_sql(scope)
    sql = f"SELECT {_group(by)}, COUNT(DISTINCT p.doc_rowid), COUNT(*) {_FROM} WHERE {where} GROUP BY 1 ORDER BY 1"
    return [(str(r[0]), int(r[1]), int(r[2])) for r in conn.execute(sql, params)]


def in_scope(conn: sqlite3.Connection, scope: Scope, passage_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The passages among ``passage_ids`` that are in scope, with rowid, tokens, simplified text and English title."""
    where, params = scope_sql(scope)
    out: dict[str, dict[str, Any]] = {}
    ids = list(dict.fromkeys(passage_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            "SELECT p.id AS passage_id, p.rowid AS rowid, p.tokens AS tokens, d.title_en AS title_en,"
            f" COALESCE(p.text_simplified, p.text) AS simplified {_FROM}"
            f" WHERE p.id IN ({', '.join('?' for _ in chunk)}) AND {where}"
        )
        for row in conn.execute(sql, [*chunk, *params]):
            out[str(row["passage_id"])] = dict(row)
    return out

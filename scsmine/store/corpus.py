"""The corpus database: one SQLite file in WAL mode (STYLE.md §11-12).

All SQL of scsmine lives in this package. Every write of a document (raw
bytes, metadata, passages, index) happens in one transaction, so a crash or
``kill -9`` never leaves half a document behind.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scsmine.core.errors import NotFoundError, SchemaError, StoreError
from scsmine.core.models import DOC_FIELDS, Document, Filters, Passage, Tag
from scsmine.store import _sql
from scsmine.store.migrations import MIGRATIONS

__all__ = ["Corpus", "now"]


def now() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Corpus:
    """A connection to one scsmine database.

    Use :meth:`open`; the constructor takes an already open connection.
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True, readonly: bool = False) -> Corpus:
        """Open (and create) a database, applying pending migrations.

        Args:
            path: File path, or ``":memory:"``.
            migrate: Apply pending migrations; when False a database that is
                behind raises :class:`SchemaError`.
            readonly: Open without creating or migrating.

        Raises:
            StoreError: The file cannot be opened or is not a database.
            SchemaError: The schema is newer than this scsmine, or behind it
                and ``migrate`` is False.
        """
        path = str(path)
        if path != ":memory:":
            p = Path(path)
            if readonly and not p.exists():
                raise NotFoundError(f"database {path} does not exist", "run `scsmine ingest` first or pass --db")
            p.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -65536")
            corpus = cls(conn, path)
            corpus._check_schema(migrate=migrate and not readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {path}: {exc}", "check the path or use a new --db") from exc
        return corpus

    def _check_schema(self, *, migrate: bool) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        applied = [r[0] for r in self.conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]
        known = [m.__name__ for m in MIGRATIONS]
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise SchemaError(
                f"database {self.path} has migrations this scsmine does not know: {', '.join(unknown)}",
                "upgrade scsmine",
            )
        pending = [m for m in MIGRATIONS if m.__name__ not in applied]
        if pending and applied and not migrate:
            raise SchemaError(
                f"database {self.path} is {len(pending)} migration(s) behind",
                f"run `scsmine --db {self.path} migrate`",
            )
        for migration in pending:
            with self.transaction():
                migration(self.conn)
                self.conn.execute(
                    "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", (migration.__name__, now())
                )

    def migrations(self) -> list[tuple[str, str]]:
        """Applied migrations as (name, applied_at)."""
        return [tuple(r) for r in self.conn.execute("SELECT name, applied_at FROM schema_migrations ORDER BY rowid")]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- raw bytes ---------------------------------------------------------
    def put_blob(self, sha256: str, data: bytes) -> None:
        """Store raw bytes under their SHA-256 (no-op if present)."""
        self.conn.execute("INSERT OR IGNORE INTO blobs(sha256, size, data) VALUES (?, ?, ?)", (sha256, len(data), data))

    def blob(self, sha256: str) -> bytes:
        """The raw bytes stored under ``sha256``.

        Raises:
            NotFoundError: Nothing stored under that hash.
        """
        row = self.conn.execute("SELECT data FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFoundError(f"no raw bytes stored for sha256 {sha256}")
        return bytes(row[0])

    # -- documents -----------------------------------------------------------
    def document_for_sha(self, sha256: str, manifest_id: str | None = None) -> str | None:
        """Id of a document parsed from these raw bytes (and declared with ``manifest_id``, if given)."""
        sql = "SELECT a.document_id FROM aliases a JOIN documents d ON d.id = a.document_id WHERE a.sha256 = ?"
        args: tuple[str, ...] = (sha256,)
        if manifest_id is not None:
            sql += " AND d.manifest_id = ?"
            args += (manifest_id,)
        row = self.conn.execute(sql + " LIMIT 1", args).fetchone()
        return row[0] if row else None

    def alias_document(self, sha256: str, locator: str) -> str | None:
        """Id of the document these bytes gave when read from ``locator`` before, if any."""
        row = self.conn.execute(
            "SELECT document_id FROM aliases WHERE sha256 = ? AND locator = ?", (sha256, locator)
        ).fetchone()
        return row[0] if row else None

    def has_document(self, doc_id: str) -> bool:
        """Whether a document with this id (text hash) exists."""
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def current_for_source(self, source_key: str) -> str | None:
        """Id of the current document stored for ``source_key`` (path, URL or manifest id)."""
        row = self.conn.execute(
            "SELECT id FROM documents WHERE source_key = ? AND status = 'current' ORDER BY rowid DESC LIMIT 1",
            (source_key,),
        ).fetchone()
        return row[0] if row else None

    def add_alias(self, sha256: str, locator: str, doc_id: str, raw: bytes | None = None) -> None:
        """Record that ``locator`` with bytes ``sha256`` gave document ``doc_id``."""
        with self.transaction():
            if raw is not None:
                self.put_blob(sha256, raw)
            self.conn.execute(
                "INSERT OR IGNORE INTO aliases(sha256, locator, document_id, seen_at) VALUES (?, ?, ?, ?)",
                (sha256, locator, doc_id, now()),
            )

    def add_document(
        self,
        doc: Document,
        passages: Sequence[Passage],
        index_texts: Sequence[str],
        *,
        raw: bytes,
        locator: str,
        source_key: str | None = None,
    ) -> None:
        """Store a document, its raw bytes, passages and index in one transaction.

        If ``doc.previous_id`` is set, that document is marked ``superseded``.

        Args:
            doc: The document (``doc.sha256`` must hash ``raw``).
            passages: Its passages, in order.
            index_texts: One full-text index string per passage.
            raw: The raw bytes, kept content-addressed.
            locator: The file path or URL the bytes came from.
            source_key: What identifies "the same source" across versions.
        """
        if len(index_texts) != len(passages):
            raise ValueError("one index text per passage is required")
        with self.transaction() as db:
            self.put_blob(doc.sha256, raw)
            row = {k: getattr(doc, k) for k in DOC_FIELDS}
            row.update(year=doc.year, source_key=source_key, meta=json.dumps(doc.meta, ensure_ascii=False))
            row["text"] = doc.text
            cols = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            cur = db.execute(f"INSERT INTO documents({cols}) VALUES ({marks})", tuple(row.values()))
            doc_rowid = cur.lastrowid
            for p, grams in zip(passages, index_texts, strict=True):
                simplified = p.text_simplified if p.text_simplified and p.text_simplified != p.text else None
                cur = db.execute(
                    "INSERT INTO passages(id, doc_rowid, ordinal, kind, label, heading, start, end, lang, text,"
                    " text_simplified, tokens) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        p.id,
                        doc_rowid,
                        p.ordinal,
                        p.kind,
                        p.label,
                        p.heading,
                        p.start,
                        p.end,
                        p.lang,
                        p.text,
                        simplified,
                        p.tokens,
                    ),
                )
                db.execute("INSERT INTO passages_fts(rowid, grams) VALUES (?, ?)", (cur.lastrowid, grams))
            db.execute(
                "INSERT OR IGNORE INTO aliases(sha256, locator, document_id, seen_at) VALUES (?, ?, ?, ?)",
                (doc.sha256, locator, doc.id, now()),
            )
            if doc.previous_id:
                db.execute("UPDATE documents SET status = 'superseded' WHERE id = ?", (doc.previous_id,))

    def set_status(self, doc_id: str, status: str, note: str | None = None) -> None:
        """Set a document's status (``current``, ``superseded``, ``gone``), noting why in its meta."""
        with self.transaction() as db:
            row = db.execute("SELECT meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise NotFoundError(f"no document {doc_id}")
            meta = json.loads(row[0])
            if note:
                meta[f"{status}_note"] = note
            db.execute(
                "UPDATE documents SET status = ?, meta = ? WHERE id = ?",
                (status, json.dumps(meta, ensure_ascii=False), doc_id),
            )

    def resolve(self, ref: str) -> str:
        """Map an internal id or a manifest ``doc_id`` to the internal id.

        Raises:
            NotFoundError: Neither matches.
        """
        row = self.conn.execute(
            "SELECT id FROM documents WHERE id = ? OR manifest_id = ?"
            " ORDER BY (id = ?) DESC, (status = 'current') DESC, rowid DESC LIMIT 1",
            (ref, ref, ref),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no document with id or doc_id {ref!r}", "list documents with `scsmine stats`")
        return str(row[0])

    def document(self, doc_id: str) -> Document:
        """The document with internal id ``doc_id``."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no document {doc_id}")
        return _sql.row_to_document(row)

    def documents(self, filters: Filters | None = None) -> Iterator[Document]:
        """All documents matching ``filters`` (tag filters ignored), in ingest order."""
        where, params = _sql.doc_where(filters or Filters())
        for row in self.conn.execute(f"SELECT * FROM documents d WHERE {where} ORDER BY d.rowid", params):
            yield _sql.row_to_document(row)

    def passages(self, doc_id: str) -> list[Passage]:
        """The passages of one document, in order."""
        rows = self.conn.execute(
            "SELECT p.*, d.id AS doc_id FROM passages p JOIN documents d ON d.rowid = p.doc_rowid"
            " WHERE d.id = ? ORDER BY p.ordinal",
            (doc_id,),
        )
        return [_sql.row_to_passage(r) for r in rows]

    # -- runs and failures -----------------------------------------------------
    def begin_run(self, command: str) -> int:
        """Record the start of a batch command; returns the run id."""
        cur = self.conn.execute("INSERT INTO runs(command, started_at) VALUES (?, ?)", (command, now()))
        return int(cur.lastrowid or 0)

    def end_run(self, run_id: int, *, added: int, skipped: int, failed: int) -> None:
        """Record the end and counts of a batch command."""
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, added = ?, skipped = ?, failed = ? WHERE id = ?",
            (now(), added, skipped, failed, run_id),
        )

    def record_failure(self, run_id: int | None, locator: str, reason: str) -> None:
        """Store one failed input with its reason."""
        self.conn.execute(
            "INSERT INTO failures(run_id, locator, reason, at) VALUES (?, ?, ?, ?)", (run_id, locator, reason, now())
        )

    def failures(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Stored failures, of one run or all."""
        sql = "SELECT run_id, locator, reason, at FROM failures"
        rows = self.conn.execute(
            sql + (" WHERE run_id = ?" if run_id else "") + " ORDER BY id", (run_id,) if run_id else ()
        )
        return [dict(r) for r in rows]

    # -- search, stats, export ---------------------------------------------------
    def search(
        self, phrase: Sequence[str], filters: Filters, *, limit: int | None = 20, prefix: bool = False
    ) -> list[dict[str, Any]]:
        """Passages whose index holds ``phrase`` (consecutive tokens), in corpus order.

        Args:
            phrase: Index tokens as produced by the normaliser for the query.
                They are quoted here, so no character can break the query.
            filters: Metadata and tag filters.
            limit: Maximum hits (``None`` for all).
            prefix: Match the last token as a prefix (single-character queries).
        """
        if not phrase:
            return []
        match = '"' + " ".join(t.replace('"', '""') for t in phrase) + '"' + ("*" if prefix else "")
        where, params = _sql.doc_where(filters, tags=True)
        tail = " LIMIT ?" if limit is not None else ""
        if self._selective(filters):
            # Few documents pass the filter: start from them and test membership in the match set.
            sql = (
                f"SELECT {_sql.HIT_COLUMNS} FROM documents d JOIN passages p ON p.doc_rowid = d.rowid"
                f" WHERE {where} AND p.rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)"
                f" ORDER BY p.rowid{tail}"
            )
            args = [*params, match]
        else:
            # Stream matches in rowid (= corpus) order, test the document filter against a set built once
            # from the covering index, stop at the limit, and only then read the hits' document rows.
            doc_where, doc_params = _sql.doc_where(filters)
            tag_where, tag_params = _sql.tag_where(filters)
            doc_test = (
                f"p.doc_rowid IN (SELECT d.rowid FROM documents d WHERE {doc_where})"
                if doc_where != _sql.doc_where(Filters(all_versions=filters.all_versions))[0] or not self._all_current()
                else "1"
            )
            if doc_test == "1":
                doc_params = []
            sql = (
                "SELECT hit_rowid FROM (SELECT p.rowid AS hit_rowid FROM passages_fts f"
                " CROSS JOIN passages p ON p.rowid = f.rowid WHERE passages_fts MATCH ?"
                f" AND {doc_test} AND {tag_where} ORDER BY f.rowid{tail})"
            )
            sql = (
                f"SELECT {_sql.HIT_COLUMNS} FROM ({sql}) hit CROSS JOIN passages p ON p.rowid = hit.hit_rowid"
                " CROSS JOIN documents d ON d.rowid = p.doc_rowid ORDER BY p.rowid"
            )
            args = [match, *doc_params, *tag_params]
        args += [limit] if limit is not None else []
        return [dict(r) for r in self.conn.execute(sql, args)]

    def _all_current(self) -> bool:
        """Whether no document is superseded or gone (then the status test can be skipped)."""
        row = self.conn.execute("SELECT 1 FROM documents WHERE status != 'current' LIMIT 1").fetchone()
        return row is None

    def _selective(self, filters: Filters) -> bool:
        """Whether the document filter keeps under a fifth of the current documents."""
        where, params = _sql.doc_where(filters)
        if where == _sql.doc_where(Filters())[0]:
            return False
        kept, total = self.conn.execute(
            f"SELECT (SELECT COUNT(*) FROM documents d WHERE {where}),"
            " (SELECT COUNT(*) FROM documents WHERE status = 'current')",
            params,
        ).fetchone()
        return bool(kept * 5 < total)

    def iter_passages(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """Every passage matching ``filters`` with its document metadata, in corpus order."""
        where, params = _sql.doc_where(filters or Filters(), tags=True)
        sql = (
            f"SELECT {_sql.HIT_COLUMNS}, p.tokens AS tokens, p.text_simplified AS text_simplified"
            f" FROM passages p JOIN documents d ON d.rowid = p.doc_rowid WHERE {where} ORDER BY p.rowid"
        )
        for row in self.conn.execute(sql, params):
            yield dict(row)

    def stats(self) -> dict[str, Any]:
        """Counts of documents and passages, overall and by doc_type × lang × origin."""
        return _sql.stats(self.conn)

    # -- tags --------------------------------------------------------------------
    def untagged(self, tagger: str, *, batch: int = 1000) -> Iterator[list[Passage]]:
        """Batches of current passages that ``tagger`` has not tagged yet."""
        sql = (
            "SELECT p.*, d.id AS doc_id FROM passages p JOIN documents d ON d.rowid = p.doc_rowid"
            " WHERE d.status = 'current' AND p.rowid > ? AND NOT EXISTS (SELECT 1 FROM tag_runs t"
            " WHERE t.passage_rowid = p.rowid AND t.tagger = ?) ORDER BY p.rowid LIMIT ?"
        )
        last = 0
        while True:
            rows = self.conn.execute(sql, (last, tagger, batch)).fetchall()
            if not rows:
                return
            last = rows[-1]["rowid"]
            yield [_sql.row_to_passage(r) for r in rows]

    def add_tags(
        self,
        tagged: Iterable[tuple[Passage, Sequence[Tag]]],
        *,
        tagger: str,
        tagger_version: str,
        codebook_version: str,
    ) -> int:
        """Store tags for passages in one transaction, replacing earlier tags of ``tagger``.

        Returns:
            The number of passages written.
        """
        n = 0
        with self.transaction() as db:
            for passage, tags in tagged:
                rowid = db.execute("SELECT rowid FROM passages WHERE id = ?", (passage.id,)).fetchone()
                if rowid is None:
                    raise NotFoundError(f"no passage {passage.id}")
                db.execute("DELETE FROM tags WHERE passage_rowid = ? AND tagger = ?", (rowid[0], tagger))
                db.executemany(
                    "INSERT INTO tags(passage_rowid, kind, label, score, evidence, tagger, tagger_version,"
                    " codebook_version) VALUES (?,?,?,?,?,?,?,?)",
                    [
                        (
                            rowid[0],
                            t.kind,
                            t.label,
                            t.score,
                            json.dumps(list(t.evidence), ensure_ascii=False),
                            t.tagger,
                            t.tagger_version,
                            t.codebook_version,
                        )
                        for t in tags
                    ],
                )
                db.execute(
                    "INSERT OR REPLACE INTO tag_runs(passage_rowid, tagger, tagger_version, codebook_version,"
                    " tagged_at) VALUES (?,?,?,?,?)",
                    (rowid[0], tagger, tagger_version, codebook_version, now()),
                )
                n += 1
        return n

    def tags_for(self, passage_ids: Sequence[str], tagger: str | None = None) -> dict[str, list[Tag]]:
        """Tags of the given passages, keyed by passage id."""
        out: dict[str, list[Tag]] = {pid: [] for pid in passage_ids}
        for chunk_start in range(0, len(passage_ids), 500):
            chunk = list(passage_ids[chunk_start : chunk_start + 500])
            marks = ",".join("?" for _ in chunk)
            sql = (
                "SELECT p.id AS passage_id, t.* FROM tags t JOIN passages p ON p.rowid = t.passage_rowid"
                f" WHERE p.id IN ({marks})" + (" AND t.tagger = ?" if tagger else "") + " ORDER BY t.kind, t.label"
            )
            for row in self.conn.execute(sql, chunk + ([tagger] if tagger else [])):
                out[row["passage_id"]].append(_sql.row_to_tag(row))
        return out

    def taggers(self) -> list[dict[str, Any]]:
        """Taggers that have tagged passages, with versions and counts."""
        rows = self.conn.execute(
            "SELECT tagger, tagger_version, codebook_version, COUNT(*) AS passages, MAX(tagged_at) AS last"
            " FROM tag_runs GROUP BY tagger, tagger_version, codebook_version ORDER BY last DESC"
        )
        return [dict(r) for r in rows]

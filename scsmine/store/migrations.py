"""Schema migrations: ordered, named functions, each recorded (STYLE.md §12).

Applied migrations are never edited; a change to the schema is a new
function appended to :data:`MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["MIGRATIONS", "Migration"]

Migration = Callable[[sqlite3.Connection], None]


def _run(db: sqlite3.Connection, script: str) -> None:
    """Execute ``;``-separated statements one by one, inside the caller's transaction.

    (``executescript`` would commit first, breaking the migration's atomicity.)
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def m001_initial(db: sqlite3.Connection) -> None:
    """Blobs, documents, aliases, passages, FTS index, runs and failures."""
    _run(
        db,
        """
        CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE documents (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            manifest_id TEXT,
            title TEXT NOT NULL DEFAULT '',
            title_en TEXT,
            issuer TEXT,
            doc_number TEXT,
            date TEXT,
            year INTEGER,
            doc_type TEXT,
            level TEXT,
            jurisdiction TEXT,
            origin TEXT,
            lang TEXT,
            format TEXT,
            source TEXT,
            url TEXT,
            license_note TEXT,
            sha256 TEXT NOT NULL REFERENCES blobs(sha256),
            path TEXT,
            parser TEXT NOT NULL,
            parser_version TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'current',
            previous_id TEXT,
            source_key TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            text TEXT NOT NULL
        );
        CREATE INDEX documents_manifest ON documents(manifest_id);
        CREATE INDEX documents_source_key ON documents(source_key);
        CREATE INDEX documents_sha ON documents(sha256);
        CREATE INDEX documents_facets ON documents(status, origin, lang, doc_type, level, jurisdiction, year);
        CREATE TABLE aliases (
            sha256 TEXT NOT NULL,
            locator TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id),
            seen_at TEXT NOT NULL,
            PRIMARY KEY (sha256, locator)
        );
        CREATE INDEX aliases_locator ON aliases(locator);
        CREATE TABLE passages (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            doc_rowid INTEGER NOT NULL REFERENCES documents(rowid) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            kind TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT '',
            heading TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            text_simplified TEXT,
            tokens TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX passages_doc ON passages(doc_rowid, ordinal);
        CREATE VIRTUAL TABLE passages_fts USING fts5(
            grams, content='', tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            added INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            locator TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        """,
    )


def m002_tags(db: sqlite3.Connection) -> None:
    """Tags per passage and the record of which tagger has seen which passage."""
    _run(
        db,
        """
        CREATE TABLE tags (
            passage_rowid INTEGER NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            tagger TEXT NOT NULL,
            tagger_version TEXT NOT NULL,
            codebook_version TEXT NOT NULL,
            PRIMARY KEY (passage_rowid, tagger, kind, label)
        ) WITHOUT ROWID;
        CREATE INDEX tags_label ON tags(kind, label, tagger);
        CREATE TABLE tag_runs (
            passage_rowid INTEGER NOT NULL REFERENCES passages(rowid) ON DELETE CASCADE,
            tagger TEXT NOT NULL,
            tagger_version TEXT NOT NULL,
            codebook_version TEXT NOT NULL,
            tagged_at TEXT NOT NULL,
            PRIMARY KEY (passage_rowid, tagger)
        ) WITHOUT ROWID;
        """,
    )


def m003_fetch_log(db: sqlite3.Connection) -> None:
    """Web fetching: every HTTP exchange, resumable fetch jobs with their frontier, per-host state."""
    _run(
        db,
        """
        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            status INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            http_version TEXT NOT NULL DEFAULT '',
            request_headers TEXT NOT NULL DEFAULT '[]',
            headers TEXT NOT NULL DEFAULT '[]',
            fetched_at TEXT NOT NULL,
            elapsed REAL NOT NULL DEFAULT 0,
            sha256 TEXT REFERENCES blobs(sha256),
            size INTEGER NOT NULL DEFAULT 0,
            etag TEXT,
            last_modified TEXT,
            error TEXT,
            job_id INTEGER
        );
        CREATE INDEX responses_url ON responses(url, status);
        CREATE INDEX responses_sha ON responses(sha256);
        CREATE TABLE fetch_jobs (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            command TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '{}',
            started_at TEXT NOT NULL,
            finished_at TEXT
        );
        CREATE INDEX fetch_jobs_key ON fetch_jobs(key, finished_at);
        CREATE TABLE frontier (
            seq INTEGER PRIMARY KEY,
            job_id INTEGER NOT NULL REFERENCES fetch_jobs(id),
            url TEXT NOT NULL,
            kind TEXT NOT NULL,
            depth INTEGER NOT NULL DEFAULT 0,
            seed INTEGER NOT NULL DEFAULT 0,
            data TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'pending',
            response_id INTEGER REFERENCES responses(id),
            outcome TEXT,
            doc_id TEXT,
            note TEXT,
            updated_at TEXT,
            UNIQUE (job_id, url)
        );
        CREATE INDEX frontier_state ON frontier(job_id, state, seq);
        CREATE TABLE hosts (
            host TEXT PRIMARY KEY,
            robots_status INTEGER,
            robots_sha256 TEXT REFERENCES blobs(sha256),
            robots_fetched_at TEXT,
            last_status INTEGER,
            last_request_at TEXT
        )
        """,
    )


MIGRATIONS: list[Migration] = [m001_initial, m002_tags, m003_fetch_log]

"""SQL of web fetching: the log of HTTP exchanges, resumable jobs and their frontier, host state.

Tables (migration ``m003_fetch_log``): ``responses`` (one row per HTTP
exchange, the body content-addressed in ``blobs``), ``fetch_jobs`` and
``frontier`` (the URLs of a job and how far each got: ``pending`` →
``fetched`` → ``done``/``failed``/``skipped``), and ``hosts`` (the last
robots.txt of each host).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scsmine.core.web_protocols import WebResponse
from scsmine.store.corpus import Corpus, now

__all__ = ["ITEM_STATES", "FetchLog", "FrontierItem", "NewItem"]

ITEM_STATES = ("pending", "fetched", "done", "failed", "skipped")


@dataclass(frozen=True)
class NewItem:
    """A URL to add to a job's frontier.

    Attributes:
        url: Absolute URL (the job's unique key for it).
        kind: ``page``, ``article``, ``attachment``, ``feed`` or ``sitemap``.
        depth: Link distance from the seed.
        seed: Given by the user (not discovered).
        data: Metadata and flags carried to the item (JSON-able).
    """

    url: str
    kind: str
    depth: int = 0
    seed: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FrontierItem:
    """A stored frontier row."""

    seq: int
    job_id: int
    url: str
    kind: str
    depth: int
    seed: bool
    data: dict[str, Any]
    state: str
    response_id: int | None
    outcome: str | None
    doc_id: str | None
    note: str | None


def _item(row: Any) -> FrontierItem:
    d = dict(row)
    d["data"] = json.loads(d["data"] or "{}")
    d["seed"] = bool(d["seed"])
    return FrontierItem(**{k: d[k] for k in FrontierItem.__dataclass_fields__})


def _pairs(value: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in json.loads(value or "[]"))


class FetchLog:
    """Fetch-log access on an open :class:`Corpus`."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.conn = corpus.conn

    # -- exchanges -------------------------------------------------------------
    def _insert(self, r: WebResponse, job_id: int | None) -> int:
        sha = None
        if r.body and r.error is None:
            sha = hashlib.sha256(r.body).hexdigest()
            self.corpus.put_blob(sha, r.body)
        cur = self.conn.execute(
            "INSERT INTO responses(url, final_url, status, reason, http_version, request_headers, headers,"
            " fetched_at, elapsed, sha256, size, etag, last_modified, error, job_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (r.url, r.final_url, r.status, r.reason, r.http_version,
             json.dumps(r.request_headers, ensure_ascii=False), json.dumps(r.headers, ensure_ascii=False),
             r.fetched_at, r.elapsed, sha, len(r.body), r.header("etag"), r.header("last-modified"), r.error, job_id),
        )
        rid = int(cur.lastrowid or 0)
        host = r.final_url.split("/robots.txt")[0] if r.final_url.endswith("/robots.txt") else None
        if host and r.url.endswith("/robots.txt"):
            self.conn.execute(
                "INSERT INTO hosts(host, robots_status, robots_sha256, robots_fetched_at) VALUES (?,?,?,?)"
                " ON CONFLICT(host) DO UPDATE SET robots_status = excluded.robots_status,"
                " robots_sha256 = excluded.robots_sha256, robots_fetched_at = excluded.robots_fetched_at",
                (host, r.status if r.error is None else None, sha, r.fetched_at),
            )
        return rid

    def record(self, responses: Sequence[WebResponse], *, job_id: int | None = None,
               item_seq: int | None = None) -> list[int]:
        """Store exchanges (bodies as blobs) in one transaction.

        When ``item_seq`` is given and the last exchange has a usable body, the
        frontier item is marked ``fetched`` with it in the same transaction, so
        a restarted job parses the stored body instead of downloading it again.

        Returns:
            The new response ids, in order.
        """
        with self.corpus.transaction():
            ids = [self._insert(r, job_id) for r in responses]
            last = responses[-1] if responses else None
            if item_seq is not None and last is not None and last.error is None and last.body:
                self.conn.execute(
                    "UPDATE frontier SET state = 'fetched', response_id = ?, updated_at = ? WHERE seq = ?",
                    (ids[-1], now(), item_seq),
                )
        return ids

    def response(self, response_id: int) -> WebResponse:
        """A logged exchange with its body."""
        row = self.conn.execute("SELECT * FROM responses WHERE id = ?", (response_id,)).fetchone()
        return self._to_response(row)

    def _to_response(self, row: Any) -> WebResponse:
        body = self.corpus.blob(row["sha256"]) if row["sha256"] else b""
        return WebResponse(
            url=row["url"], final_url=row["final_url"], status=row["status"], headers=_pairs(row["headers"]),
            body=body, fetched_at=row["fetched_at"], elapsed=row["elapsed"], reason=row["reason"],
            http_version=row["http_version"], request_headers=_pairs(row["request_headers"]), error=row["error"],
        )

    def validators(self, url: str, source_key: str) -> dict[str, str]:
        """``If-None-Match``/``If-Modified-Since`` headers for re-fetching ``url``.

        Only the validators of the response whose body is the current stored
        document of ``source_key`` count, so a 304 always means "what we have".
        """
        row = self.conn.execute(
            "SELECT r.etag, r.last_modified FROM responses r JOIN documents d ON d.sha256 = r.sha256"
            " WHERE r.url = ? AND r.status = 200 AND d.source_key = ? AND d.status = 'current'"
            " ORDER BY r.id DESC LIMIT 1",
            (url, source_key),
        ).fetchone()
        out: dict[str, str] = {}
        if row is not None and row["etag"]:
            out["If-None-Match"] = row["etag"]
        if row is not None and row["last_modified"]:
            out["If-Modified-Since"] = row["last_modified"]
        return out

    def exchanges(self, shas: Iterable[str] | None = None) -> Iterator[WebResponse]:
        """Logged exchanges that have a stored body, oldest first (only bodies in ``shas`` if given)."""
        wanted = set(shas) if shas is not None else None
        for row in self.conn.execute("SELECT * FROM responses WHERE sha256 IS NOT NULL ORDER BY id"):
            if wanted is None or row["sha256"] in wanted:
                yield self._to_response(row)

    def robots(self, since: str) -> list[tuple[str, int | None, bytes]]:
        """``(host, status, body)`` of robots.txt files fetched since ``since`` (not 5xx or unreachable ones)."""
        rows = self.conn.execute(
            "SELECT host, robots_status, robots_sha256 FROM hosts WHERE robots_fetched_at >= ?"
            " AND robots_status IS NOT NULL AND robots_status < 500", (since,)
        ).fetchall()
        return [(r["host"], r["robots_status"], self.corpus.blob(r["robots_sha256"]) if r["robots_sha256"] else b"")
                for r in rows]

    # -- jobs and frontier ---------------------------------------------------------
    def open_job(self, key: str, command: str, options: dict[str, Any]) -> tuple[int, bool]:
        """The unfinished job with ``key`` (resumed), else a new one; returns ``(job_id, resumed)``."""
        with self.corpus.transaction():
            row = self.conn.execute(
                "SELECT id FROM fetch_jobs WHERE key = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1", (key,)
            ).fetchone()
            if row is not None:
                return int(row[0]), True
            cur = self.conn.execute(
                "INSERT INTO fetch_jobs(key, command, options, started_at) VALUES (?,?,?,?)",
                (key, command, json.dumps(options, ensure_ascii=False, sort_keys=True), now()),
            )
            return int(cur.lastrowid or 0), False

    def finish_job(self, job_id: int) -> None:
        """Mark a job finished: the next identical command starts a new job (a re-fetch)."""
        with self.corpus.transaction():
            self.conn.execute("UPDATE fetch_jobs SET finished_at = ? WHERE id = ?", (now(), job_id))

    def _add(self, job_id: int, items: Iterable[NewItem]) -> list[int]:
        seqs: list[int] = []
        for it in items:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO frontier(job_id, url, kind, depth, seed, data, updated_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (job_id, it.url, it.kind, it.depth, int(it.seed), json.dumps(it.data, ensure_ascii=False), now()),
            )
            if cur.rowcount:
                seqs.append(int(cur.lastrowid or 0))
        return seqs

    def add_items(self, job_id: int, items: Iterable[NewItem]) -> list[FrontierItem]:
        """Add URLs not yet in the job; returns the new rows."""
        with self.corpus.transaction():
            seqs = self._add(job_id, items)
        return self._by_seq(seqs)

    def finish_item(self, seq: int, *, state: str, outcome: str, doc_id: str | None = None,
                    note: str | None = None, new_items: Sequence[NewItem] = ()) -> list[FrontierItem]:
        """Close an item and add the links it yielded, in one transaction; returns the new rows."""
        if state not in ITEM_STATES:
            raise ValueError(f"unknown frontier state {state!r}")
        with self.corpus.transaction():
            job = self.conn.execute("SELECT job_id FROM frontier WHERE seq = ?", (seq,)).fetchone()
            self.conn.execute(
                "UPDATE frontier SET state = ?, outcome = ?, doc_id = ?, note = ?, updated_at = ? WHERE seq = ?",
                (state, outcome, doc_id, note, now(), seq),
            )
            seqs = self._add(int(job[0]), new_items) if new_items else []
        return self._by_seq(seqs)

    def _by_seq(self, seqs: Sequence[int]) -> list[FrontierItem]:
        out: list[FrontierItem] = []
        for start in range(0, len(seqs), 500):
            chunk = list(seqs[start:start + 500])
            marks = ",".join("?" for _ in chunk)
            out += [_item(r) for r in self.conn.execute(f"SELECT * FROM frontier WHERE seq IN ({marks}) ORDER BY seq",
                                                        chunk)]
        return out

    def items(self, job_id: int, states: Sequence[str] = ITEM_STATES) -> list[FrontierItem]:
        """The job's items in the given states, in the order they were added."""
        marks = ",".join("?" for _ in states)
        rows = self.conn.execute(
            f"SELECT * FROM frontier WHERE job_id = ? AND state IN ({marks}) ORDER BY seq", (job_id, *states)
        )
        return [_item(r) for r in rows]

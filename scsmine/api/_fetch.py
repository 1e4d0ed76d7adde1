"""Fetching web sources into the corpus: pages, feeds, sitemaps, crawls and catalogs.

Steps of :func:`fetch`:

1. build the options (config ``[fetch]`` plus arguments) and the seeds; a
   catalog is validated first, bad entries are reported by line;
2. open the job for these seeds, or resume the unfinished one: its frontier
   in the database says which URLs are done, fetched or still pending;
3. URLs fetched but not stored are parsed from the logged body; pending URLs
   go to worker threads, one request per host at a time, up to ``concurrency``
   hosts at once, politely (see :mod:`scsmine.sources.web.http`);
4. every exchange is logged with its body, then the adapter for the
   response (:mod:`scsmine.sources.web`) extracts the document and links;
5. the document is stored (unchanged bytes add nothing, changed ones make a
   new version, 404/410 marks the stored page gone), and the links it yields
   (attachments, feed items, sitemap entries, same-host pages of a crawl up
   to ``depth``) join the frontier in the same transaction as the item's end.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scsmine.api._ingest import IngestOptions, open_corpus, store_parsed
from scsmine.core.errors import ReaderError, ScsmineError, UsageError
from scsmine.core.models import Filters
from scsmine.core.web_protocols import Extraction, WebResponse
from scsmine.sources.web import extract, load_adapters
from scsmine.sources.web._page import clean_url, host_of
from scsmine.sources.web.catalog import catalog_seeds, load_catalog
from scsmine.sources.web.http import Fetcher, FetchOptions, FetchResult
from scsmine.sources.web.policy import LinkPolicy
from scsmine.sources.web.warc import write_warc
from scsmine.store.corpus import Corpus
from scsmine.store.fetchlog import FetchLog, FrontierItem, NewItem

__all__ = ["FetchItem", "FetchOptions", "FetchReport", "export_warc", "fetch"]

log = logging.getLogger(__name__)

OUTCOMES = ("added", "new_version", "unchanged", "duplicate", "gone", "followed", "skipped", "failed", "planned")
TIMINGS = ("wait", "network", "parse", "store", "wall")
_ROBOTS_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class FetchItem:
    """What happened to one URL: ``outcome`` is one of :data:`OUTCOMES`.

    ``followed`` means the URL was read for its links only (a feed, a
    sitemap, a crawl page outside ``match``); ``skipped`` a discovered link
    that robots.txt forbids.
    """

    url: str
    kind: str
    outcome: str
    doc_id: str | None = None
    status: int | None = None
    note: str = ""


@dataclass
class FetchReport:
    """Items handled by one :func:`fetch` call, and where the time went.

    ``timings`` sums seconds over items: ``wait`` (politeness delays and
    retry pauses), ``network`` (requests), ``parse`` (adapters), ``store``
    (normalising, segmenting, writing); ``wall`` is the elapsed time.
    """

    items: list[FetchItem] = field(default_factory=list)
    job_id: int = 0
    resumed: bool = False
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(TIMINGS, 0.0))

    def count(self, outcome: str) -> int:
        """Number of items with this outcome."""
        return sum(1 for i in self.items if i.outcome == outcome)

    def summary(self) -> dict[str, int]:
        """Counts per outcome."""
        return {o: self.count(o) for o in OUTCOMES}

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some inputs failed (the rest are stored)."""
        return 1 if self.count("failed") else 0


@dataclass
class _Done:
    item: FrontierItem
    result: FetchResult
    extraction: Extraction | None = None
    error: ScsmineError | None = None
    parse: float = 0.0


def _url(value: str, flag: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise UsageError(f"{flag} {value!r} is not an http(s) URL", "give a full URL such as https://www.gov.cn/…")
    return clean_url(value)


def _seeds(urls: Sequence[str], feed: Sequence[str], sitemap: Sequence[str], crawl: Sequence[str],
           catalog: str | Path | None, depth: int) -> list[NewItem]:
    seeds = [NewItem(_url(u, "URL"), "page", seed=True, data={"source": "url"}) for u in urls]
    seeds += [NewItem(_url(u, "--feed"), "feed", seed=True, data={"source": f"feed:{u}"}) for u in feed]
    seeds += [NewItem(_url(u, "--sitemap"), "sitemap", seed=True, data={"source": f"sitemap:{u}"}) for u in sitemap]
    seeds += [NewItem(_url(u, "--crawl"), "page", seed=True,
                      data={"source": f"crawl:{u}", "crawl": {"host": host_of(u), "depth": depth}}) for u in crawl]
    for url, kind, data in catalog_seeds(load_catalog(catalog)) if catalog else []:
        line = data["meta"].get("catalog_line", "?")
        seeds.append(NewItem(_url(url, f"catalog line {line}:"), kind, seed=True, data=data))
    return seeds


class _Run:
    """One fetch job on an open corpus (all database work on the calling thread)."""

    def __init__(self, corpus: Corpus, fetcher: Fetcher, ingest: IngestOptions, policy: LinkPolicy, *,
                 adapter: str | None, on_item: Callable[[FetchItem], None] | None) -> None:
        self.corpus, self.log, self.fetcher, self.ingest = corpus, FetchLog(corpus), fetcher, ingest
        self.policy, self.adapter, self.on_item = policy, adapter, on_item
        self.report = FetchReport()
        self.job_id = 0

    def run(self, key: str, command: str, seeds: list[NewItem], options: dict[str, Any]) -> FetchReport:
        start = time.perf_counter()
        self.job_id, self.report.resumed = self.log.open_job(key, command, options)
        self.report.job_id = self.job_id
        self.log.add_items(self.job_id, seeds)
        since = (datetime.now(UTC) - _ROBOTS_TTL).isoformat(timespec="seconds")
        for host, status, body in self.log.robots(since):
            self.fetcher.preload_robots(host, status, body)
        queue = self.log.items(self.job_id, ("pending", "fetched"))
        for item in [i for i in queue if i.state == "fetched" and i.response_id is not None]:
            queue.remove(item)
            queue += self._stored(item, self.log.response(int(item.response_id or 0)))
        self._loop(queue)
        self.log.finish_job(self.job_id)
        self.report.timings["wall"] = time.perf_counter() - start
        return self.report

    def _loop(self, queue: list[FrontierItem]) -> None:
        """Keep up to ``concurrency`` hosts busy; the next request goes out before the last page is stored."""
        inflight: dict[Future[_Done], FrontierItem] = {}
        busy: set[str] = set()
        with ThreadPoolExecutor(max_workers=self.fetcher.options.concurrency, thread_name_prefix="scsmine") as pool:
            self._submit(pool, queue, inflight, busy)
            while inflight:
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                finished = [future.result() for future in done]
                for future in done:
                    busy.discard(host_of(inflight.pop(future).url))
                self._submit(pool, queue, inflight, busy)
                for result in finished:
                    queue += self._handle(result)
                self._submit(pool, queue, inflight, busy)

    def _submit(self, pool: ThreadPoolExecutor, queue: list[FrontierItem], inflight: dict[Future[_Done], FrontierItem],
                busy: set[str]) -> None:
        i = 0
        while len(inflight) < self.fetcher.options.concurrency and i < len(queue):
            host = host_of(queue[i].url)
            if host in busy:
                i += 1
                continue
            item = queue.pop(i)
            busy.add(host)
            headers = self.log.validators(item.url, "url:" + item.url)
            inflight[pool.submit(self._work, item, headers)] = item

    def _work(self, item: FrontierItem, headers: dict[str, str]) -> _Done:
        """Worker thread: fetch, and parse a 2xx body (no database access here)."""
        result = self.fetcher.get(item.url, headers)
        done = _Done(item, result)
        response = result.response
        if result.error is None and response is not None and response.status and 200 <= response.status < 300:
            t0 = time.perf_counter()
            done.extraction, done.error = self._extract(item, response)
            done.parse = time.perf_counter() - t0
        return done

    def _extract(self, item: FrontierItem, response: WebResponse) -> tuple[Extraction | None, ScsmineError | None]:
        try:
            return extract(response, item.data.get("adapter") or self.adapter), None
        except ScsmineError as exc:
            return None, exc
        except Exception as exc:
            log.debug("adapter failed on %s", response.final_url, exc_info=True)
            return None, ReaderError(f"{response.final_url}: unexpected {type(exc).__name__}: {exc}",
                                     "run with --debug and please report it")

    def _handle(self, done: _Done) -> list[FrontierItem]:
        item, result, response = done.item, done.result, done.result.response
        t = self.report.timings
        t["wait"] += result.waited
        t["network"] += result.network
        t["parse"] += done.parse
        start = time.perf_counter()
        status = response.status if response else None
        body_ok = result.error is None and 200 <= (status or 0) < 300 and bool(response and response.body)
        self.log.record(result.exchanges, job_id=self.job_id, item_seq=item.seq if body_ok else None)
        if result.blocked:
            state = "failed" if item.seed else "skipped"
            new = self._finish(item, state, state, note=str(result.error))
        elif status == 304:
            current = self.corpus.current_for_source("url:" + item.url)
            new = self._finish(item, "done", "unchanged", current, status, "304 Not Modified")
        elif status in (404, 410) and self.corpus.current_for_source("url:" + item.url):
            new = self._gone(item, status)
        elif result.error is not None or response is None:
            new = self._finish(item, "failed", "failed", status=status, note=str(result.error or "no response"))
        elif not response.body:
            new = self._finish(item, "failed", "failed", status=status, note=f"{item.url}: empty body")
        else:
            new = self._stored(item, response, done.extraction, done.error, timed=False)
        t["store"] += time.perf_counter() - start
        return new

    def _gone(self, item: FrontierItem, status: int) -> list[FrontierItem]:
        doc_id = str(self.corpus.current_for_source("url:" + item.url))
        today = datetime.now(UTC).date().isoformat()
        self.corpus.set_status(doc_id, "gone", f"HTTP {status} on {today} from {item.url}; the last copy is kept")
        return self._finish(item, "done", "gone", doc_id, status, f"gone since {today} (HTTP {status})")

    def _stored(self, item: FrontierItem, response: WebResponse, extraction: Extraction | None = None,
                error: ScsmineError | None = None, *, timed: bool = True) -> list[FrontierItem]:
        """Store what a 2xx body holds (parsing it first when the worker did not) and enqueue its links."""
        if extraction is None and error is None:
            t0 = time.perf_counter()
            extraction, error = self._extract(item, response)
            if timed:
                self.report.timings["parse"] += time.perf_counter() - t0
        if error is not None or extraction is None:
            return self._finish(item, "failed", "failed", status=response.status, note=str(error))
        if extraction.parsed is None or not self.policy.keep(item.url, seed=item.seed, data=item.data):
            new = self._links(item, extraction, None)
            return self._finish(item, "done", "followed", status=response.status, note=f"{len(new)} links",
                                new_items=new)
        try:
            outcome, doc_id = self._store(item, response, extraction)
        except ScsmineError as exc:
            return self._finish(item, "failed", "failed", status=response.status, note=str(exc))
        return self._finish(item, "done", outcome, doc_id, response.status,
                            new_items=self._links(item, extraction, doc_id))

    def _store(self, item: FrontierItem, response: WebResponse, extraction: Extraction) -> tuple[str, str | None]:
        assert extraction.parsed is not None
        sha = hashlib.sha256(response.body).hexdigest()
        key = "url:" + item.url
        current = self.corpus.current_for_source(key)
        if current and self.corpus.document(current).sha256 == sha:
            return "unchanged", current
        parsed = extraction.parsed
        hints = item.data.get("hints", {})
        parsed = dataclasses.replace(parsed, meta={**hints, **parsed.meta})
        meta = {"url": item.url, "final_url": response.final_url, "fetched_at": response.fetched_at,
                "http_status": response.status, "adapter": extraction.adapter, "format": extraction.format,
                "encoding": extraction.encoding, "source": item.data.get("source", item.kind),
                **item.data.get("meta", {})}
        outcome = store_parsed(self.corpus, parsed, raw=response.body, locator=response.final_url, source_key=key,
                               meta=meta, options=self.ingest)
        if outcome.status == "duplicate" and outcome.doc_id == current:
            return "unchanged", current
        return outcome.status, outcome.doc_id

    def _links(self, item: FrontierItem, extraction: Extraction, doc_id: str | None) -> list[NewItem]:
        follows = self.policy.follow(item.url, item.kind, item.depth, item.data, extraction, doc_id)
        return [NewItem(f.url, f.kind, f.depth, data=f.data) for f in follows]

    def _finish(self, item: FrontierItem, state: str, outcome: str, doc_id: str | None = None,
                status: int | None = None, note: str = "", new_items: Sequence[NewItem] = ()) -> list[FrontierItem]:
        added = self.log.finish_item(item.seq, state=state, outcome=outcome, doc_id=doc_id, note=note or None,
                                     new_items=new_items)
        result = FetchItem(item.url, item.kind, outcome, doc_id, status, note)
        log.info("%s %s%s", outcome, item.url, f" ({note})" if note else "")
        self.report.items.append(result)
        if self.on_item:
            self.on_item(result)
        return added


def fetch(
    urls: Sequence[str] = (),
    *,
    feed: Sequence[str] = (),
    sitemap: Sequence[str] = (),
    crawl: Sequence[str] = (),
    catalog: str | Path | None = None,
    depth: int = 1,
    match: str | None = None,
    origin: str | None = None,
    doc_type: str | None = None,
    lang: str | None = None,
    delay: float | None = None,
    concurrency: int | None = None,
    user_agent: str | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
    adapter: str | None = None,
    attachments: bool = True,
    dry_run: bool = False,
    options: FetchOptions | None = None,
    db: str | Path | None = None,
    on_item: Callable[[FetchItem], None] | None = None,
) -> FetchReport:
    """Fetch web pages, feeds, sitemaps, crawls or a catalog into the corpus (steps in the module docstring).

    Args:
        urls: Pages to fetch, one document each (plus their attachments).
        feed: RSS/Atom feeds: every item's article is fetched.
        sitemap: Sitemaps: every listed page (matching ``match``) is fetched.
        crawl: Start pages: same-host links are followed up to ``depth``.
        catalog: A YAML or JSONL catalog (see ``corpus/catalog.yaml``).
        depth: Link depth of a crawl (0 = the start page only).
        match: Regular expression a discovered link must match to be kept.
        origin: ``domestic`` or ``foreign`` for documents that do not say.
        doc_type: Document type for documents that do not say.
        lang: ``zh`` or ``en`` (detected when not given).
        delay: Minimum seconds between two requests to one host.
        concurrency: Hosts fetched in parallel.
        user_agent: User-Agent header (identify yourself).
        max_bytes: Largest response body accepted.
        timeout: Seconds allowed for a response.
        adapter: Use this registered adapter for every page instead of choosing.
        attachments: Fetch PDF/DOC/DOCX attachments as child documents.
        dry_run: Validate and list the seeds without fetching.
        options: Politeness and limits to start from instead of the config
            (the arguments above still override them).
        db: Database path (default ``$SCSMINE_DB`` or the config).
        on_item: Called after each URL (for progress reporting).

    Raises:
        UsageError: Nothing to fetch, a bad URL, option or regular expression,
            or a catalog with bad entries.
    """
    flags: dict[str, Any] = {"delay": delay, "concurrency": concurrency, "user_agent": user_agent,
                             "max_bytes": max_bytes, "timeout": timeout}
    given = {k: v for k, v in flags.items() if v is not None}
    options = dataclasses.replace(options, **given) if options else FetchOptions.from_settings(**given)
    ingest_options = IngestOptions.from_settings(origin=origin, lang=lang, doc_type=doc_type)
    if adapter is not None and adapter not in load_adapters():
        raise UsageError(f"--adapter {adapter!r} is not a registered web adapter",
                         f"use one of: {', '.join(load_adapters().names())}")
    if depth < 0:
        raise UsageError(f"--depth {depth} is negative", "use 0 for the start page only, 1 for its links, …")
    try:
        pattern = re.compile(match) if match else None
    except re.error as exc:
        raise UsageError(f"--match {match!r} is not a valid regular expression ({exc})",
                         "fix the pattern and quote it in the shell") from None
    seeds = _seeds(urls, feed, sitemap, crawl, catalog, depth)
    if not seeds:
        raise UsageError("nothing to fetch", "give URLs, --feed, --sitemap, --crawl or a --catalog with URLs")
    if dry_run:
        return FetchReport(items=[FetchItem(s.url, s.kind, "planned", note=s.data.get("source", "")) for s in seeds])
    catalog_sha = hashlib.sha256(Path(catalog).read_bytes()).hexdigest() if catalog else None
    plan: dict[str, Any] = {"seeds": [[s.url, s.kind] for s in seeds], "depth": depth, "match": match,
                            "attachments": attachments, "adapter": adapter, "catalog": catalog_sha,
                            "meta": ingest_options.batch_meta()}
    key = hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()[:16]
    command = "fetch " + " ".join(f"{k}:{u}" for u, k in plan["seeds"])[:500]
    with open_corpus(db) as corpus, Fetcher(options) as fetcher:
        policy = LinkPolicy(pattern, attachments)
        run = _Run(corpus, fetcher, ingest_options, policy, adapter=adapter, on_item=on_item)
        return run.run(key, command, seeds, plan)


def export_warc(db: str | Path | None, out: str | Path, filters: Filters | None = None) -> int:
    """Write the logged HTTP exchanges as a WARC 1.1 file (gzipped when ``out`` ends in ``.gz``).

    Args:
        db: Database path (default ``$SCSMINE_DB`` or the config).
        out: Output file.
        filters: Only the responses whose bodies are documents matching these
            filters (all versions); ``None`` or no constraint exports every
            exchange with a body (robots.txt, feeds and error pages included).

    Returns:
        The number of response records written.
    """
    with open_corpus(db, readonly=True) as corpus:
        wanted = None if filters is None or filters == Filters() else dataclasses.replace(filters, all_versions=True)
        shas = {d.sha256 for d in corpus.documents(wanted)} if wanted else None
        return write_warc(FetchLog(corpus).exchanges(shas), out)

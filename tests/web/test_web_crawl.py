"""Crawls: same-host links up to a depth, --match, robots.txt, and resuming after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from webtools import Loopback

from scsmine import api
from scsmine.sources.web.http import FetchOptions
from scsmine.store import Corpus

OPTS = FetchOptions(delay=0.0, timeout=2.0, backoff=0.05, retries=1)
REPO = Path(__file__).resolve().parents[2]


def _article(n: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Notice {n} on credit supervision</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/about.html'>About</a></nav><article><h1>Notice {n}</h1>"
        f"<p>Notice number {n} explains how the bureau shares records of unpaid fines with the tax office. "
        f"Companies listed under notice {n} can ask for credit repair after paying what they owe.</p>"
        f"<p>The bureau publishes the list of {n * 7} firms on its website each quarter, and reviews "
        f"objections within fifteen working days of receiving them.</p></article></body></html>"
    )


def _listing(links: list[str]) -> str:
    items = "".join(f"<li><a href='{href}'>{href}</a></li>" for href in links)
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Notices</title></head>"
    return f"{head}<body><ul>{items}</ul></body></html>"


def _site(server: Loopback, pages: int = 5, delay: float = 0.0) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /policy/private", ctype="text/plain")
    first = [f"/policy/{n}.html" for n in range(1, pages - 1)]
    server.add("/index.html", _listing([*first, "/list/2.html", "/about.html", "/policy/private.html",
                                        "http://elsewhere.invalid/policy/9.html", "#top", "mailto:x@example.org"]))
    server.add("/list/2.html", _listing([f"/policy/{n}.html" for n in range(pages - 1, pages + 1)]))
    server.add("/about.html", _article(0))
    for n in range(1, pages + 1):
        server.add(f"/policy/{n}.html", _article(n), delay=delay)


def _requested(server: Loopback) -> set[str]:
    return {e.path for e in server.log}


def test_crawl_depth_0_fetches_the_start_page_only(server: Loopback, db: Path) -> None:
    _site(server)
    report = api.fetch(crawl=[server.url("/index.html")], depth=0, db=db, options=OPTS)
    assert [(i.kind, i.outcome) for i in report.items] == [("page", "added")]
    assert _requested(server) == {"/robots.txt", "/index.html"}


def test_crawl_follows_matching_same_host_links(server: Loopback, db: Path) -> None:
    _site(server)
    report = api.fetch(crawl=[server.url("/index.html")], depth=1, match=r"/policy/\d+\.html$", db=db, options=OPTS)
    outcomes = {i.url.replace(server.base, ""): i.outcome for i in report.items}
    assert outcomes == {"/index.html": "followed", "/policy/1.html": "added", "/policy/2.html": "added",
                        "/policy/3.html": "added"}
    assert _requested(server) == {"/robots.txt", "/index.html", "/policy/1.html", "/policy/2.html", "/policy/3.html"}
    assert report.exit_code == 0


def test_crawl_depth_2_reaches_listing_pages_and_skips_robots(server: Loopback, db: Path) -> None:
    _site(server)
    report = api.fetch(crawl=[server.url("/index.html")], depth=2, match=r"/(policy|list)/", db=db, options=OPTS)
    outcomes = {i.url.replace(server.base, ""): i.outcome for i in report.items}
    assert outcomes["/policy/private.html"] == "skipped" and report.exit_code == 0
    assert {k for k, v in outcomes.items() if k.startswith("/policy/") and v == "added"} == {
        f"/policy/{n}.html" for n in range(1, 6)}
    assert "/policy/private.html" not in _requested(server) and "/about.html" not in _requested(server)
    assert sum(1 for e in server.log if e.path.startswith("/policy/")) == 5  # each page once


def _documents(db: Path) -> set[tuple[str | None, str]]:
    with Corpus.open(db) as corpus:
        docs = list(corpus.documents())
    return {(d.url, d.sha256) for d in docs}


def _crawl_cmd(server: Loopback, db: Path) -> list[str]:
    return [sys.executable, "-m", "scsmine", "--db", str(db), "fetch", "--crawl", server.url("/index.html"),
            "--depth", "2", "--match", r"/(policy|list)/", "--delay", "0.02", "--concurrency", "1", "--format", "jsonl"]


def test_crawl_resumes_after_kill_9(server: Loopback, tmp_path: Path) -> None:
    pages = 10
    _site(server, pages=pages, delay=0.1)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    proc = subprocess.Popen(_crawl_cmd(server, killed_db), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while sum(1 for e in server.log if e.path.startswith("/policy/")) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    before_resume = len(server.log)
    stored_before = _documents(killed_db)
    assert 0 < len(stored_before) < pages  # killed mid-way
    resumed = subprocess.run(_crawl_cmd(server, killed_db), env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed job" in resumed.stderr
    resume_log = server.log[before_resume:]
    assert "/robots.txt" not in [e.path for e in resume_log]  # kept from the first run
    assert not {e.path for e in resume_log} & {u.replace(server.base, "") for u, _ in stored_before}  # no re-download
    first_half = {e.path for e in server.log[:before_resume]}
    assert len({e.path for e in resume_log} & first_half) <= 1  # at most the one request in flight at the kill

    clean = api.fetch(crawl=[server.url("/index.html")], depth=2, match=r"/(policy|list)/", db=clean_db, options=OPTS)
    assert clean.exit_code == 0
    assert _documents(killed_db) == _documents(clean_db)
    with Corpus.open(killed_db) as corpus:
        urls = [d.url for d in corpus.documents()]
    assert len(urls) == len(set(urls)) == pages + 1  # every policy page and the matching listing page, once

"""Politeness and limits, asserted from the server's request log: what was asked, when, with which headers."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from webtools import Logged, Loopback, Reply, data_text

from scsmine import api
from scsmine.sources.web.http import FetchOptions

OPTS = FetchOptions(delay=0.0, timeout=1.0, backoff=0.05, retries=2, max_redirects=3)
ARTICLE = data_text("article_en.html")
EPS = 0.01  # timer resolution slack


def _opts(**kw: object) -> FetchOptions:
    return dataclasses.replace(OPTS, **kw)


def _gaps(entries: list[Logged]) -> list[float]:
    return [b.at - a.at for a, b in itertools.pairwise(entries)]


def test_robots_txt_forbids_a_path(server: Loopback, db: Path) -> None:
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n",
               ctype="text/plain")
    server.add("/public.html", ARTICLE)
    server.add("/private/secret.html", ARTICLE)
    report = api.fetch([server.url("/public.html"), server.url("/private/secret.html")], db=db, options=OPTS)
    outcomes = {i.url.rsplit("/", 1)[-1]: i for i in report.items}
    assert outcomes["public.html"].outcome == "added"
    assert outcomes["secret.html"].outcome == "failed" and "robots.txt" in outcomes["secret.html"].note
    assert report.exit_code == 1
    assert [e.path for e in server.log] == ["/robots.txt", "/public.html"]  # asked once, never the private page


def test_requests_identify_the_client(server: Loopback, db: Path) -> None:
    server.add("/a.html", ARTICLE)
    api.fetch([server.url("/a.html")], db=db, options=OPTS)
    api.fetch([server.url("/a.html")], db=db, options=OPTS, user_agent="scsmine-test/1 (+mailto:lab@example.org)")
    agents = [e.headers["user-agent"] for e in server.log]
    assert agents[0].startswith("scsmine/") and "+research" in agents[0]
    assert agents[-1] == "scsmine-test/1 (+mailto:lab@example.org)"


def test_minimum_gap_between_requests_to_one_host(server: Loopback, db: Path) -> None:
    for n in range(4):
        server.add(f"/p{n}.html", ARTICLE.replace("ordinary tower block", f"tower block number {n}"))
    api.fetch([server.url(f"/p{n}.html") for n in range(4)], db=db, options=_opts(delay=0.25))
    log = server.log
    assert [e.path for e in log] == ["/robots.txt"] + [f"/p{n}.html" for n in range(4)]
    assert min(_gaps(log)) >= 0.25 - EPS


def test_hosts_are_fetched_in_parallel_each_with_its_delay(server: Loopback, db: Path) -> None:
    other = Loopback().start()
    try:
        other.add("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
        for n in range(3):
            server.add(f"/a{n}.html", ARTICLE.replace("ordinary", f"ordinary ({n})"))
            other.add(f"/b{n}.html", ARTICLE.replace("ordinary", f"plain ({n})"))
        urls = [server.url(f"/a{n}.html") for n in range(3)] + [other.url(f"/b{n}.html") for n in range(3)]
        report = api.fetch(urls, db=db, options=_opts(delay=0.3, concurrency=2))
        assert report.count("added") == 6
        first_b = min(e.at for e in other.log)
        last_a = max(e.at for e in server.log)
        assert first_b < last_a  # the second host did not wait for the first one to finish
        assert min(_gaps(server.log)) >= 0.3 - EPS and min(_gaps(other.log)) >= 0.3 - EPS
    finally:
        other.stop()


def _flaky(first: int, first_headers: list[tuple[str, str]], times: int = 1) -> object:
    def reply(n: int, req: Logged) -> Reply:
        if n <= times:
            return first, first_headers, b"busy"
        return 200, [("Content-Type", "text/html; charset=utf-8")], ARTICLE.encode()

    return reply


def test_503_is_retried_with_backoff_then_stored(server: Loopback, db: Path) -> None:
    server.add_fn("/flaky.html", _flaky(503, [("Content-Type", "text/plain")], times=2))  # type: ignore[arg-type]
    report = api.fetch([server.url("/flaky.html")], db=db, options=_opts(backoff=0.1))
    hits = server.hits("/flaky.html")
    assert [h.status for h in hits] == [503, 503, 200]
    gaps = _gaps(hits)
    assert gaps[0] >= 0.1 - EPS and gaps[1] >= 0.2 - EPS  # exponential: 0.1 s, then 0.2 s
    assert report.items[0].outcome == "added"


def test_429_retry_after_is_honoured(server: Loopback, db: Path) -> None:
    server.add_fn("/limited.html", _flaky(429, [("Retry-After", "1")]))  # type: ignore[arg-type]
    report = api.fetch([server.url("/limited.html")], db=db, options=OPTS)
    hits = server.hits("/limited.html")
    assert [h.status for h in hits] == [429, 200]
    assert 1.0 - EPS <= _gaps(hits)[0] < 3.0  # waited for Retry-After, and not for a backoff on top
    assert report.items[0].outcome == "added"


def test_503_retry_after_longer_than_allowed_fails_without_waiting(server: Loopback, db: Path) -> None:
    server.add("/maint.html", "down", status=503, headers=[("Retry-After", "3600")])
    report = api.fetch([server.url("/maint.html")], db=db, options=_opts(max_retry_after=5.0))
    assert len(server.hits("/maint.html")) == 1
    assert report.items[0].outcome == "failed" and "retry after 3600" in report.items[0].note
    assert report.exit_code == 1


def test_timeouts_are_retried_then_reported(server: Loopback, db: Path) -> None:
    server.add("/slow.html", ARTICLE, delay=0.6)
    report = api.fetch([server.url("/slow.html")], db=db, options=_opts(timeout=0.2, retries=2, backoff=0.1))
    hits = server.hits("/slow.html")
    assert len(hits) == 3
    gaps = _gaps(hits)
    assert gaps[0] >= 0.2 + 0.1 - EPS and gaps[1] >= 0.2 + 0.2 - EPS
    assert report.items[0].outcome == "failed" and "timeout" in report.items[0].note


def test_redirect_loop_stops(server: Loopback, db: Path) -> None:
    server.add("/loop/a", "", status=302, headers=[("Location", "/loop/b")])
    server.add("/loop/b", "", status=302, headers=[("Location", "/loop/a")])
    report = api.fetch([server.url("/loop/a")], db=db, options=OPTS)
    assert [e.path for e in server.log[1:]] == ["/loop/a", "/loop/b"]
    assert report.items[0].outcome == "failed" and "loop" in report.items[0].note


def test_redirect_chain_is_capped(server: Loopback, db: Path) -> None:
    for n in range(10):
        server.add(f"/hop/{n}", "", status=301, headers=[("Location", f"/hop/{n + 1}")])
    report = api.fetch([server.url("/hop/0")], db=db, options=_opts(max_redirects=3))
    assert [e.path for e in server.log[1:]] == ["/hop/0", "/hop/1", "/hop/2", "/hop/3"]
    assert "more than 3" in report.items[0].note


def test_redirect_is_followed_and_recorded(server: Loopback, db: Path) -> None:
    server.add("/old.html", "", status=301, headers=[("Location", "/new.html")])
    server.add("/new.html", ARTICLE)
    report = api.fetch([server.url("/old.html")], db=db, options=OPTS)
    assert report.items[0].outcome == "added"
    doc = api.show(str(report.items[0].doc_id), db=db)
    assert doc["url"] == server.url("/old.html")
    assert doc["meta"]["final_url"] == server.url("/new.html")


def test_oversized_body_is_cut_off(server: Loopback, db: Path) -> None:
    big = b"<html><body>" + b"<p>credit</p>" * 600_000 + b"</body></html>"  # ~7.8 MB, no Content-Length
    server.add("/huge.html", big, chunks=200)
    server.add("/declared.html", big, headers=[("Content-Length", str(len(big)))], chunks=200)
    report = api.fetch([server.url("/huge.html"), server.url("/declared.html")], db=db,
                       options=_opts(max_bytes=100_000))
    assert [i.outcome for i in report.items] == ["failed", "failed"]
    assert all("too large" in i.note and "--max-bytes" in i.note for i in report.items)
    for path in ("/huge.html", "/declared.html"):
        (hit,) = server.hits(path)  # not retried
        assert hit.sent < len(big)  # the client hung up before the whole body was sent


def test_unchanged_page_is_asked_conditionally(server: Loopback, db: Path) -> None:
    etag, modified = '"v1-abc"', "Sun, 14 Mar 2021 08:30:00 GMT"

    def reply(n: int, req: Logged) -> Reply:
        if req.headers.get("if-none-match") == etag:
            return 304, [("ETag", etag)], b""
        return 200, [("Content-Type", "text/html; charset=utf-8"), ("ETag", etag), ("Last-Modified", modified)], \
            ARTICLE.encode()

    server.add_fn("/cond.html", reply)
    first = api.fetch([server.url("/cond.html")], db=db, options=OPTS)
    before = api.stats(db=db)
    second = api.fetch([server.url("/cond.html")], db=db, options=OPTS)
    hits = server.hits("/cond.html")
    assert "if-none-match" not in hits[0].headers
    assert hits[1].headers["if-none-match"] == etag and hits[1].headers["if-modified-since"] == modified
    assert [h.status for h in hits] == [200, 304]
    assert first.items[0].outcome == "added" and second.items[0].outcome == "unchanged"
    after = api.stats(db=db)
    assert (after["documents"], after["raw_files"], after["raw_bytes"]) == (
        before["documents"], before["raw_files"], before["raw_bytes"])


def test_missing_robots_txt_allows_everything(server: Loopback, db: Path) -> None:
    del server.routes["/robots.txt"]  # 404
    server.add("/a.html", ARTICLE)
    report = api.fetch([server.url("/a.html")], db=db, options=OPTS)
    assert report.items[0].outcome == "added"
    assert [e.path for e in server.log] == ["/robots.txt", "/a.html"]


def test_unreadable_robots_txt_forbids_everything(server: Loopback, db: Path) -> None:
    server.add("/robots.txt", "oops", status=503, ctype="text/plain")
    server.add("/a.html", ARTICLE)
    report = api.fetch([server.url("/a.html")], db=db, options=_opts(retries=1))
    assert [e.path for e in server.log] == ["/robots.txt", "/robots.txt"]  # retried once, page never asked
    assert report.items[0].outcome == "failed" and "could not be read (HTTP 503)" in report.items[0].note

"""The fetch log in the store: jobs resume, the frontier keeps each URL once, exchanges keep their bytes."""

from __future__ import annotations

from scsmine.core.web_protocols import WebResponse
from scsmine.store import Corpus
from scsmine.store.fetchlog import FetchLog, NewItem


def _response(url: str, body: bytes = b"<html>x</html>", status: int = 200, **headers: str) -> WebResponse:
    return WebResponse(url, url, status, tuple(headers.items()), body, fetched_at="2024-01-01T00:00:00+00:00")


def test_jobs_resume_until_finished(corpus: Corpus) -> None:
    log = FetchLog(corpus)
    first, resumed = log.open_job("k", "fetch x", {})
    assert not resumed
    assert log.open_job("k", "fetch x", {}) == (first, True)
    log.finish_job(first)
    second, resumed = log.open_job("k", "fetch x", {})
    assert second != first and not resumed


def test_frontier_keeps_each_url_once_and_tracks_states(corpus: Corpus) -> None:
    log = FetchLog(corpus)
    job, _ = log.open_job("k", "fetch", {})
    added = log.add_items(job, [NewItem("http://a.test/1", "page", seed=True), NewItem("http://a.test/2", "page")])
    assert [i.url for i in added] == ["http://a.test/1", "http://a.test/2"] and added[0].seed
    assert log.add_items(job, [NewItem("http://a.test/1", "page")]) == []
    one = added[0]
    (rid,) = log.record([_response(one.url)], job_id=job, item_seq=one.seq)
    assert [(i.url, i.state, i.response_id) for i in log.items(job, ("fetched",))] == [(one.url, "fetched", rid)]
    new = log.finish_item(one.seq, state="done", outcome="added", doc_id="d1",
                          new_items=[NewItem("http://a.test/3", "page", depth=1, data={"hints": {"title": "三"}})])
    assert [(i.url, i.depth, i.data["hints"]["title"]) for i in new] == [("http://a.test/3", 1, "三")]
    assert [i.url for i in log.items(job, ("pending",))] == ["http://a.test/2", "http://a.test/3"]


def test_exchanges_keep_bytes_headers_and_robots(corpus: Corpus) -> None:
    log = FetchLog(corpus)
    ids = log.record([_response("http://a.test/robots.txt", b"User-agent: *\nDisallow: /x"),
                      _response("http://a.test/p", ETag='"e1"', **{"Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}),
                      WebResponse("http://a.test/slow", "http://a.test/slow", None, error="timeout: no answer")])
    stored = log.response(ids[1])
    assert stored.body == b"<html>x</html>" and stored.header("etag") == '"e1"'
    assert log.response(ids[2]).status is None and log.response(ids[2]).error == "timeout: no answer"
    assert log.robots("2000-01-01") == [("http://a.test", 200, b"User-agent: *\nDisallow: /x")]
    log.record([_response("http://b.test/robots.txt", b"down", status=503)])
    assert [host for host, _, _ in log.robots("2000-01-01")] == ["http://a.test"]  # a 5xx robots.txt is not kept
    assert log.validators("http://a.test/p", "url:http://a.test/p") == {}  # no stored document for it yet
    assert [r.final_url for r in log.exchanges()] == [
        "http://a.test/robots.txt", "http://a.test/p", "http://b.test/robots.txt"]

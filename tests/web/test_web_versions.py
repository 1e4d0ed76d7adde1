"""Provenance: every exchange is logged with its bytes; pages change, disappear, and export as WARC."""

from __future__ import annotations

import hashlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from webtools import GovPage, Logged, Loopback, Reply, data_text, govcn_page

from scsmine import api
from scsmine.core.models import Filters
from scsmine.sources.web.http import FetchOptions
from scsmine.store import Corpus
from scsmine.store.fetchlog import FetchLog

OPTS = FetchOptions(delay=0.0, timeout=1.0, backoff=0.05, retries=1)
ARTICLE = data_text("article_en.html")


def test_a_changed_page_becomes_a_new_version(server: Loopback, db: Path) -> None:
    versions = [ARTICLE, ARTICLE.replace("two floors", "three floors")]
    server.add_fn("/changing.html",
                  lambda n, req: (200, [("Content-Type", "text/html")], versions[min(n, 2) - 1].encode()))
    first = api.fetch([server.url("/changing.html")], db=db, options=OPTS)
    second = api.fetch([server.url("/changing.html")], db=db, options=OPTS)
    third = api.fetch([server.url("/changing.html")], db=db, options=OPTS)
    assert [r.items[0].outcome for r in (first, second, third)] == ["added", "new_version", "unchanged"]
    with Corpus.open(db) as corpus:
        old = corpus.document(str(first.items[0].doc_id))
        new = corpus.document(str(second.items[0].doc_id))
        assert old.status == "superseded" and new.status == "current" and new.previous_id == old.id
        assert "three floors" in new.text and "two floors" in old.text
        assert corpus.current_for_source("url:" + server.url("/changing.html")) == new.id
    assert len(server.hits("/changing.html")) == 3


def test_a_page_that_disappears_is_marked_gone_and_kept(server: Loopback, govcn: dict[str, GovPage], db: Path) -> None:
    page = govcn["000014349/2019-00007"].fragment
    server.add_fn("/zhengce/gone.htm", lambda n, req: (200, [("Content-Type", "text/html")], govcn_page(page).encode())
                  if n == 1 else (410, [("Content-Type", "text/html")], b"<html>removed</html>"))
    first = api.fetch([server.url("/zhengce/gone.htm")], db=db, options=OPTS)
    second = api.fetch([server.url("/zhengce/gone.htm")], db=db, options=OPTS)
    assert second.items[0].outcome == "gone" and second.items[0].status == 410 and second.exit_code == 0
    with Corpus.open(db) as corpus:
        doc = corpus.document(str(first.items[0].doc_id))
        assert doc.status == "gone" and "HTTP 410 on 20" in doc.meta["gone_note"]
        assert hashlib.sha256(corpus.blob(doc.sha256)).hexdigest() == doc.sha256  # the last copy is kept
        assert doc.doc_number == "国发〔2019〕5号"
    assert [h.status for h in server.hits("/zhengce/gone.htm")] == [200, 410]


def test_404_on_a_new_url_is_a_failure(server: Loopback, db: Path) -> None:
    report = api.fetch([server.url("/never.html")], db=db, options=OPTS)
    assert report.items[0].outcome == "failed" and "404" in report.items[0].note and report.exit_code == 1


def test_refetch_of_identical_bytes_adds_nothing(server: Loopback, db: Path) -> None:
    server.add("/same.html", ARTICLE)  # no ETag: the bytes are compared
    api.fetch([server.url("/same.html")], db=db, options=OPTS)
    before = api.stats(db=db)
    again = api.fetch([server.url("/same.html")], db=db, options=OPTS)
    after = api.stats(db=db)
    assert again.items[0].outcome == "unchanged"
    assert (after["documents"], after["older_versions"], after["raw_files"]) == (
        before["documents"], before["older_versions"], before["raw_files"])


def test_every_exchange_is_logged_with_its_bytes(server: Loopback, db: Path) -> None:
    def reply(n: int, req: Logged) -> Reply:
        return (503, [("Retry-After", "0")], b"busy") if n == 1 else (200, [("Content-Type", "text/html"),
                                                                              ("ETag", '"x"')], ARTICLE.encode())

    server.add_fn("/logged.html", reply)
    api.fetch([server.url("/logged.html")], db=db, options=OPTS)
    with Corpus.open(db) as corpus:
        rows = list(FetchLog(corpus).exchanges())
    assert [(r.final_url.rsplit("/", 1)[-1], r.status) for r in rows] == [
        ("robots.txt", 200), ("logged.html", 503), ("logged.html", 200)]
    final = rows[-1]
    assert final.body == ARTICLE.encode() and final.header("etag") == '"x"' and final.fetched_at.endswith("+00:00")
    assert dict(final.request_headers)["user-agent"].startswith("scsmine/")


def test_export_warc_writes_the_logged_exchanges(server: Loopback, db: Path, tmp_path: Path) -> None:
    server.add("/a.html", ARTICLE, headers=[("ETag", '"a1"')])
    server.add("/b.html", data_text("article_zh.html"))
    api.fetch([server.url("/a.html"), server.url("/b.html")], db=db, options=OPTS)
    out = tmp_path / "crawl.warc.gz"
    assert api.export_warc(db, out) == 3  # robots.txt and both pages
    records = {}
    with out.open("rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                records[uri] = (rec.http_headers.get_statuscode(), rec.http_headers.get_header("ETag"),
                                rec.content_stream().read())
    assert records[server.url("/a.html")] == ("200", '"a1"', ARTICLE.encode())
    assert records[server.url("/b.html")][2] == data_text("article_zh.html").encode()
    only_en = tmp_path / "en.warc"
    assert api.export_warc(db, only_en, Filters(lang="en")) == 1


def test_export_command_writes_warc(cli, server: Loopback, db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server.add("/a.html", ARTICLE)
    api.fetch([server.url("/a.html")], db=db, options=OPTS)
    out = tmp_path / "all.warc.gz"
    result = cli("--db", db, "export", "--format", "warc", "--out", out)
    assert result.exit_code == 0, result.stderr
    with out.open("rb") as fh:
        uris = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"]
    assert uris == [server.url("/robots.txt"), server.url("/a.html")]

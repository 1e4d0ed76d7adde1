"""The catalog: the repository's file is valid, bad entries are reported by line, entries carry metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from webtools import GovPage, Loopback, data_text, govcn_page

from scsmine import api
from scsmine.core.errors import UsageError
from scsmine.sources.web.catalog import load_catalog
from scsmine.sources.web.http import FetchOptions

REPO = Path(__file__).resolve().parents[2]
OPTS = FetchOptions(delay=0.0, timeout=2.0, backoff=0.05, retries=1)

KEY_DOCUMENTS = {
    "国发〔2014〕21号": "2014", "国发〔2016〕33号": "2016", "国办发〔2016〕98号": "2016",
    "国办发〔2019〕35号": "2019", "国办发〔2020〕49号": "2020",
}


def test_repository_catalog_is_valid_and_complete() -> None:
    entries = load_catalog(REPO / "corpus" / "catalog.yaml")
    docs = {e.fields.get("doc_number"): e for e in entries if e.kind == "document"}
    for number, year in KEY_DOCUMENTS.items():
        entry = docs[number]
        assert entry.fields["date"].startswith(year) and entry.fields["level"] == "national"
        assert entry.target and entry.target.startswith("http://www.gov.cn/zhengce/content/" + year)
    assert any(e.fields["date"].startswith("2022") and "高质量发展" in e.fields["title"] for e in entries)
    local = [e for e in entries if e.kind == "document" and e.fields["level"] in ("provincial", "municipal")]
    assert len(local) >= 5 and all("社会信用" in e.fields["title"] or "信用" in e.fields["title"] for e in local)
    news = [e for e in entries if e.kind == "news_source"]
    assert {e.fields["origin"] for e in news} == {"domestic", "foreign"}
    assert {e.fields["lang"] for e in news} >= {"zh", "en"}
    assert all(e.fields.get("country") for e in news)


def test_repository_catalog_dry_run_lists_pages_and_feeds(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("fetch", "--catalog", REPO / "corpus" / "catalog.yaml", "--dry-run", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["kind"] for r in rows} == {"page", "feed"} and all(r["outcome"] == "planned" for r in rows)


BAD_YAML = """\
version: 1
documents:
  - id: ok-one
    url: http://www.gov.cn/a.htm
    date: "2014-06-27"
  - id: bad-date
    url: http://www.gov.cn/b.htm
    date: 2014-6-27
  - id: bad-url
    url: www.gov.cn/c.htm
    level: national
  - id: ok-one
    url: http://www.gov.cn/d.htm
    level: county
    titel: typo
news_sources:
  - {id: no-origin, outlet: Somewhere, feed: "http://example.org/feed"}
"""


def test_bad_yaml_entries_are_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(BAD_YAML, "utf-8")
    with pytest.raises(UsageError) as info:
        load_catalog(path)
    lines = info.value.message.splitlines()
    assert lines[0] == "4 bad catalog entries:"
    assert lines[1].startswith(f"{path}:6: ") and "2014-6-27" in lines[1]
    assert lines[2].startswith(f"{path}:9: ") and "not an http(s) URL" in lines[2]
    assert lines[3].startswith(f"{path}:12: ") and "'titel'" in lines[3]
    assert "county" in lines[3] and "already used on line 3" in lines[3]
    assert lines[4].startswith(f"{path}:17: ") and "origin" in lines[4]


def test_bad_catalog_is_a_usage_error_and_nothing_is_fetched(cli, tmp_path: Path, server: Loopback) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "catalog.jsonl"
    first = json.dumps({"id": "a", "url": server.url("/a.html")})
    path.write_text(first + '\n\n{"id": "b", "url": "ftp://x"}\nnot json\n', "utf-8")
    result = cli("--db", tmp_path / "x.db", "fetch", "--catalog", path)
    assert result.exit_code == 2
    assert f"{path}:3: url 'ftp://x' is not an http(s) URL" in result.stderr and f"{path}:4: not JSON" in result.stderr
    assert server.log == []


def test_catalog_metadata_wins_unless_uncertain(server: Loopback, govcn: dict[str, GovPage], tmp_path: Path) -> None:
    page = govcn["000014349/2019-00007"]
    server.add("/zhengce/content/5365945.htm", govcn_page(page.fragment))
    server.add("/feed.xml", data_text("rss.xml", server.base), ctype="application/rss+xml")
    server.add("/news/credit-pilots.html", data_text("article_en.html"))
    server.add("/news/credit-repair.html", data_text("article_zh.html"))
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(f"""\
documents:
  - id: double-random-2019
    url: {server.url("/zhengce/content/5365945.htm")}
    title_en: Opinions on 'double random, one public' supervision
    doc_type: central_policy
    date: "2019-02-01"
    doc_number: 国发〔2019〕99号
    uncertain: [date, doc_number]
news_sources:
  - {{id: ledger, outlet: Harbour Ledger, origin: foreign, country: GB, lang: en, feed: "{server.url('/feed.xml')}"}}
""", "utf-8")
    db = tmp_path / "cat.db"
    report = api.fetch(catalog=catalog, db=db, options=OPTS)
    assert [i.outcome for i in report.items] == ["added", "followed", "added", "added"]
    policy = api.show("double-random-2019", db=db)  # the catalog id resolves
    assert policy["title_en"] == "Opinions on 'double random, one public' supervision"
    assert policy["doc_type"] == "central_policy"
    assert policy["date"] == "2019-02-15" and policy["doc_number"] == "国发〔2019〕5号"  # the page corrects doubts
    article = api.show(str(report.items[2].doc_id), db=db)
    assert article["origin"] == "foreign" and article["doc_type"] == "media_article"
    assert article["issuer"] == "Harbour Ledger" and article["meta"]["country"] == "GB"

"""``scsmine fetch``: help, output on stdout, progress on stderr, exit codes as for ingest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from webtools import Loopback, data_text

FAST = ("--delay", "0", "--timeout", "2")


def test_fetch_has_help(cli: Any) -> None:
    result = cli("fetch", "--help")
    assert result.exit_code == 0
    for flag in ("--feed", "--sitemap", "--crawl", "--depth", "--match", "--catalog", "--delay", "--concurrency",
                 "--origin", "--doc-type", "--lang", "--user-agent", "--max-bytes", "--timeout"):
        assert flag in result.stdout


def test_exit_0_when_everything_is_stored(cli: Any, server: Loopback, tmp_path: Path) -> None:
    server.add("/a.html", data_text("article_en.html"))
    result = cli("--db", tmp_path / "a.db", "fetch", server.url("/a.html"), *FAST, "--origin", "foreign",
                 "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["outcome"] == "added" and row["status"] == 200 and row["url"] == server.url("/a.html")
    assert "1 added" in result.stderr


def test_exit_1_when_some_urls_fail(cli: Any, server: Loopback, tmp_path: Path) -> None:
    server.add("/a.html", data_text("article_en.html"))
    result = cli("--db", tmp_path / "a.db", "fetch", server.url("/a.html"), server.url("/missing.html"), *FAST)
    assert result.exit_code == 1
    assert "1 added" in result.stderr and "1 failed" in result.stderr and "HTTP 404" in result.stderr


@pytest.mark.parametrize("args", [
    (),
    ("www.gov.cn/a.htm",),
    ("--crawl", "http://127.0.0.1:9/", "--match", "(unclosed"),
    ("--crawl", "http://127.0.0.1:9/", "--depth", "-1"),
    ("http://127.0.0.1:9/", "--origin", "overseas"),
    ("http://127.0.0.1:9/", "--delay", "-1"),
    ("http://127.0.0.1:9/", "--adapter", "scsmine.web.nothing.v1"),
], ids=["nothing", "no-scheme", "bad-regex", "negative-depth", "bad-origin", "negative-delay", "unknown-adapter"])
def test_exit_2_on_usage_errors(cli: Any, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = cli("--db", tmp_path / "u.db", "fetch", *args)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert result.stderr.startswith("Error: ")

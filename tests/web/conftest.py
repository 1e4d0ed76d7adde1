"""Fixtures of the web tests: a loopback server per test, the shared gov.cn pages, a database path."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the test modules import webtools

from webtools import GovPage, Loopback


@pytest.fixture
def server() -> Iterator[Loopback]:
    """A started loopback server with an empty robots.txt; stopped at the end of the test."""
    srv = Loopback().start()
    srv.add("/robots.txt", "User-agent: *\nAllow: /\n", ctype="text/plain")
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def govcn(shared: Path) -> dict[str, GovPage]:
    """The shared gov.cn fragments by index number (e.g. ``000014349/2019-00007``)."""
    folder = shared / "corpus" / "raw" / "govcn"
    out: dict[str, GovPage] = {}
    for line in (folder / "sql_metadata.jsonl").read_text("utf-8").splitlines():
        m = json.loads(line)
        path = shared / "corpus" / m["file"]
        out[m["index_number"]] = GovPage(path.name, path.read_text("utf-8"), m["release_number"] or "",
                                         m["page_release_date"], m["title"], m)
    return out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh database path."""
    return tmp_path / "web.db"



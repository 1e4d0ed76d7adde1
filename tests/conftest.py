"""Shared fixtures: the shared corpus, an in-memory corpus, a CLI runner, a fake tagger.

Real documents are read from ``../shared`` (or ``$SCSMINE_SHARED``) in place;
nothing third-party is copied into the repository.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scsmine.core.models import Passage, Tag
from scsmine.store import Corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SCSMINE_SHARED", REPO.parent / "shared")).resolve()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="run tests marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow (make test-all)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared data folder (corpus, gold, codebook)."""
    if not (SHARED / "corpus" / "manifest.jsonl").is_file():
        pytest.fail(f"shared data not found at {SHARED}; set SCSMINE_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def manifest(shared: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries of the shared corpus by doc_id."""
    lines = (shared / "corpus" / "manifest.jsonl").read_text("utf-8").splitlines()
    return {e["doc_id"]: e for e in map(json.loads, filter(None, lines))}


@pytest.fixture(scope="session")
def doc(shared: Path, manifest: dict[str, dict[str, Any]]) -> Callable[[str], bytes]:
    """``doc("sh-scs-reg-2017")``: the raw bytes of a shared document."""

    def load(doc_id: str) -> bytes:
        return (shared / "corpus" / manifest[doc_id]["path"]).read_bytes()

    return load


@pytest.fixture
def corpus() -> Iterator[Corpus]:
    """An in-memory, migrated corpus."""
    c = Corpus.open(":memory:")
    yield c
    c.close()


@pytest.fixture(scope="session")
def shared_db(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    """A database with the whole shared corpus ingested (built once per session)."""
    from scsmine import api

    path = tmp_path_factory.mktemp("shared_db") / "scsmine.db"
    result = api.ingest(manifest=shared / "corpus" / "manifest.jsonl", db=path)
    assert result.failures == [], [f.message for f in result.failures]
    return path


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run the CLI in-process: ``cli("--db", db, "stats")`` → click Result."""
    from scsmine.cli import app

    runner = CliRunner()

    def run(*args: Any, input: str | None = None) -> Any:
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


class FakeTagger:
    """Tags every passage containing 信用 or 'credit' with ``finance``; tone neutral."""

    name = "test.fake.v1"
    version = "1"
    codebook_version = "1.1"

    def tag(self, passages: Sequence[Passage]) -> list[list[Tag]]:
        out = []
        for p in passages:
            tags = [Tag(p.id, "tone", "neutral", 1.0, self.name, self.version, self.codebook_version)]
            if "信用" in p.text or "credit" in p.text.lower():
                tags.append(
                    Tag(p.id, "driver", "finance", 0.9, self.name, self.version, self.codebook_version, ("信用",))
                )
            out.append(tags)
        return out


@pytest.fixture
def fake_tagger() -> FakeTagger:
    """A deterministic tagger for store and report tests."""
    return FakeTagger()

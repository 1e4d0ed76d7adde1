"""The framing report on the real shared corpus (tagged here by the fake tagger)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scsmine import api
from scsmine.store import Corpus


@pytest.fixture(scope="module")
def tagged_shared(shared_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared-corpus database with every passage tagged by the fake tagger."""
    from tests.conftest import FakeTagger

    copy = tmp_path_factory.mktemp("shared_tagged") / "tagged.db"
    src, dst = sqlite3.connect(shared_db), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    tagger = FakeTagger()
    with Corpus.open(copy) as corpus:
        for batch in corpus.untagged(tagger.name):
            corpus.add_tags(
                zip(batch, tagger.tag(batch), strict=True),
                tagger=tagger.name,
                tagger_version=tagger.version,
                codebook_version=tagger.codebook_version,
            )
    return copy


# A document whose text repeats an earlier current document's counts once (the PDF renderings of two laws).
_FIRST_COPY = (
    " AND NOT EXISTS (SELECT 1 FROM documents e WHERE e.status = 'current' AND e.text = d.text AND e.rowid < d.rowid)"
)


def test_shared_corpus_report_flags_its_limits(tagged_shared: Path, tmp_path: Path) -> None:
    result = api.report_framing(out=tmp_path, db=tagged_shared, where="doc_type!=unrelated")
    conn = sqlite3.connect(tagged_shared)
    totals = dict(
        conn.execute(
            "SELECT d.origin, COUNT(*) FROM passages p JOIN documents d ON d.rowid = p.doc_rowid"
            " WHERE d.status = 'current' AND d.doc_type <> 'unrelated'" + _FIRST_COPY + " GROUP BY 1"
        )
    )
    finance = dict(
        conn.execute(
            "SELECT d.origin, COUNT(*) FROM tags t JOIN passages p ON p.rowid = t.passage_rowid JOIN documents d"
            " ON d.rowid = p.doc_rowid WHERE d.status = 'current' AND d.doc_type <> 'unrelated' AND t.kind = 'driver'"
            " AND t.label = 'finance'" + _FIRST_COPY + " GROUP BY 1"
        )
    )
    conn.close()
    assert result.passages == sum(totals.values()) and result.tagger == "test.fake.v1"
    with (tmp_path / "tables" / "drivers_by_origin.csv").open(encoding="utf-8") as fh:
        rows: list[dict[str, Any]] = [r for r in csv.DictReader(fh) if r["driver"] == "finance"]
    for r in rows:
        assert int(r["passages"]) == finance.get(r["origin"], 0)
        assert float(r["share"]) == pytest.approx(finance.get(r["origin"], 0) / totals[r["origin"]])
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "Genre and group coincide" in md and "Language and group coincide" in md
    assert "pdf-sh-scs-reg-2017 (= sh-scs-reg-2017)" in md
    assert "no evaluation on record" in md or "Evaluation" in md
    assert "All Chinese passages" in md or "enough Chinese text" in md

"""Query, KWIC, filters, show and export on the shared corpus."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scsmine import api
from scsmine.core.errors import NotFoundError, UsageError


def test_defaulter_kwic_finds_court_rules_with_article_labels(shared_db: Path) -> None:
    hits = api.query("失信被执行人", db=shared_db, doc_type="judicial_rule", limit=0, with_kwic=True)
    assert len(hits) >= 6
    assert {h["doc_type"] for h in hits} == {"judicial_rule"}
    labelled = [h for h in hits if h["label"].startswith("第")]
    assert len(labelled) >= 5 and all(h["label"].endswith("条") for h in labelled)
    for h in hits:
        k = h["kwic"]
        assert k["keyword"] == "失信被执行人"
        assert (k["left"] + k["keyword"] + k["right"]).replace(" ", "") in h["text"].replace("\n", "").replace(" ", "")


def test_social_credit_foreign_returns_only_foreign(shared_db: Path) -> None:
    hits = api.query("social credit", db=shared_db, origin="foreign", limit=0)
    assert len(hits) > 50
    assert {h["origin"] for h in hits} == {"foreign"}
    assert all(re.search(r"social[\W_]+credit", h["text"], re.I) for h in hits)


def test_traditional_query_finds_simplified_text_and_back(shared_db: Path) -> None:
    traditional = api.query("誠信", db=shared_db, limit=0)
    simplified = api.query("诚信", db=shared_db, limit=0)
    assert traditional and [h["passage_id"] for h in traditional] == [h["passage_id"] for h in simplified]
    assert all("诚信" in h["text"] for h in traditional)


def test_english_is_stemmed_and_case_insensitive(shared_db: Path) -> None:
    hits = api.query("Blacklists", db=shared_db, limit=0)
    texts = " ".join(h["text"].lower() for h in hits)
    assert "blacklist " in texts or "blacklist," in texts or "blacklist." in texts


@pytest.mark.parametrize("text", ['"social credit', "(信用", "credit OR", "NEAR(a b)", "*", "信用)", "a AND"])
def test_search_syntax_characters_are_text(shared_db: Path, text: str) -> None:
    if not any(ch.isalnum() for ch in text):
        with pytest.raises(UsageError):
            api.query(text, db=shared_db)
    else:
        assert isinstance(api.query(text, db=shared_db), list)


def test_filters_by_level_jurisdiction_and_year(shared_db: Path) -> None:
    hits = api.query("信用", db=shared_db, level="municipal", year_from=2020, year_to=2023, limit=0)
    assert hits and {h["level"] for h in hits} == {"municipal"}
    assert all(2020 <= h["year"] <= 2023 for h in hits)
    assert {h["jurisdiction"] for h in api.query("信用", db=shared_db, jurisdiction="Shanghai", limit=0)} == {
        "Shanghai"
    }
    with pytest.raises(UsageError):
        api.query("信用", db=shared_db, year_from=2020, year_to=2010)


def test_single_character_query(shared_db: Path) -> None:
    hits = api.query("犬", db=shared_db, limit=0)
    assert hits and all("犬" in h["text"] for h in hits)


def test_show_by_manifest_id(shared_db: Path) -> None:
    data = api.show("spc-dishonest-list-2013", db=shared_db)
    assert data["doc_type"] == "judicial_rule" and data["lang"] == "zh" and data["origin"] == "domestic"
    labels = [p["label"] for p in data["passages"] if p["kind"] == "article"]
    assert labels[:3] == ["第一条", "第二条", "第三条"]
    assert {"id", "ordinal", "kind", "label", "text"} <= set(data["passages"][0])
    with pytest.raises(NotFoundError):
        api.show("no-such-doc", db=shared_db)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_one_row_per_passage_with_metadata(shared_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    n = api.export(out, db=shared_db, format=fmt, origin="foreign")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
    else:
        rows = pq.read_table(out).to_pylist()
    foreign = sum(c["passages"] for c in api.stats(db=shared_db)["counts"] if c["origin"] == "foreign")
    assert len(rows) == n == foreign
    assert {r["origin"] for r in rows} == {"foreign"}
    assert {"doc_id", "passage_id", "text", "title", "doc_type", "lang", "drivers", "frames", "tone"} <= set(rows[0])

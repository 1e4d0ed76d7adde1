"""``scsmine report topic``: KWIC, collocates and distribution of one concept."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scsmine import api
from scsmine.core.errors import UsageError
from scsmine.report.concordance import kwic, spans
from scsmine.report.glossary import count_terms, find_concept, load_glossary, nested_terms, pad_tokens


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_glossary_is_well_formed() -> None:
    concepts = load_glossary()
    assert len(concepts) >= 40 and len({c.id for c in concepts}) == len(concepts)
    assert all(c.zh and c.en for c in concepts)
    assert nested_terms(concepts) == []
    assert find_concept("失信被执行人").id == find_concept("Judgment defaulters").id == "judgment_defaulter"
    assert find_concept("credit repair").zh == ("信用修复",)
    assert find_concept("no such thing") is None


def test_counting_concepts() -> None:
    blacklist = find_concept("blacklist")
    assert count_terms(
        blacklist, "黑名单与黑名单制度", pad_tokens("the blacklists and a black list not blacklisting")
    ) == (2, 3)


def test_kwic_and_spans() -> None:
    lines = kwic("申请信用修复的，应当提交材料。信用修复完成后", ["信用修复"], width=4)
    assert [m for _, m, _ in lines] == ["信用修复", "信用修复"]
    assert lines[0][0] == "申请" and lines[1][2].startswith("完成后")
    assert kwic("Credit Repair is new; credit repairs too", ["credit repair"])[1][1] == "credit repairs"
    assert spans(["申请", "信用", "修复", "的"], "信用修复") == [(1, 3)]
    assert spans(["judgment", "defaulters", "are"], "judgment defaulter") == [(0, 2)]


def test_topic_report_on_a_concept(synth_db: Path, tmp_path: Path) -> None:
    result = api.report_topic("信用修复", out=tmp_path, db=synth_db)
    en_terms = ("credit repair", "credit restoration", "restore credit", "repair credit", "credit rehabilitation")
    conn = sqlite3.connect(synth_db)
    rows = conn.execute(
        "SELECT p.text, p.tokens FROM passages p JOIN documents d ON d.rowid = p.doc_rowid WHERE d.status = 'current'"
    ).fetchall()
    conn.close()
    want = sum("信用修复" in text or any(f" {t} " in f" {tokens} " for t in en_terms) for text, tokens in rows)
    by_origin = _csv(tmp_path / "tables" / "by_origin.csv")
    assert sum(int(r["passages"]) for r in by_origin) == want > 0
    lines = _csv(tmp_path / "tables" / "kwic.csv")
    assert lines and {r["match"].lower() for r in lines} <= {"信用修复", *en_terms}
    assert {r["origin"] for r in lines} == {"domestic"}
    md = (tmp_path / "report.md").read_text("utf-8")
    assert "Credit repair (credit_repair)" in md and "credit repair" in md
    assert (tmp_path / "tables" / "collocates_zh.csv").is_file()
    assert result.html.is_file()


def test_topic_without_hits_says_so(synth_db: Path, tmp_path: Path) -> None:
    api.report_topic("量子计算", out=tmp_path, db=synth_db)
    assert "No passage in scope holds 量子计算" in (tmp_path / "report.md").read_text("utf-8")


def test_topic_rejects_empty_queries(synth_db: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        api.report_topic("  ", out=tmp_path, db=synth_db)
    with pytest.raises(UsageError):
        api.report_topic("!!!", out=tmp_path, db=synth_db)


def test_cli_topic(cli: Any, synth_db: Path, tmp_path: Path) -> None:
    result = cli("--db", synth_db, "report", "topic", "judgment defaulter", "--out", tmp_path, "--where", "lang=en")
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "tables" / "by_lang.csv")
    assert [r["lang"] for r in rows] == ["en"] and int(rows[0]["passages"]) > 0

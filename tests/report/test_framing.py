"""The framing report: numbers recomputed from the database, files, options and errors."""

from __future__ import annotations

import csv
import math
import re
import sqlite3
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from scsmine import api
from scsmine.core.errors import InputError, NotFoundError, UsageError
from scsmine.store import Corpus


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _default_tagger(conn: sqlite3.Connection) -> str:
    return conn.execute(
        "SELECT tagger FROM tag_runs GROUP BY tagger ORDER BY COUNT(*) DESC, MAX(tagged_at) DESC LIMIT 1"
    ).fetchone()[0]


def test_writes_the_promised_files(framing_dir: Path) -> None:
    assert (framing_dir / "report.html").stat().st_size > 10_000
    assert (framing_dir / "report.md").read_text("utf-8").startswith("# Framing report")
    assert _csv(framing_dir / "tables" / "drivers_by_origin.csv")[0].keys() == {"origin", "driver", "passages", "share"}
    svgs = sorted(p.stem for p in (framing_dir / "figures").glob("*.svg"))
    pngs = sorted(p.stem for p in (framing_dir / "figures").glob("*.png"))
    assert svgs == pngs and "drivers_by_origin" in svgs and len(svgs) >= 8
    html = (framing_dir / "report.html").read_text("utf-8")
    assert "data:image/svg+xml;base64," in html and 'src="figures/' not in html  # self-contained


def test_drivers_by_origin_equal_independent_sql(framing_dir: Path, synth_db: Path) -> None:
    conn = sqlite3.connect(synth_db)
    tagger = _default_tagger(conn)
    totals = dict(
        conn.execute(
            "SELECT d.origin, COUNT(*) FROM passages p JOIN documents d ON d.rowid = p.doc_rowid"
            " WHERE d.status = 'current' GROUP BY d.origin"
        )
    )
    carrying = {
        (o, label): n
        for o, label, n in conn.execute(
            "SELECT d.origin, t.label, COUNT(DISTINCT p.rowid) FROM tags t JOIN passages p ON p.rowid = t.passage_rowid"
            " JOIN documents d ON d.rowid = p.doc_rowid WHERE d.status = 'current' AND t.kind = 'driver'"
            " AND t.tagger = ? GROUP BY 1, 2",
            (tagger,),
        )
    }
    conn.close()
    rows = _csv(framing_dir / "tables" / "drivers_by_origin.csv")
    assert {(r["origin"], r["driver"]) for r in rows} >= set(carrying)
    for r in rows:
        want = carrying.get((r["origin"], r["driver"]), 0)
        assert int(r["passages"]) == want, r
        assert float(r["share"]) == pytest.approx(want / totals[r["origin"]], abs=1e-12), r
    assert tagger == "test.full.v1"
    assert "test.full.v1" in (framing_dir / "report.md").read_text("utf-8")


def _stopwords() -> set[str]:
    text = resources.files("scsmine.report").joinpath("stopwords_zh.txt").read_text("utf-8")
    return set(ENGLISH_STOP_WORDS) | {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}


def _g2(a: float, b: float, c: float, d: float) -> float:
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))


def test_keyness_table_equals_independent_counts(framing_dir: Path, synth_db: Path) -> None:
    conn = sqlite3.connect(synth_db)
    target, rest = Counter[str](), Counter[str]()
    for origin, tokens in conn.execute(
        "SELECT d.origin, p.tokens FROM passages p JOIN documents d ON d.rowid = p.doc_rowid"
        " WHERE d.status = 'current' AND p.lang = 'en'"
    ):
        (target if origin == "foreign" else rest).update(tokens.split())
    conn.close()
    c, d = sum(target.values()), sum(rest.values())
    stop = _stopwords()
    eligible = {
        t: _g2(a, rest[t], c, d)
        for t, a in target.items()
        if a >= 5 and len(t) >= 2 and re.search(r"[^\W\d_]", t) and t not in stop and a / c > rest[t] / d
    }
    want = sorted(eligible, key=lambda t: (-eligible[t], t))[:25]
    rows = _csv(framing_dir / "tables" / "keyness_en_foreign.csv")
    assert [r["term"] for r in rows] == want
    for r in rows:
        a, b = target[r["term"]], rest[r["term"]]
        assert int(r["freq"]) == a and int(r["freq_rest"]) == b
        assert float(r["g2"]) == pytest.approx(_g2(a, b, c, d), abs=1e-3)
        assert float(r["log_ratio"]) == pytest.approx(math.log2((a / c) / ((b or 0.5) / d)), abs=1e-3)
        assert float(r["per_10k"]) == pytest.approx(a / c * 1e4, abs=1e-2)


def test_reports_are_reproducible(framing_dir: Path, synth_db: Path, tmp_path: Path) -> None:
    one, two = framing_dir, tmp_path / "two"
    api.report_framing(out=two, db=synth_db)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file() and p.suffix != ".html")
    assert len(files) > 20
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file() and p.suffix != ".html")
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel
    strip = re.compile(r'<dd class="generated">[^<]*</dd>')
    html1, html2 = ((d / "report.html").read_text("utf-8") for d in (one, two))
    assert strip.sub("", html1) == strip.sub("", html2)


def test_where_restricts_every_count(synth_db: Path, tmp_path: Path) -> None:
    result = api.report_framing(out=tmp_path, db=synth_db, where="lang=en and doc_type!=analysis")
    conn = sqlite3.connect(synth_db)
    n = conn.execute(
        "SELECT COUNT(*) FROM passages p JOIN documents d ON d.rowid = p.doc_rowid WHERE"
        " d.status = 'current' AND p.lang = 'en' AND d.doc_type != 'analysis'"
    ).fetchone()[0]
    conn.close()
    assert result.passages == n
    overview = _csv(tmp_path / "tables" / "overview.csv")
    assert sum(int(r["passages"]) for r in overview) == n and {r["lang"] for r in overview} == {"en"}


def test_by_doc_type_tests_each_group_against_the_rest(synth_db: Path, tmp_path: Path) -> None:
    api.report_framing(out=tmp_path, db=synth_db, by="doc_type")
    rows = _csv(tmp_path / "tables" / "drivers_by_doc_type_tests.csv")
    assert {r["versus"] for r in rows} == {"rest"}
    assert {r["group"] for r in rows} == {"analysis", "central_policy", "local_rule", "media_article", "ministry_rule"}
    assert all(0 <= float(r["q_value"]) <= 1 for r in rows)


def test_tagger_option_and_default(synth_db: Path, tmp_path: Path) -> None:
    result = api.report_framing(out=tmp_path / "half", db=synth_db, tagger="test.half.v1")
    assert result.tagger == "test.half.v1"
    assert "chosen with --tagger" in (tmp_path / "half" / "report.md").read_text("utf-8")
    with pytest.raises(NotFoundError) as err:
        api.report_framing(out=tmp_path / "x", db=synth_db, tagger="nope.v1")
    assert "test.full.v1" in err.value.hint


def test_default_tagger_tie_goes_to_the_most_recent(tmp_path: Path) -> None:
    from scsmine.report.framing import choose_tagger

    from .conftest import build_corpus

    db = build_corpus(tmp_path / "tie.db")
    with Corpus.open(db) as corpus:
        corpus.conn.execute(
            "DELETE FROM tag_runs WHERE tagger = 'test.full.v1' AND passage_rowid NOT IN"
            " (SELECT passage_rowid FROM tag_runs WHERE tagger = 'test.half.v1')"
        )
        counts = dict(corpus.conn.execute("SELECT tagger, COUNT(*) FROM tag_runs GROUP BY tagger"))
        if counts["test.full.v1"] != counts["test.half.v1"]:
            pytest.skip(f"fixture does not give a tie: {counts}")
        corpus.conn.execute("UPDATE tag_runs SET tagged_at = '2000-01-01' WHERE tagger = 'test.full.v1'")
        choice = choose_tagger(corpus, (), None)
    assert choice.name == "test.half.v1" and "tie" in choice.reason


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"where": "year>=2100"}, InputError, "no passage matches"),
        ({"where": "colour=red"}, UsageError, "unknown field 'colour'"),
        ({"by": "colour"}, UsageError, "cannot group by 'colour'"),
    ],
)
def test_clear_errors(
    synth_db: Path, tmp_path: Path, kwargs: dict[str, Any], error: type[Exception], text: str
) -> None:
    with pytest.raises(error) as err:
        api.report_framing(out=tmp_path / "out", db=synth_db, **kwargs)
    assert text in str(err.value)


def test_empty_database_is_a_clear_error(tmp_path: Path) -> None:
    Corpus.open(tmp_path / "empty.db").close()
    with pytest.raises(InputError, match="has no passages"):
        api.report_framing(out=tmp_path / "out", db=tmp_path / "empty.db")


def test_unwritable_output_is_a_clear_error(synth_db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot write to output directory"):
        api.report_framing(out=blocker / "report", db=synth_db)


def test_untagged_database_still_reports(tmp_path: Path) -> None:
    from .conftest import build_corpus

    db = build_corpus(tmp_path / "untagged.db")
    with Corpus.open(db) as corpus:
        corpus.conn.execute("DELETE FROM tags")
        corpus.conn.execute("DELETE FROM tag_runs")
    result = api.report_framing(out=tmp_path / "out", db=db)
    assert result.tagger is None
    rows = _csv(tmp_path / "out" / "tables" / "drivers_by_origin.csv")
    assert rows and all(r["passages"] == "0" for r in rows)
    assert "nothing to compare; run `scsmine tag`" in (tmp_path / "out" / "report.md").read_text("utf-8")


def test_methods_section_names_provenance(framing_dir: Path) -> None:
    md = (framing_dir / "report.md").read_text("utf-8")
    for needle in ("Corpus hash", "Tagger version", "Codebook version", "1.1", "Evaluation", "Benjamini–Hochberg"):
        assert needle in md
    assert "Generated" not in md  # time only in the HTML


def test_cli_framing_and_errors(cli: Any, synth_db: Path, tmp_path: Path) -> None:
    ok = cli("--db", synth_db, "report", "framing", "--out", tmp_path / "r", "--by", "lang", "--format", "csv")
    assert ok.exit_code == 0, ok.output
    assert "report.html" in ok.stdout and (tmp_path / "r" / "tables" / "drivers_by_lang.csv").is_file()
    bad = cli("--db", synth_db, "report", "framing", "--out", tmp_path / "r2", "--where", "orgin=domestic")
    assert bad.exit_code == 2
    assert "unknown field 'orgin'" in bad.stderr and "valid fields" in bad.stderr


@pytest.mark.parametrize("args", [["report"], ["report", "framing"], ["report", "topic"]])
def test_commands_have_help(cli: Any, args: list[str]) -> None:
    result = cli(*args, "--help")
    assert result.exit_code == 0 and len(result.stdout) > 100


def test_evaluation_figures_are_shown_for_the_chosen_tagger() -> None:
    from scsmine.report.methods import _evaluation

    record = {
        "other.v1": {"macro_f1": 0.1},
        "scsmine.linear.v1": {"macro_f1": 0.71, "per_label": {"finance": {"f1": 0.8, "support": 30}}},
    }
    facts, tables = _evaluation(record, "scsmine.linear.v1")
    assert ("Evaluation: macro_f1", "0.710") in facts and all("0.1" not in v for _, v in facts)
    assert tables[0].rows == [{"label": "finance", "f1": 0.8, "support": 30}]
    assert _evaluation(None, "x")[0] == [("Evaluation", "no evaluation on record")]


def test_documents_with_the_same_text_count_once(tmp_path: Path) -> None:
    law = "# 示范条例\n\n第一条 为了推进诚信建设，制定本条例。\n\n第二条 市场主体应当依法履行信用承诺。\n"
    other = "# 另一条例\n\n第一条 个人信用信息应当依法采集。\n"
    (tmp_path / "law.md").write_text(law, encoding="utf-8")
    (tmp_path / "law-copy.md").write_text(law.replace("\n\n", "\n\n\n"), encoding="utf-8")  # same text once normalised
    (tmp_path / "other.md").write_text(other, encoding="utf-8")
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        "".join(f'{{"doc_id": "{d}", "path": "{d}.md", "origin": "domestic", "lang": "zh"}}\n'
                for d in ("law", "law-copy", "other")),
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    assert api.ingest(manifest=manifest, db=db).count("added") == 3
    once = api.report_framing(out=tmp_path / "once", db=db)
    each = api.report_framing(out=tmp_path / "each", db=db, same_text="each")
    with sqlite3.connect(db) as conn:
        per_doc = dict(conn.execute("SELECT d.manifest_id, COUNT(*) FROM passages p JOIN documents d"
                                    " ON d.rowid = p.doc_rowid GROUP BY 1").fetchall())
    assert per_doc["law"] == per_doc["law-copy"] >= 2
    assert (once.documents, once.passages) == (2, per_doc["law"] + per_doc["other"])
    assert (each.documents, each.passages) == (3, sum(per_doc.values()))
    note = "1 document(s) in scope have exactly the same text as another and are counted once: law-copy (= law)"
    assert note in (tmp_path / "once" / "report.md").read_text(encoding="utf-8")
    assert "counted once" not in (tmp_path / "each" / "report.md").read_text(encoding="utf-8")
    topic = api.report_topic("信用", out=tmp_path / "topic", db=db)
    topic_md = (tmp_path / "topic" / "report.md").read_text(encoding="utf-8")
    assert topic.passages == once.passages and note in topic_md
    # the reader sees the scope asked for, not the internal exclusion of copies
    for md in (topic_md, (tmp_path / "once" / "report.md").read_text(encoding="utf-8")):
        assert "scope: all passages" in md and "**Scope:** all passages; current versions only" in md
    with pytest.raises(UsageError, match="--same-text"):
        api.report_framing(out=tmp_path / "bad", db=db, same_text="twice")

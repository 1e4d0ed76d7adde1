"""`scsmine tag` over a database, train/evaluate on own annotations, agreement, annotation round trip."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner

from scsmine import api
from scsmine.cli import app
from scsmine.core.models import Document, Passage, doc_key, passage_key
from scsmine.store import Corpus
from scsmine.tag.dataset import Example

TEXT = ("失信被执行人被限制乘坐飞机和高铁，不得高消费。\n第二条 征信机构应当依法采集信贷信息。\n"
        "Companies that cheat on taxes are blacklisted.")


def _db(path: Path) -> Path:
    doc = Document(id=doc_key(TEXT), text=TEXT, title="t", sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
                   parser="test.v1", parser_version="1", ingested_at="2026-01-01T00:00:00+00:00", lang="zh")
    passages, start = [], 0
    for i, part in enumerate(TEXT.split("\n")):
        passages.append(Passage(passage_key(doc.id, i), doc.id, i, "paragraph", start, start + len(part), part,
                                "en" if part.startswith("Comp") else "zh"))
        start += len(part) + 1
    with Corpus.open(path) as corpus:
        corpus.add_document(doc, passages, [p.text for p in passages], raw=TEXT.encode(), locator="t.txt")
    return path


def test_tag_stores_tags_with_provenance(tmp_path: Path) -> None:
    db = _db(tmp_path / "c.db")
    summary = api.tag(db)
    assert summary.tagger == "scsmine.linear.v1" and summary.passages == 3 and summary.codebook_version == "1.1"
    assert api.tag(db).passages == 0  # already tagged
    with Corpus.open(db) as corpus:
        ids = [p.id for p in corpus.passages(doc_key(TEXT))]
        tags = corpus.tags_for(ids, "scsmine.linear.v1")
    first = {(t.kind, t.label): t for t in tags[ids[0]]}
    assert ("driver", "individual_behaviour") in first
    tag = first[("driver", "individual_behaviour")]
    assert tag.tagger_version == summary.tagger_version and tag.codebook_version == "1.1"
    assert 0.0 < tag.score <= 1.0 and tag.evidence
    assert sum(t.kind == "tone" for t in tags[ids[1]]) == 1


def test_tag_command_with_dictionary_tagger(tmp_path: Path) -> None:
    db = _db(tmp_path / "c.db")
    result = CliRunner().invoke(app, ["--db", str(db), "tag", "--tagger", "scsmine.cue_dict.v1", "-f", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)[0]
    assert row["tagger"] == "scsmine.cue_dict.v1" and row["passages"] == 3


def _labelled_file(path: Path, examples: list[Example]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for e in examples:
            handle.write(json.dumps({"id": e.id, "text": e.text, "lang": e.lang, "drivers": list(e.drivers),
                                     "frames": list(e.frames), "tone": e.tone, "group": e.group},
                                    ensure_ascii=False) + "\n")
    return path


def test_train_and_evaluate_own_annotations(tmp_path: Path, written: list[Example]) -> None:
    data = _labelled_file(tmp_path / "mine.jsonl", written)
    model = tmp_path / "mine.json.gz"
    result = CliRunner().invoke(app, ["train", str(data), "-o", str(model), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["passages"] == len(written)
    result = CliRunner().invoke(app, ["evaluate", str(data), "--model", str(model), "--boot", "50"])
    assert result.exit_code == 0, result.output
    assert "drivers macro-F1" in result.stdout and "== zh" in result.stdout
    report = api.evaluate(data, model=model, boot=50)
    assert set(report) == {"all", "en", "zh"}
    assert report["all"]["drivers"]["cooccurrence"]["finance"]["finance"] >= 1
    assert len(report["all"]["drivers"]["macro_f1"]["ci95"]) == 2


def test_agreement(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    rows_a = [{"id": f"x{i}", "drivers": ["finance"] if i % 2 else [], "frames": [], "tone": "neutral"}
              for i in range(10)]
    rows_b = [dict(r) for r in rows_a]
    rows_b[0] = {**rows_b[0], "drivers": ["finance"], "tone": "negative"}
    a.write_text("\n".join(json.dumps(r) for r in rows_a), encoding="utf-8")
    extra = {"id": "extra", "drivers": [], "frames": [], "tone": "neutral"}
    b.write_text("\n".join(json.dumps(r) for r in [*rows_b, extra]), encoding="utf-8")
    result = api.agreement(a, b)
    assert result["passages"] == 10 and result["only_b"] == 1
    by = {(r["kind"], r["label"]): r for r in result["labels"]}
    assert 0.5 < by[("driver", "finance")]["kappa"] < 1.0
    assert by[("driver", "commercial_sincerity")]["alpha"] == 1.0
    assert by[("driver", "finance")]["f1"] == round(2 * 5 / (5 + 6), 4)  # 5 shared positives, 5 + 6 in all
    assert by[("driver", "commercial_sincerity")]["f1"] is None  # neither coder used it
    assert result["macro_f1"]["driver"] == by[("driver", "finance")]["f1"]
    cli = CliRunner().invoke(app, ["agreement", str(a), str(b), "-f", "csv"])
    assert cli.exit_code == 0 and "kind,label,alpha,kappa,agree,f1" in cli.stdout
    assert "macro-F1 of one coder against the other: drivers 0.909" in cli.stderr


def test_annotation_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "text": "征信机构采集信贷信息。", "lang": "zh"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    for fmt, name in (("label-studio", "tasks.json"), ("doccano", "tasks.jsonl")):
        out = tmp_path / name
        assert api.annotate_export(src, out, format=fmt) == 1
        if fmt == "label-studio":
            tasks = json.loads(out.read_text("utf-8"))
            assert tasks[0]["predictions"][0]["model_version"].startswith("scsmine.linear.v1@")
            assert (tmp_path / "tasks.json.label_config.xml").read_text("utf-8").count("<Choice ") == 14
            tasks[0]["annotations"] = [{"completed_by": 7, "result": tasks[0]["predictions"][0]["result"]}]
            out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        back = tmp_path / f"back-{fmt}.jsonl"
        assert api.annotate_import(out, back) == 1
        row = json.loads(back.read_text("utf-8"))
        assert row["id"] == "p1" and "finance" in row["drivers"] and row["tone"] in ("neutral", "positive", "negative")


def test_annotation_import_rejects_unknown_labels(tmp_path: Path) -> None:
    bad = tmp_path / "d.jsonl"
    bad.write_text(json.dumps({"id": 1, "text": "x", "label": ["driver:finanse", "tone:neutral"]}) + "\n",
                   encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", "import", str(bad), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 1 and "d.jsonl:1: drivers label 'finanse'" in result.output

"""Labelled data: gold, corpus references (checked by SHA-1), authored passages, researcher files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from scsmine.core.errors import InputError
from scsmine.tag.dataset import Example, load_corpus_refs, load_labelled, resolve_ref

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"


def test_all_sources_load_with_groups(labelled: list[Example]) -> None:
    sources = {e.source for e in labelled}
    assert {"gold", "corpus", "authored"} <= sources
    assert sum(e.source == "gold" for e in labelled) == 358
    for e in labelled:
        assert e.text.strip() and e.lang in ("zh", "en") and e.group
        assert e.group.startswith({"gold": "url:", "corpus": "doc:", "authored": "authored"}[e.source])
    assert not any(e.real for e in labelled if e.source == "authored")


def test_corpus_refs_resolve_and_verify(shared: Path) -> None:
    refs = load_corpus_refs(GOLD_DIR, shared)
    assert len(refs) >= 200
    assert {e.lang for e in refs} == {"zh", "en"}


def test_changed_span_is_refused(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("第一条 信用。\r\n第二条 征信。", encoding="utf-8", newline="")
    ref = {"path": "doc.txt", "start": 9, "end": 15, "sha1": hashlib.sha1("第二条 征信".encode()).hexdigest()}
    assert resolve_ref(ref, tmp_path, "refs:1", {}) == "第二条 征信"  # offsets count the \r
    with pytest.raises(InputError, match="does not match its sha1"):
        resolve_ref({**ref, "start": 8}, tmp_path, "refs:1", {})


def test_researcher_file_errors_name_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    good = {"text": "征信", "lang": "zh", "drivers": ["finance"], "frames": [], "tone": "neutral"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "drivers": ["finanse"]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mine.jsonl:2: field 'drivers' has unknown label 'finanse'"):
        load_labelled([path])
    path.write_text(json.dumps({**good, "text": " "}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mine.jsonl:1: field 'text' is missing or empty"):
        load_labelled([path])
    path.write_text(json.dumps({**good, "tone": "happy"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mine.jsonl:1: field 'tone' is 'happy'"):
        load_labelled([path])
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mine.jsonl:1: not valid JSON"):
        load_labelled([path])


def test_researcher_file_groups(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [{"text": "a", "drivers": "finance|individual_behaviour", "frames": [], "tone": "neutral", "url": "u1"},
            {"id": "x", "text": "b", "drivers": [], "frames": [], "tone": "negative"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    a, b = load_labelled([path])
    assert a.drivers == ("finance", "individual_behaviour") and a.group == "u1" and a.lang == ""
    assert b.id == "x" and b.group == "x"


def test_authored_files_load_as_training_only(tmp_path: Path) -> None:
    from scsmine.tag.dataset import load_authored

    row = {"text": "征信", "lang": "zh", "drivers": ["finance"], "frames": [], "tone": "neutral"}
    (tmp_path / "authored.jsonl").write_text(json.dumps({**row, "id": "w0001"}) + "\n", encoding="utf-8")
    assert [e.id for e in load_authored(tmp_path)] == ["w0001"]
    (tmp_path / "authored2.jsonl").write_text(json.dumps({**row, "id": "v0001"}) + "\n", encoding="utf-8")
    both = load_authored(tmp_path)
    assert [e.id for e in both] == ["w0001", "v0001"]
    assert len({e.group for e in both}) == 2 and not any(e.real for e in both)


def test_english_authored_passages_are_weighted_by_file(tmp_path: Path) -> None:
    from scsmine.tag.dataset import load_authored
    from scsmine.tag.train import TrainConfig, weighted

    en = {"text": "Banks use the credit report.", "lang": "en", "drivers": ["finance"], "frames": [], "tone": "neutral"}
    zh = {**en, "text": "银行查询征信报告。", "lang": "zh"}
    for name, prefix in (("authored", "w"), ("authored3", "x")):
        rows = [{**en, "id": f"{prefix}0001"}, {**zh, "id": f"{prefix}0002"}]
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    examples = load_authored(tmp_path)
    assert [e.file for e in examples] == ["authored", "authored", "authored3", "authored3"]
    kept, weights = weighted(examples, TrainConfig())
    # English passages of the older files are left out; those of authored3 and all Chinese ones are kept
    assert [e.id for e in kept] == ["w0002", "x0001", "x0002"] and weights.tolist() == [1.0, 1.0, 1.0]
    kept, _ = weighted(examples, TrainConfig(authored_en_files=()))
    assert [e.id for e in kept] == ["w0002", "x0002"]

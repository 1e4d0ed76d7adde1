"""The packaged evaluation figures (scsmine/tag/data/evaluation.json) and their shape."""

from __future__ import annotations

import json
from importlib import resources

from scsmine.tag.taggers import DEFAULT_TAGGER


def _record() -> dict:  # type: ignore[type-arg]
    path = resources.files("scsmine.tag").joinpath("data", "evaluation.json")
    return dict(json.loads(path.read_text("utf-8")))


def test_packaged_evaluation_is_keyed_by_tagger() -> None:
    record = _record()
    assert DEFAULT_TAGGER in record and "scsmine.cue_dict.v1" in record
    figures = record[DEFAULT_TAGGER]
    assert figures["scored_passages"] >= 800
    for lang in ("zh", "en"):
        assert 0.0 < figures[f"drivers_macro_f1_{lang}"] <= 1.0
        assert set(figures[f"drivers_{lang}"]) == {"finance", "commercial_sincerity", "government_accountability",
                                                   "individual_behaviour"}


def test_methods_section_shows_the_figures() -> None:
    from scsmine.report.methods import _evaluation

    facts, tables = _evaluation(_record(), DEFAULT_TAGGER)
    names = dict(facts)
    assert "Evaluation: drivers_macro_f1_zh" in names and "Evaluation: scored_passages" in names
    assert {t.name for t in tables} >= {"evaluation_macro_f1", "evaluation_drivers_zh", "evaluation_drivers_en"}

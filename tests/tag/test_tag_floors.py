"""Quality gate (STYLE.md §24): the real grouped evaluation must not drop below eval_baseline.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from scsmine.tag import floors
from scsmine.tag.dataset import Example
from scsmine.tag.evaluation import cross_validate

BASELINE = Path(__file__).resolve().parents[2] / "eval_baseline.json"


def _run(labelled: list[Example], profile: str) -> tuple[dict, dict]:  # type: ignore[type-arg]
    baseline = floors.load(BASELINE)
    report = cross_validate(labelled, config=floors.config_of(baseline, profile), boot=200)
    return report, baseline["profiles"][profile]["floors"]


def test_quick_recipe_stays_above_floors(labelled: list[Example]) -> None:
    report, pinned = _run(labelled, "quick")
    assert report["setup"]["scored_passages"] >= 700
    assert {k for k in pinned if "macro_f1" in k} == set(floors.FLOOR_KEYS)
    assert floors.check(report, pinned) == []
    # the supervised model beats the dictionary baseline on drivers in both languages
    for lang in ("en", "zh"):
        assert (report["model"][lang]["drivers"]["macro_f1"]["f1"]
                > report["baseline"][lang]["drivers"]["macro_f1"]["f1"])


def test_no_document_in_train_and_test(labelled: list[Example]) -> None:
    import numpy as np

    from scsmine.tag.splits import grouped_folds

    real = [e for e in labelled if e.real]
    folds = grouped_folds([e.group for e in real], np.zeros((len(real), 1)), 5)
    for train, test in folds:
        assert not {real[i].group for i in train} & {real[i].group for i in test}


@pytest.mark.slow
def test_full_recipe_stays_above_floors(labelled: list[Example]) -> None:
    report, pinned = _run(labelled, "full")
    assert floors.check(report, pinned) == []


def test_check_reports_regressions() -> None:
    report = {"model": {"zh": {"drivers": {"macro_f1": {"f1": 0.5}}}}}
    assert floors.check(report, {"model/zh/drivers/macro_f1/f1": 0.6}) == [
        "model/zh/drivers/macro_f1/f1: 0.5000 < 0.6000"]
    assert floors.check(report, {"model/zh/drivers/macro_f1/f1": 0.5}) == []

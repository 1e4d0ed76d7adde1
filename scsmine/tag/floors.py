"""Pinned quality floors for the held-out evaluation (STYLE.md §24, ``eval_baseline.json``).

The file holds named profiles; each has the training settings to evaluate
with and the floors that the figures must not drop below::

    {"profiles": {"full": {"config": {...}, "floors": {"model/zh/drivers/macro_f1/f1": 0.62, ...}}}}

A floor's key is the path of the figure in the report of
:func:`scsmine.tag.evaluation.cross_validate`. Floors are pinned from a run
(:func:`pin`) a margin below the measured value, so that small changes of
solver or data do not fail the check but a real regression does.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from scsmine.core.errors import InputError
from scsmine.tag.train import TrainConfig

__all__ = ["FLOOR_KEYS", "check", "config_of", "figure", "load", "pin"]

MACRO_MARGIN = 0.03
LABEL_MARGIN = 0.06
FLOOR_KEYS = [f"model/{lang}/{part}/macro_f1/f1" for lang in ("all", "en", "zh")
              for part in ("drivers", "frames", "tone")]


def load(path: str | Path) -> dict[str, Any]:
    """The baseline file.

    Raises:
        InputError: Missing or not JSON.
    """
    try:
        return dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", "pin floors with --pin") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})", "fix the file or pin again") from None


def config_of(baseline: dict[str, Any], profile: str) -> TrainConfig:
    """The training settings of a profile."""
    raw = dict(baseline["profiles"][profile].get("config", {}))
    kwargs: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}
    return TrainConfig(**kwargs)


def figure(report: dict[str, Any], key: str) -> float:
    """The figure at ``key`` (``model/zh/drivers/macro_f1/f1``) of a report."""
    node: Any = report
    for part in key.split("/"):
        node = node[part]
    return float(node)


def _label_keys(report: dict[str, Any]) -> list[str]:
    keys = []
    for lang in ("en", "zh"):
        for part in ("drivers", "frames"):
            for label in report["model"][lang][part]["per_label"]:
                keys.append(f"model/{lang}/{part}/per_label/{label}/f1")
    return keys


def check(report: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """Every figure below its floor, as ``key: value < floor`` lines."""
    return [f"{key}: {figure(report, key):.4f} < {floor:.4f}" for key, floor in floors.items()
            if figure(report, key) < floor - 1e-9]


def pin(report: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """A profile whose floors are the report's figures minus a margin (rounded down)."""
    floors = {}
    for key in FLOOR_KEYS + _label_keys(report):
        margin = MACRO_MARGIN if key in FLOOR_KEYS else LABEL_MARGIN
        floors[key] = max(0.0, math.floor((figure(report, key) - margin) * 100) / 100)
    measured = {key: round(figure(report, key), 4) for key in FLOOR_KEYS}
    return {"config": config, "measured": measured, "floors": floors}

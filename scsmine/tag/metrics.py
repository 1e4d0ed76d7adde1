"""Scores for multi-label tagging against human labels (CODEBOOK.md §1-3).

* Precision, recall and F1 per label, overall and per language.
* Macro-F1 over the drivers and over the frames, with a cluster bootstrap
  confidence interval: whole groups (documents or URLs) are resampled,
  because passages of one document are not independent.
* Tone: accuracy, macro-F1 (with interval) and a confusion matrix.
* Co-occurrence confusion: for passages whose human labels include A, how
  often each label B was predicted (the diagonal is the true positives).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["macro_f1_ci", "prf", "score_report"]


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1 (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _counts(y: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (y & pred).sum(axis=0), (~y & pred).sum(axis=0), (y & ~pred).sum(axis=0)


def _macro(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    denom = 2 * tp + fp + fn
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(denom > 0, 2 * tp / np.maximum(denom, 1), np.nan)
    return np.nanmean(f1, axis=-1) if f1.size else np.zeros(f1.shape[:-1])


def macro_f1_ci(y: np.ndarray, pred: np.ndarray, groups: Sequence[str], *, boot: int = 1000,
                seed: int = 0) -> dict[str, Any]:
    """Macro-F1 over the columns, with a 95% cluster-bootstrap interval over groups."""
    y = y.astype(bool)
    pred = pred.astype(bool)
    keys = sorted(set(groups))
    index = {g: i for i, g in enumerate(keys)}
    gid = np.array([index[g] for g in groups])
    tp_g = np.zeros((len(keys), y.shape[1]))
    fp_g = np.zeros_like(tp_g)
    fn_g = np.zeros_like(tp_g)
    np.add.at(tp_g, gid, (y & pred).astype(float))
    np.add.at(fp_g, gid, (~y & pred).astype(float))
    np.add.at(fn_g, gid, (y & ~pred).astype(float))
    point = float(_macro(tp_g.sum(0), fp_g.sum(0), fn_g.sum(0)))
    rng = np.random.RandomState(seed)
    draws = rng.randint(0, len(keys), size=(boot, len(keys)))
    weights = np.zeros((boot, len(keys)))
    np.add.at(weights, (np.repeat(np.arange(boot), len(keys)), draws.ravel()), 1.0)
    sample = _macro(weights @ tp_g, weights @ fp_g, weights @ fn_g)
    low, high = np.nanpercentile(sample, [2.5, 97.5])
    return {"f1": round(point, 4), "ci95": [round(float(low), 4), round(float(high), 4)],
            "passages": len(y), "groups": len(keys)}


def _per_label(y: np.ndarray, pred: np.ndarray, names: Sequence[str]) -> dict[str, Any]:
    tp, fp, fn = _counts(y, pred)
    return {n: {**prf(tp[j], fp[j], fn[j]), "support": int(y[:, j].sum()), "predicted": int(pred[:, j].sum())}
            for j, n in enumerate(names)}


def _cooccurrence(y: np.ndarray, pred: np.ndarray, names: Sequence[str]) -> dict[str, dict[str, int]]:
    m = y.astype(int).T @ pred.astype(int)
    return {a: {b: int(m[i, j]) for j, b in enumerate(names)} for i, a in enumerate(names)}


def _tone(gold: np.ndarray, pred: np.ndarray, tones: Sequence[str], groups: Sequence[str], boot: int,
          seed: int) -> dict[str, Any]:
    y = np.eye(len(tones), dtype=bool)[gold]
    p = np.eye(len(tones), dtype=bool)[pred]
    confusion = {t: {u: int(np.sum((gold == i) & (pred == j))) for j, u in enumerate(tones)}
                 for i, t in enumerate(tones)}
    return {"accuracy": round(float(np.mean(gold == pred)), 4) if len(gold) else 0.0,
            "macro_f1": macro_f1_ci(y, p, groups, boot=boot, seed=seed),
            "per_label": _per_label(y, p, tones), "confusion": confusion}


def score_report(y: np.ndarray, pred: np.ndarray, names: Sequence[tuple[str, str]], tone_gold: np.ndarray,
                 tone_pred: np.ndarray, tones: Sequence[str], langs: Sequence[str], groups: Sequence[str], *,
                 boot: int = 1000, seed: int = 0) -> dict[str, Any]:
    """All scores, overall (``all``) and per language.

    Args:
        y: Human labels, passages × (kind, label) columns.
        pred: Predicted labels, same shape.
        names: (kind, label) per column.
        tone_gold: Human tone index per passage.
        tone_pred: Predicted tone index per passage.
        tones: Tone labels.
        langs: Language per passage.
        groups: Group (document or URL) per passage, for the bootstrap.
        boot: Bootstrap replicates.
        seed: Bootstrap seed.
    """
    y = y.astype(bool)
    pred = pred.astype(bool)
    langs_arr = np.array(langs)
    groups_arr = np.array(groups)
    out: dict[str, Any] = {}
    for lang in ("all", *sorted(set(langs))):
        rows = np.ones(len(langs_arr), bool) if lang == "all" else langs_arr == lang
        part: dict[str, Any] = {"passages": int(rows.sum())}
        for kind in ("driver", "frame"):
            cols = [j for j, (k, _) in enumerate(names) if k == kind]
            labels = [names[j][1] for j in cols]
            yk, pk = y[rows][:, cols], pred[rows][:, cols]
            part[f"{kind}s"] = {
                "macro_f1": macro_f1_ci(yk, pk, list(groups_arr[rows]), boot=boot, seed=seed),
                "per_label": _per_label(yk, pk, labels),
                "cooccurrence": _cooccurrence(yk, pk, labels),
            }
        part["tone"] = _tone(tone_gold[rows], tone_pred[rows], tones, list(groups_arr[rows]), boot, seed)
        out[lang] = part
    return out

"""Inter-coder agreement per label (CODEBOOK.md §5: reported before adjudication).

For two coders' files (one JSON object per line with ``id``, ``drivers``,
``frames``, ``tone``):

1. Pair the records by ``id``; passages coded by one coder only are counted
   but not scored.
2. Each driver and frame is a binary variable (present or not): Krippendorff's
   alpha (nominal) and Cohen's kappa.
3. Tone is one nominal variable with three values, plus each tone as binary.
4. Each binary label also gets the F1 of one coder against the other
   (symmetric: ``2·both / (positives of A + positives of B)``), and each
   kind its macro-F1: the figure a tagger's macro-F1 can be held against,
   since a tagger is scored the same way against one set of human codes.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from scsmine.core.errors import InputError
from scsmine.tag.codebook import DEFAULT_LABELS
from scsmine.tag.dataset import check_labels, read_jsonl

__all__ = ["agreement", "cohen_kappa", "krippendorff_alpha", "pair_f1"]


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two codings of the same items (1.0 when both are constant and equal)."""
    values = np.union1d(a, b)
    po = float(np.mean(a == b))
    pe = float(sum(np.mean(a == v) * np.mean(b == v) for v in values))
    if pe >= 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1.0 - pe)


def krippendorff_alpha(a: np.ndarray, b: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) for two coders (1.0 when there is no variation)."""
    import krippendorff

    if len(np.union1d(a, b)) < 2:
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(krippendorff.alpha(reliability_data=np.vstack([a, b]).astype(float),
                                         level_of_measurement="nominal"))


def _read(path: Path) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]:
    out = {}
    for number, obj in read_jsonl(path):
        if "id" not in obj:
            raise InputError(f"{path}:{number}: field 'id' is missing", "give every record the passage id")
        out[str(obj["id"])] = check_labels(obj, f"{path}:{number}")
    return out


def agreement(path_a: str | Path, path_b: str | Path) -> dict[str, Any]:
    """Alpha and kappa per label between two coders (steps 1-3 of the module docstring).

    Raises:
        InputError: A file is missing or malformed, or the coders share no passage.
    """
    a, b = _read(Path(path_a)), _read(Path(path_b))
    ids = sorted(set(a) & set(b))
    if not ids:
        raise InputError(f"{path_a} and {path_b} have no passage id in common", "check that both code the same ids")
    rows: list[dict[str, Any]] = []
    for kind, pos in (("driver", 0), ("frame", 1)):
        for label in DEFAULT_LABELS[kind]:
            xa = np.array([label in a[i][pos] for i in ids], dtype=int)
            xb = np.array([label in b[i][pos] for i in ids], dtype=int)
            rows.append(_row(kind, label, xa, xb))
    tones = list(DEFAULT_LABELS["tone"])
    ta = np.array([tones.index(a[i][2]) for i in ids])
    tb = np.array([tones.index(b[i][2]) for i in ids])
    rows.append(_row("tone", "(all three)", ta, tb))
    for k, tone in enumerate(tones):
        rows.append(_row("tone", tone, (ta == k).astype(int), (tb == k).astype(int)))
    macro = {kind: round(float(np.mean(f1s)), 4)
             for kind in ("driver", "frame", "tone")
             if (f1s := [r["f1"] for r in rows if r["kind"] == kind and r["f1"] is not None])}
    return {"passages": len(ids), "only_a": len(set(a) - set(b)), "only_b": len(set(b) - set(a)),
            "macro_f1": macro, "labels": rows}


def pair_f1(xa: np.ndarray, xb: np.ndarray) -> float | None:
    """F1 of one binary coding against the other (``None`` when neither coder used the label)."""
    positives = int(xa.sum() + xb.sum())
    return round(2.0 * float(np.sum(xa & xb)) / positives, 4) if positives else None


def _row(kind: str, label: str, xa: np.ndarray, xb: np.ndarray) -> dict[str, Any]:
    binary = kind != "tone" or label != "(all three)"
    return {"kind": kind, "label": label, "alpha": round(krippendorff_alpha(xa, xb), 4),
            "kappa": round(cohen_kappa(xa, xb), 4), "agree": round(float(np.mean(xa == xb)), 4),
            "f1": pair_f1(xa, xb) if binary else None,
            "a_positive": int(xa.sum()) if kind != "tone" or label != "(all three)" else None,
            "b_positive": int(xb.sum()) if kind != "tone" or label != "(all three)" else None}

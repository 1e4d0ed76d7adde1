"""How the default tagger's held-out drivers macro-F1 grows with the labelled data.

Usage: python scripts/learning_curve.py [--shared ../shared] [--data tests/data/gold]
       [--fractions 0.125 0.25 0.5 1] [--reps 2] [-o reports/learning_curve.json]

For each fraction, :func:`scsmine.tag.evaluation.cross_validate` trains every
fold on that share of its real training groups, plus all the authored
training passages (the test folds stay whole, so every point is scored on
the same 882 real passages), ``--reps`` times with different draws. The script then fits ``F1 = a + b·log2(share)`` per
language and prints how many times the present data the 0.80 target would
need if the curve went on as it has. Beside it: how well the two human
coders of the shared gold set agree with each other, per language (the
tagger is scored against one adjudicated set of such codes).

Runs about 8 minutes on two cores. Figures are printed and written as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from scsmine.core.models import DRIVERS
from scsmine.tag.agreement import pair_f1
from scsmine.tag.dataset import load_all, read_jsonl
from scsmine.tag.evaluation import cross_validate

TARGET = 0.80


def human_agreement(shared: Path) -> dict[str, float]:
    """Drivers macro-F1 of gold coder B against coder A, per language."""
    coding = shared / "gold" / "coding"
    lang = {obj["id"]: obj["lang"] for _, obj in read_jsonl(shared / "gold" / "passages.jsonl")}
    a = {obj["id"]: set(obj["drivers"]) for _, obj in read_jsonl(coding / "coder_a.jsonl")}
    b = {obj["id"]: set(obj["drivers"]) for _, obj in read_jsonl(coding / "coder_b.jsonl")}
    out = {}
    for code in ("zh", "en"):
        ids = [i for i in a if i in b and lang.get(i) == code]
        f1s = [pair_f1(np.array([d in a[i] for i in ids]), np.array([d in b[i] for i in ids])) for d in DRIVERS]
        out[code] = round(float(np.mean([f for f in f1s if f is not None])), 4)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--data", type=Path, default=Path("tests/data/gold"))
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.125, 0.25, 0.5, 1.0])
    parser.add_argument("--reps", type=int, default=2, help="draws per fraction below 1")
    parser.add_argument("-o", "--output", type=Path, default=Path("reports/learning_curve.json"))
    args = parser.parse_args()
    examples = load_all(args.data, args.shared)
    points = []
    for fraction in args.fractions:
        for rep in range(1 if fraction >= 1.0 else args.reps):
            started = time.time()
            report = cross_validate(examples, boot=50, train_fraction=fraction, sample_seed=rep)
            row = {"fraction": fraction, "rep": rep,
                   **{code: report["model"][code]["drivers"]["macro_f1"]["f1"] for code in ("zh", "en")}}
            points.append(row)
            print(f"share {fraction:5.3f} draw {rep}: drivers macro-F1 zh {row['zh']:.3f} en {row['en']:.3f} "
                  f"({time.time() - started:.0f} s)", file=sys.stderr)
    fits = {}
    for code in ("zh", "en"):
        x = np.log2([p["fraction"] for p in points])
        y = np.array([p[code] for p in points])
        slope, intercept = np.polyfit(x, y, 1)
        needed = 2.0 ** ((TARGET - intercept) / slope) if slope > 0 else float("inf")
        fits[code] = {"at_full_data": round(float(intercept), 4), "gain_per_doubling": round(float(slope), 4),
                      "data_multiple_for_target": round(float(needed), 1)}
    result = {"target": TARGET, "points": points, "fit": fits, "human_agreement_gold": human_agreement(args.shared)}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for code in ("zh", "en"):
        f = fits[code]
        print(f"{code}: {f['at_full_data']:.3f} with all the data, +{f['gain_per_doubling']:.3f} per doubling; "
              f"{TARGET:.2f} needs about {f['data_multiple_for_target']}x the labelled passages; "
              f"two human coders agree at {result['human_agreement_gold'][code]:.3f} (shared gold)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

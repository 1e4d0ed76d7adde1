#!/usr/bin/env python3
"""Inter-coder agreement for the double-coded corpus gold passages.

Compares coder A (``tests/data/gold/corpus_coder_a.jsonl``) with coder B
(``tests/data/gold/corpus_coder_b.jsonl``) on the passages that both coded,
*before* adjudication, following CODEBOOK.md section 5:

1. Load both coders' files and keep the ids present in both (the doubly coded
   passages). Coder B coded the odd ids c0001, c0003, ..., c0499.
2. For every driver and every frame, turn each coder's label list into a
   binary present/absent variable and compute Krippendorff's alpha (nominal,
   ``krippendorff`` package), Cohen's kappa (``sklearn``), percentage
   agreement and n.
3. Treat tone as one 3-category nominal variable (positive/neutral/negative)
   and compute the same statistics.
4. Write ``tests/data/gold/corpus_agreement.json`` and print a table.

Alpha and kappa are undefined when both coders give the same single value to
every passage (no variation); such cells are reported as ``null``.

Usage::

    python scripts/corpus_agreement.py [--a PATH] [--b PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

from scsmine.core.models import DRIVERS, FRAMES, TONES

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold"


def load_codes(path: Path) -> dict[str, dict[str, Any]]:
    """Read a coder file (JSON lines) into a dict keyed by passage id.

    Args:
        path: JSONL file with ``id``, ``drivers``, ``frames`` and ``tone``.

    Returns:
        Mapping from id to the record; a later line for the same id wins.

    Raises:
        ValueError: if a record uses a label outside the codebook.
    """
    codes: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            bad = (set(rec["drivers"]) - set(DRIVERS)) | (set(rec["frames"]) - set(FRAMES))
            if bad or rec["tone"] not in TONES:
                raise ValueError(f"{path.name}: {rec['id']} has unknown label(s) {sorted(bad) or rec['tone']}")
            codes[rec["id"]] = rec
    return codes


def _nan_to_none(x: float | None) -> float | None:
    return None if x is None or math.isnan(float(x)) else float(x)


def _rounded(obj: Any, digits: int = 4) -> Any:
    """Round every float in a nested structure (for the JSON output)."""
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, dict):
        return {k: _rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rounded(v, digits) for v in obj]
    return obj


def agreement(a: list[int], b: list[int], categories: int) -> dict[str, Any]:
    """Agreement statistics for one nominal variable coded by two coders.

    Args:
        a: coder A's values (integers), one per passage.
        b: coder B's values, aligned with ``a``.
        categories: number of possible categories (2 for binary labels).

    Returns:
        Dict with n, alpha, kappa, pct_agreement, disagreements and, for
        binary variables, each coder's count of "present".
    """
    n = len(a)
    agree = sum(x == y for x, y in zip(a, b, strict=True))
    varied = len(set(a) | set(b)) > 1
    alpha = kappa = None
    if varied:
        alpha = krippendorff.alpha(
            reliability_data=np.array([a, b], dtype=float),
            level_of_measurement="nominal",
            value_domain=list(range(categories)),
        )
        kappa = cohen_kappa_score(a, b, labels=list(range(categories)))
    out: dict[str, Any] = {
        "n": n,
        "alpha": _nan_to_none(alpha),
        "kappa": _nan_to_none(kappa),
        "pct_agreement": 100.0 * agree / n if n else None,
        "disagreements": n - agree,
    }
    if categories == 2:
        out["count_a"] = int(sum(a))
        out["count_b"] = int(sum(b))
    return out


def compute(codes_a: dict[str, dict[str, Any]], codes_b: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Compute per-label agreement on the passages coded by both coders.

    Args:
        codes_a: coder A's records keyed by id.
        codes_b: coder B's records keyed by id.

    Returns:
        The report written to ``corpus_agreement.json``.
    """
    ids = sorted(set(codes_a) & set(codes_b))
    labels: dict[str, Any] = {}
    for group, names in (("drivers", DRIVERS), ("frames", FRAMES)):
        for name in names:
            a = [int(name in codes_a[i][group]) for i in ids]
            b = [int(name in codes_b[i][group]) for i in ids]
            labels[name] = {"group": group[:-1], **agreement(a, b, 2)}
    a = [TONES.index(codes_a[i]["tone"]) for i in ids]
    b = [TONES.index(codes_b[i]["tone"]) for i in ids]
    labels["tone"] = {"group": "tone", **agreement(a, b, 3)}
    full = sum(
        set(codes_a[i]["drivers"]) == set(codes_b[i]["drivers"])
        and set(codes_a[i]["frames"]) == set(codes_b[i]["frames"])
        and codes_a[i]["tone"] == codes_b[i]["tone"]
        for i in ids
    )

    def mean_alpha(group: str) -> float | None:
        vals = [v["alpha"] for v in labels.values() if v["group"] == group and v["alpha"] is not None]
        return sum(vals) / len(vals) if vals else None

    return {
        "description": "Agreement between coder A and coder B on doubly coded corpus passages, "
        "before adjudication (CODEBOOK.md v1.1, section 5). Drivers and frames are binary "
        "present/absent variables; tone is a 3-category nominal variable. alpha = Krippendorff's "
        "alpha (nominal, krippendorff package); kappa = Cohen's kappa (sklearn).",
        "stage": "before_adjudication",
        "coders": ["A", "B"],
        "n": len(ids),
        "ids": f"{ids[0]}..{ids[-1]}" if ids else "",
        "full_agreement": full,
        "any_disagreement": len(ids) - full,
        "mean_alpha": {"drivers": mean_alpha("driver"), "frames": mean_alpha("frame")},
        "labels": labels,
    }


def render(report: dict[str, Any]) -> str:
    """Format the report as a plain-text table."""
    fmt = "{:<27} {:>4} {:>7} {:>7} {:>7} {:>5} {:>5} {:>5}"

    def num(x: float | None) -> str:
        return "  n/a" if x is None else f"{x:.3f}"

    rows = [fmt.format("label", "n", "alpha", "kappa", "agree%", "A", "B", "diff")]
    for name, v in report["labels"].items():
        rows.append(
            fmt.format(
                name,
                v["n"],
                num(v["alpha"]),
                num(v["kappa"]),
                f"{v['pct_agreement']:.1f}",
                v.get("count_a", "-"),
                v.get("count_b", "-"),
                v["disagreements"],
            )
        )
    rows.append(
        f"n={report['n']}  fully agreed={report['full_agreement']}  "
        f"with any disagreement={report['any_disagreement']}  "
        f"mean alpha drivers={report['mean_alpha']['drivers']:.3f} frames={report['mean_alpha']['frames']:.3f}"
    )
    return "\n".join(rows)


def main() -> None:
    """Parse options, compute agreement, write JSON and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", type=Path, default=GOLD / "corpus_coder_a.jsonl", help="coder A file")
    ap.add_argument("--b", type=Path, default=GOLD / "corpus_coder_b.jsonl", help="coder B file")
    ap.add_argument("--out", type=Path, default=GOLD / "corpus_agreement.json", help="output JSON")
    args = ap.parse_args()
    report = compute(load_codes(args.a), load_codes(args.b))
    args.out.write_text(json.dumps(_rounded(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(report))


if __name__ == "__main__":
    main()

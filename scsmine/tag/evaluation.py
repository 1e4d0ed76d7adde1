"""Held-out evaluation of the taggers on real passages (CODEBOOK.md §1-3 labels).

``python -m scsmine.tag --shared ../shared --data tests/data/gold``
(the ``make eval`` target) runs:

1. Load the labelled set (:func:`scsmine.tag.dataset.load_all`).
2. Split the *real* passages (shared gold + corpus references) into
   grouped folds: one document or source URL never straddles train and test.
3. For each fold, train the supervised tagger on the other folds plus all
   authored passages (which are never scored); inside that training, the
   C, the calibration and the thresholds are chosen on inner grouped
   development folds (:mod:`scsmine.tag.train`), never on the test fold.
4. Predict the test fold with the trained model and with the dictionary
   baseline (which learns nothing).
5. Score both (:func:`scsmine.tag.metrics.score_report`) and write a JSON
   report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from scsmine.tag import floors
from scsmine.tag.codebook import Codebook, default_codebook
from scsmine.tag.dataset import Example, load_all
from scsmine.tag.metrics import score_report
from scsmine.tag.splits import grouped_folds
from scsmine.tag.taggers import DEFAULT_TAGGER, Classified, DictionaryTagger, LinearTagger
from scsmine.tag.train import TrainConfig, fit, weighted

__all__ = ["DRIVERS_TARGET", "cross_validate", "evaluate_tagger", "label_matrix", "main", "render", "render_scores",
           "summarize"]


DRIVERS_TARGET = 0.80  # the project's goal: drivers macro-F1 per language


def label_matrix(rows: Sequence[Example] | Sequence[Classified], names: Sequence[tuple[str, str]]) -> np.ndarray:
    """Binary matrix of (kind, label) columns for examples or predictions."""
    return np.array([[lab in (r.drivers if kind == "driver" else r.frames) for kind, lab in names] for r in rows],
                    dtype=bool).reshape(len(rows), len(names))


def _names(book: Codebook) -> list[tuple[str, str]]:
    return [("driver", d) for d in book.labels["driver"]] + [("frame", f) for f in book.labels["frame"]]


def _report(gold: Sequence[Example], pred: Sequence[Classified], book: Codebook, boot: int) -> dict[str, Any]:
    names = _names(book)
    tones = list(book.labels["tone"])
    return score_report(label_matrix(gold, names), label_matrix(pred, names), names,
                        np.array([tones.index(e.tone) for e in gold]), np.array([tones.index(p.tone) for p in pred]),
                        tones, [e.lang for e in gold], [e.group for e in gold], boot=boot)


def evaluate_tagger(tagger: Any, examples: Sequence[Example], *, boot: int = 1000) -> dict[str, Any]:
    """Score one tagger (anything with ``classify``) on labelled passages."""
    pred = tagger.classify([e.text for e in examples], [e.lang or None for e in examples], evidence=False)
    book = getattr(tagger, "codebook_", None) or getattr(getattr(tagger, "model_", None), "codebook", None)
    return _report(examples, pred, book or default_codebook(), boot)


def cross_validate(examples: Sequence[Example], *, folds: int = 5, seed: int = 0, config: TrainConfig | None = None,
                   codebook: Codebook | None = None, boot: int = 1000, train_fraction: float = 1.0,
                   sample_seed: int = 0) -> dict[str, Any]:
    """Steps 2-5 of the module docstring; returns the report as a dict.

    ``train_fraction`` < 1 trains each fold on that share of its real
    training groups, drawn with ``sample_seed``, plus all training-only
    passages, while the test folds stay whole: one point of a learning
    curve of real labelled data.
    """
    started = time.time()
    book = codebook or default_codebook()
    real = [e for e in examples if e.real]
    extra = [e for e in examples if not e.real]
    names = _names(book)
    balance = label_matrix(real, names)
    splits = grouped_folds([e.group for e in real], balance, folds, seed)
    predicted: list[Classified | None] = [None] * len(real)
    rng = np.random.RandomState(sample_seed)
    for train_idx, test_idx in splits:
        train = [real[i] for i in train_idx]
        if train_fraction < 1.0:
            keys = sorted({e.group for e in train})
            kept = set(rng.permutation(keys)[:max(2, round(train_fraction * len(keys)))])
            train = [e for e in train if e.group in kept]
        model = fit(train + extra, codebook=book, config=config).model
        tagger = LinearTagger(model)
        out = tagger.classify([real[i].text for i in test_idx], [real[i].lang for i in test_idx], evidence=False)
        for i, result in zip(test_idx, out, strict=True):
            predicted[i] = result
    done = [p for p in predicted if p is not None]
    baseline = DictionaryTagger(book).classify([e.text for e in real], evidence=False)
    setup = {
        "scored_passages": len(real),
        "by_source_lang": {f"{s}/{lang}": sum(e.source == s and e.lang == lang for e in real)
                           for s in sorted({e.source for e in real}) for lang in ("zh", "en")},
        "training_only_passages": len(extra),
        "training_only_used": len(weighted(extra, config or TrainConfig())[0]),
        "groups": len({e.group for e in real}),
        "folds": len(splits),
        "seed": seed,
        "train_fraction": train_fraction,
        "config": asdict(config or TrainConfig()),
        "codebook_version": book.version,
        "seconds": 0.0,
    }
    report = {"setup": setup, "model": _report(real, done, book, boot),
              "baseline": _report(real, baseline, book, boot), "by_source": {}}
    for source in sorted({e.source for e in real}):
        rows = [i for i, e in enumerate(real) if e.source == source]
        part = _report([real[i] for i in rows], [done[i] for i in rows], book, boot)
        report["by_source"][source] = {lang: {k: part[lang][k]["macro_f1"] for k in ("drivers", "frames", "tone")}
                                       for lang in part}
    setup["seconds"] = round(time.time() - started, 1)
    return report


def _summary_of(part: dict[str, Any], setup: dict[str, Any], date: str) -> dict[str, Any]:
    """One tagger's figures: scalar facts, a macro-F1 table and per-label tables per kind and language."""
    out: dict[str, Any] = {
        "evaluated": date,
        "protocol": f"grouped {setup['folds']}-fold cross-validation on real passages (documents never straddle "
                    "folds); every setting chosen on inner folds of the training part; 95% cluster-bootstrap "
                    "intervals",
        "scored_passages": setup["scored_passages"],
        "groups": setup["groups"],
        "training_only_passages": setup.get("training_only_used", setup["training_only_passages"]),
    }
    for lang in ("zh", "en"):
        out[f"passages_{lang}"] = part[lang]["passages"]
        for kind in ("drivers", "frames", "tone"):
            out[f"{kind}_macro_f1_{lang}"] = part[lang][kind]["macro_f1"]["f1"]
        out[f"tone_accuracy_{lang}"] = part[lang]["tone"]["accuracy"]
        drivers_f1 = part[lang]["drivers"]["macro_f1"]["f1"]
        out[f"drivers_target_{DRIVERS_TARGET:.2f}_met_{lang}"] = drivers_f1 >= DRIVERS_TARGET
    out["macro_f1"] = {f"{kind} {lang}": {"f1": part[lang][kind]["macro_f1"]["f1"],
                                          "ci95_low": part[lang][kind]["macro_f1"]["ci95"][0],
                                          "ci95_high": part[lang][kind]["macro_f1"]["ci95"][1],
                                          "passages": part[lang]["passages"]}
                       for kind in ("drivers", "frames", "tone") for lang in ("zh", "en", "all")}
    for kind in ("drivers", "frames"):
        for lang in ("zh", "en"):
            out[f"{kind}_{lang}"] = {label: {k: s[k] for k in ("precision", "recall", "f1", "support")}
                                     for label, s in part[lang][kind]["per_label"].items()}
    return out


def summarize(report: dict[str, Any], tagger: str, baseline: str = "scsmine.cue_dict.v1",
              date: str | None = None) -> dict[str, Any]:
    """The figures of a :func:`cross_validate` report in the shape of ``scsmine/tag/data/evaluation.json``:
    a JSON object keyed by tagger name (read by the report's methods section)."""
    from datetime import UTC, datetime

    day = date or datetime.now(UTC).strftime("%Y-%m-%d")
    return {tagger: _summary_of(report["model"], report["setup"], day),
            baseline: _summary_of(report["baseline"], report["setup"], day)}


def _fmt(m: dict[str, Any]) -> str:
    return f"{m['f1']:.3f} [{m['ci95'][0]:.3f}, {m['ci95'][1]:.3f}]"


def render(report: dict[str, Any]) -> str:
    """A plain-text summary of a report (macro-F1 with 95% CIs, per-label F1)."""
    lines = []
    for lang in [k for k in report["model"] if k != "all"] + ["all"]:
        m, b = report["model"][lang], report["baseline"][lang]
        lines.append(f"== {lang} ({m['passages']} passages)")
        lines.append(f"  drivers macro-F1  model {_fmt(m['drivers']['macro_f1'])}  "
                     f"dictionary {_fmt(b['drivers']['macro_f1'])}")
        lines.append(f"  frames  macro-F1  model {_fmt(m['frames']['macro_f1'])}  "
                     f"dictionary {_fmt(b['frames']['macro_f1'])}")
        lines.append(f"  tone    macro-F1  model {_fmt(m['tone']['macro_f1'])}  "
                     f"dictionary {_fmt(b['tone']['macro_f1'])}  (accuracy {m['tone']['accuracy']:.3f})")
        for kind in ("drivers", "frames"):
            for label, s in m[kind]["per_label"].items():
                bs = b[kind]["per_label"][label]
                lines.append(f"    {label:26s} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f} "
                             f"(n={s['support']:3d})   dictionary F1 {bs['f1']:.2f}")
    for source, part in report.get("by_source", {}).items():
        for lang in ("en", "zh"):
            if lang in part:
                lines.append(f"-- {source}/{lang}: drivers {_fmt(part[lang]['drivers'])}  "
                             f"frames {_fmt(part[lang]['frames'])}  tone {_fmt(part[lang]['tone'])}")
    return "\n".join(lines)


def render_scores(report: dict[str, Any]) -> str:
    """A plain-text summary of one tagger's scores (:func:`evaluate_tagger` output)."""
    lines = []
    for lang, part in report.items():
        lines.append(f"== {lang} ({part['passages']} passages)")
        for kind in ("drivers", "frames"):
            lines.append(f"  {kind:7s} macro-F1 {_fmt(part[kind]['macro_f1'])}")
            for label, s in part[kind]["per_label"].items():
                lines.append(f"    {label:26s} P {s['precision']:.2f} R {s['recall']:.2f} F1 {s['f1']:.2f} "
                             f"(n={s['support']})")
        lines.append(f"  tone    macro-F1 {_fmt(part['tone']['macro_f1'])}  accuracy {part['tone']['accuracy']:.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point of ``make eval``."""
    parser = argparse.ArgumentParser(prog="python -m scsmine.tag", description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder")
    parser.add_argument("--data", type=Path, default=Path("tests/data/gold"), help="the repository's gold folder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--boot", type=int, default=1000)
    parser.add_argument("-o", "--output", type=Path, default=None, help="write the JSON report here")
    parser.add_argument("--baseline", type=Path, default=None, help="eval_baseline.json: check its floors")
    parser.add_argument("--profile", default="full", help="profile of the baseline file to use")
    parser.add_argument("--pin", action="store_true", help="write new floors for the profile instead of checking")
    parser.add_argument("--summary", type=Path, default=None,
                        help="also write the figures keyed by tagger name (scsmine/tag/data/evaluation.json)")
    args = parser.parse_args(argv)
    baseline = floors.load(args.baseline) if args.baseline else None
    config = floors.config_of(baseline, args.profile) if baseline and args.profile in baseline["profiles"] else None
    report = cross_validate(load_all(args.data, args.shared), folds=args.folds, seed=args.seed, boot=args.boot,
                            config=config)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.summary:
        args.summary.write_text(json.dumps(summarize(report, DEFAULT_TAGGER), ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
    print(render(report))
    print(f"({report['setup']['scored_passages']} real passages in {report['setup']['groups']} groups, "
          f"{report['setup']['folds']} grouped folds, {report['setup']['seconds']} s)", file=sys.stderr)
    if baseline is None or args.baseline is None:
        return 0
    if args.pin:
        raw = baseline["profiles"].get(args.profile, {}).get("config", {})
        baseline["profiles"][args.profile] = floors.pin(report, raw)
        args.baseline.write_text(json.dumps(baseline, indent=1) + "\n", encoding="utf-8")
        print(f"pinned floors of profile {args.profile!r} in {args.baseline}", file=sys.stderr)
        return 0
    failed = floors.check(report, baseline["profiles"][args.profile]["floors"])
    for line in failed:
        print(f"BELOW FLOOR {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

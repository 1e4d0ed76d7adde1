"""API for tagging: tag, classify, train, evaluate, annotate, agreement, codebook checks.

Each function backs one command with the same parameter names
(``scsmine classify`` ↔ :func:`classify`). Labels follow CODEBOOK.md; see
docs/tagging.md.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scsmine.core.config import db_path, settings
from scsmine.core.errors import InputError, UsageError
from scsmine.store import Corpus
from scsmine.tag import agreement as _agreement
from scsmine.tag.annotate import export_tasks, import_annotations
from scsmine.tag.codebook import Problem, check_codebook, load_codebook
from scsmine.tag.dataset import load_labelled
from scsmine.tag.evaluation import evaluate_tagger, render_scores
from scsmine.tag.records import BadLine, Record, RecordWriter, read_records
from scsmine.tag.taggers import DEFAULT_TAGGER, TAGGERS, DictionaryTagger, LinearTagger, make_tagger
from scsmine.tag.train import TrainConfig, fit

__all__ = [
    "ClassifySummary",
    "TagSummary",
    "agreement",
    "annotate_export",
    "annotate_import",
    "classify",
    "codebook_check",
    "configured_tagger",
    "evaluate",
    "render_evaluation",
    "tag",
    "train",
]

log = logging.getLogger(__name__)
_BATCH = 2000


@dataclass(frozen=True)
class TagSummary:
    """What ``scsmine tag`` did."""

    tagger: str
    tagger_version: str
    codebook_version: str
    passages: int
    tags: int


@dataclass(frozen=True)
class ClassifySummary:
    """What ``scsmine classify`` did: counts and the bad lines."""

    classified: int
    failed: list[BadLine] = field(default_factory=list)


def configured_tagger() -> str:
    """The configured default tagger (``[tag] tagger`` in the config), else ``scsmine.linear.v1``.

    A configured name that is not registered is reported in the log and
    replaced by ``scsmine.linear.v1``.
    """
    name = str(settings().get("tag", {}).get("tagger") or DEFAULT_TAGGER)
    if name not in TAGGERS:
        log.warning("config [tag] tagger = %r is not a registered tagger; using %s", name, DEFAULT_TAGGER)
        return DEFAULT_TAGGER
    return name


def _tagger(tagger: str | None, codebook: str | Path | None, model: str | Path | None) -> Any:
    name = tagger or configured_tagger()
    book = load_codebook(codebook) if codebook else None
    built = make_tagger(name, codebook=book, model=model)
    if book is not None and isinstance(built, LinearTagger):
        raise UsageError(f"{name} uses the codebook it was trained with, so --codebook does not apply",
                         "add --tagger scsmine.cue_dict.v1 to tag with that codebook's cues, "
                         "or train a model on it with `scsmine train --codebook`")
    if model is not None and isinstance(built, DictionaryTagger):
        raise UsageError("--model applies only to the supervised tagger",
                         f"drop --model or use --tagger {DEFAULT_TAGGER}")
    return built


def tag(db: str | Path | None = None, *, tagger: str | None = None, codebook: str | Path | None = None,
        model: str | Path | None = None, batch: int = 1000) -> TagSummary:
    """Tag every passage of the database that ``tagger`` has not tagged yet.

    Each stored tag records the tagger, its version, the codebook version,
    the score and the evidence (cues that fired).

    Args:
        db: Database path (default: config).
        tagger: Registered tagger name (default: :func:`configured_tagger`).
        codebook: Codebook file for the dictionary tagger.
        model: Model file for the supervised tagger (default: packaged).
        batch: Passages per transaction.
    """
    worker = _tagger(tagger, codebook, model)
    passages = tags = 0
    with Corpus.open(db_path(db)) as corpus:
        for chunk in corpus.untagged(worker.name, batch=batch):
            results = worker.tag(chunk)
            corpus.add_tags(zip(chunk, results, strict=True), tagger=worker.name, tagger_version=worker.version,
                            codebook_version=worker.codebook_version)
            passages += len(chunk)
            tags += sum(len(r) for r in results)
            log.info("tagged %d passages", passages)
    return TagSummary(worker.name, worker.version, worker.codebook_version, passages, tags)


def classify(input: str | Path, output: str | Path | None = None, *, tagger: str | None = None,
             codebook: str | Path | None = None, model: str | Path | None = None) -> ClassifySummary:
    """Classify passages of a JSONL or CSV file into a JSONL or CSV file (no database).

    Bad lines (missing ``id`` or ``text``, empty text, over-long text,
    malformed JSON) are skipped and returned; the others are classified.

    Args:
        input: File with ``id``, ``text`` and optional ``lang`` (``-`` = stdin).
        output: Output file (``None`` or ``-`` = stdout).
        tagger: Registered tagger name (default: :func:`configured_tagger`).
        codebook: Codebook file for the dictionary tagger.
        model: Model file for the supervised tagger.
    """
    worker = _tagger(tagger, codebook, model)
    source = Path(input)
    target = Path(output) if output is not None and str(output) != "-" else None
    if target is not None and source.exists() and target.resolve() == source.resolve():
        raise UsageError(f"output {target} is the input file", "write to another file")
    writer = RecordWriter(target)
    failed: list[BadLine] = []
    done = 0
    pending: list[Record] = []
    try:
        for item in read_records(source):
            if isinstance(item, BadLine):
                failed.append(item)
                continue
            pending.append(item)
            if len(pending) >= _BATCH:
                done += _flush(worker, pending, writer)
        done += _flush(worker, pending, writer)
    finally:
        writer.close()
    return ClassifySummary(done, failed)


def _flush(worker: Any, pending: list[Record], writer: RecordWriter) -> int:
    results = worker.classify([r.text for r in pending], [r.lang for r in pending], evidence=False)
    for rec, result in zip(pending, results, strict=True):
        writer.write(result.as_row(rec.id))
    n = len(pending)
    pending.clear()
    return n


def train(labelled: list[str | Path], output: str | Path, *, codebook: str | Path | None = None,
          folds: int = 3, seed: int = 0) -> dict[str, Any]:
    """Train a supervised model on a researcher's labelled JSONL files and save it.

    Args:
        labelled: Files with ``text``, ``lang``, ``drivers``, ``frames``, ``tone``
            (optional ``id``, ``group``: passages of one group stay in one fold).
        output: Model file to write (``.json.gz``).
        codebook: Codebook whose cues become features (default: packaged).
        folds: Inner development folds for calibration and thresholds.
        seed: Seed for folds and solvers.

    Returns:
        The model's version, passages and chosen settings.
    """
    if not labelled:
        raise UsageError("no labelled file given", "pass one or more JSONL files")
    examples = load_labelled(labelled)
    book = load_codebook(codebook) if codebook else None
    fitted = fit(examples, codebook=book, config=TrainConfig(inner_folds=folds, seed=seed))
    version = fitted.model.save(Path(output))
    return {"model": str(output), "version": version, "passages": len(examples),
            "codebook_version": fitted.model.codebook.version, "thresholds": {
                f"{k}:{lab}": round(float(t), 2) for (k, lab), t in zip(fitted.model.labels, fitted.model.thresholds,
                                                                        strict=True) if k != "tone"}}


def evaluate(labelled: str | Path, *, model: str | Path | None = None, tagger: str | None = None,
             codebook: str | Path | None = None, boot: int = 1000) -> dict[str, Any]:
    """Score a tagger against labelled passages.

    Precision, recall and F1 per label and language, macro-F1 with cluster
    bootstrap 95% intervals, tone accuracy and confusion, and label
    co-occurrence confusion. Do not evaluate a model on its training data.
    """
    examples = load_labelled([labelled])
    return evaluate_tagger(_tagger(tagger, codebook, model), examples, boot=boot)


def render_evaluation(report: dict[str, Any]) -> str:
    """A plain-text table of an :func:`evaluate` report."""
    return render_scores(report)


def _records(path: Path) -> list[dict[str, Any]]:
    out = []
    for item in read_records(path):
        if isinstance(item, BadLine):
            raise InputError(f"{path}: {item}", "fix the line and export again")
        out.append({"id": item.id, "text": item.text, "lang": item.lang})
    return out


def annotate_export(input: str | Path, output: str | Path, *, format: str = "label-studio",
                    tagger: str | None = None, model: str | Path | None = None, predict: bool = True) -> int:
    """Write passages as annotation tasks (Label Studio JSON or doccano JSONL), with pre-annotations.

    Returns:
        The number of tasks written.
    """
    records = _records(Path(input))
    worker = _tagger(tagger, None, model) if predict else None
    preds = worker.classify([r["text"] for r in records], [r["lang"] for r in records]) if worker else None
    label = f"{worker.name}@{worker.version}" if worker else ""
    return export_tasks(records, preds, format, Path(output), label)


def annotate_import(input: str | Path, output: str | Path, *, format: str | None = None) -> int:
    """Turn a Label Studio or doccano export into labelled JSONL; returns the record count."""
    rows = import_annotations(Path(input), format)
    with Path(output).open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def agreement(a: str | Path, b: str | Path) -> dict[str, Any]:
    """Krippendorff's alpha and Cohen's kappa per label between two coders' files."""
    return _agreement.agreement(a, b)


def codebook_check(file: str | Path) -> list[Problem]:
    """Problems of a codebook file (YAML or LIWC ``.dic``), each with its line and fix."""
    return check_codebook(file)

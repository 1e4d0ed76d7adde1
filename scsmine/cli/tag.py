"""Tagging commands: tag, classify, train, evaluate, agreement; annotate and codebook groups."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from scsmine import api
from scsmine.cli._common import echo_err, emit, handle_errors, state

__all__ = ["register"]

TaggerOpt = typer.Option(None, "--tagger", "-t", help="Tagger name [default: config, scsmine.linear.v1].")
CodebookOpt = typer.Option(None, "--codebook", help="Codebook YAML or LIWC .dic (dictionary tagger, training).")
ModelOpt = typer.Option(None, "--model", help="Model file of the supervised tagger [default: packaged].")
FormatOpt = typer.Option("table", "--format", "-f", help="Output format: table, jsonl, json or csv.")
_AGREEMENT = ["kind", "label", "alpha", "kappa", "agree", "f1", "a_positive", "b_positive"]

annotate_app = typer.Typer(help="Annotation round trip with Label Studio and doccano.", no_args_is_help=True)
codebook_app = typer.Typer(help="Check codebook files.", no_args_is_help=True)


@handle_errors
def tag(ctx: typer.Context, tagger: str | None = TaggerOpt, codebook: Path | None = CodebookOpt,
        model: Path | None = ModelOpt, fmt: str = FormatOpt) -> None:
    """Tag every untagged passage in the database with drivers, frames and tone."""
    s = api.tag(state(ctx).db, tagger=tagger, codebook=codebook, model=model)
    emit([s.__dict__], fmt, ["tagger", "tagger_version", "codebook_version", "passages", "tags"])


@handle_errors
def classify(
    input: Path = typer.Argument(..., help="JSONL or CSV with id, text and optional lang ('-' = stdin)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="JSONL or CSV output [default: stdout]."),
    tagger: str | None = TaggerOpt, codebook: Path | None = CodebookOpt, model: Path | None = ModelOpt,
) -> None:
    """Classify passages of a file (no database). Exit 0: all lines; 1: some lines failed (reported on stderr)."""
    s = api.classify(input, output, tagger=tagger, codebook=codebook, model=model)
    for bad in s.failed:
        echo_err(f"{input}: {bad}")
    echo_err(f"classified {s.classified} passages; {len(s.failed)} lines failed")
    raise typer.Exit(1 if s.failed else 0)


@handle_errors
def train(
    labelled: list[Path] = typer.Argument(..., help="JSONL files with text, lang, drivers, frames, tone."),
    output: Path = typer.Option(..., "--output", "-o", help="Model file to write (.json.gz)."),
    codebook: Path | None = CodebookOpt,
    folds: int = typer.Option(3, help="Grouped development folds for calibration and thresholds."),
    seed: int = typer.Option(0, help="Seed for folds and solvers."),
) -> None:
    """Train a supervised model on your own annotations."""
    result = api.train(list(labelled), output, codebook=codebook, folds=folds, seed=seed)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1))


@handle_errors
def evaluate(
    labelled: Path = typer.Argument(..., help="JSONL with text, lang, drivers, frames, tone (not training data)."),
    model: Path | None = ModelOpt, tagger: str | None = TaggerOpt, codebook: Path | None = CodebookOpt,
    boot: int = typer.Option(1000, help="Bootstrap replicates for the confidence intervals."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Precision, recall and F1 per label and language, macro-F1 with 95% CIs, confusions."""
    report = api.evaluate(labelled, model=model, tagger=tagger, codebook=codebook, boot=boot)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=1) if fmt == "json" else api.render_evaluation(report))


@handle_errors
def agreement(a: Path = typer.Argument(..., help="Coder A's JSONL (id, drivers, frames, tone)."),
              b: Path = typer.Argument(..., help="Coder B's JSONL."), fmt: str = FormatOpt) -> None:
    """Krippendorff's alpha, Cohen's kappa and F1 per label between two coders."""
    result = api.agreement(a, b)
    echo_err(f"{result['passages']} passages coded by both "
             f"({result['only_a']} only by A, {result['only_b']} only by B)")
    echo_err("macro-F1 of one coder against the other: "
             + ", ".join(f"{kind}s {value:.3f}" for kind, value in result["macro_f1"].items()))
    emit(result["labels"], fmt, _AGREEMENT)


@annotate_app.command("export")
@handle_errors
def annotate_export(
    input: Path = typer.Argument(..., help="JSONL or CSV with id, text and optional lang."),
    output: Path = typer.Option(..., "--output", "-o", help="Tasks file to write."),
    format: str = typer.Option("label-studio", "--format", help="label-studio (JSON) or doccano (JSONL)."),
    tagger: str | None = TaggerOpt, model: Path | None = ModelOpt,
    predict: bool = typer.Option(True, "--predict/--no-predict", help="Add model pre-annotations."),
) -> None:
    """Export passages as annotation tasks with model pre-annotations."""
    n = api.annotate_export(input, output, format=format, tagger=tagger, model=model, predict=predict)
    echo_err(f"wrote {n} tasks to {output}")


@annotate_app.command("import")
@handle_errors
def annotate_import(
    input: Path = typer.Argument(..., help="Label Studio JSON export or doccano JSONL export."),
    output: Path = typer.Option(..., "--output", "-o", help="Labelled JSONL to write."),
    format: str | None = typer.Option(None, "--format", help="label-studio or doccano [default: by suffix]."),
) -> None:
    """Import annotations as labelled JSONL for train, evaluate and agreement."""
    n = api.annotate_import(input, output, format=format)
    echo_err(f"wrote {n} labelled passages to {output}")


@codebook_app.command("check")
@handle_errors
def codebook_check(file: Path = typer.Argument(..., help="Codebook YAML or LIWC .dic file.")) -> None:
    """Validate a codebook: unknown keys, cues in two categories, bad patterns (each with line and fix)."""
    problems = api.codebook_check(file)
    for problem in problems:
        typer.echo(str(problem))
    echo_err(f"{file}: {len(problems)} problem(s)" if problems else f"{file}: OK")
    raise typer.Exit(1 if problems else 0)


def register(app: typer.Typer) -> None:
    """Add this module's commands to app."""
    for fn in (tag, classify, train, evaluate, agreement):
        app.command(fn.__name__)(fn)
    app.add_typer(annotate_app, name="annotate")
    app.add_typer(codebook_app, name="codebook")

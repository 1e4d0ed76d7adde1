"""Corpus commands: ingest, query, stats, show, export, migrate."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from scsmine import api
from scsmine.cli._common import echo_err, emit, handle_errors, state

__all__ = ["register"]

FormatOpt = typer.Option("table", "--format", "-f", help="Output format: table, jsonl, json or csv.")
_HIT_COLUMNS = ["doc_id", "label", "origin", "doc_type", "lang", "title", "text"]
_KWIC_COLUMNS = ["doc_id", "label", "left", "keyword", "right"]


@handle_errors
def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(None, help="Files or folders to ingest (folders are walked)."),
    manifest: Path | None = typer.Option(None, "--manifest", "-m", help="JSONL or CSV manifest of documents."),
    origin: str | None = typer.Option(None, help="Batch metadata: domestic or foreign."),
    lang: str | None = typer.Option(None, help="Batch language: zh or en (detected if not given)."),
    doc_type: str | None = typer.Option(None, "--doc-type", help="Batch document type (CODEBOOK.md §4)."),
    level: str | None = typer.Option(None, help="Batch level: national, provincial or municipal."),
    jurisdiction: str | None = typer.Option(None, help="Batch jurisdiction, e.g. Shanghai."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only failures and the summary."),
) -> None:
    """Ingest files, folders or a manifest. Exit 0: all stored; 1: some inputs failed (the rest are stored)."""

    def report(o: api.Outcome) -> None:
        if o.status == "failed":
            echo_err(f"FAILED {o.message}")
        elif not quiet:
            echo_err(f"{o.status:<11} {o.locator}" + (f"  ({o.passages} passages)" if o.passages else ""))

    result = api.ingest(
        paths or [],
        manifest=manifest,
        db=state(ctx).db,
        origin=origin,
        lang=lang,
        doc_type=doc_type,
        level=level,
        jurisdiction=jurisdiction,
        on_outcome=report,
    )
    s = result.summary()
    echo_err(
        f"{s['added']} added, {s['new_version']} new versions, {s['unchanged']} unchanged, "
        f"{s['duplicate']} duplicates, {s['failed']} failed; {s['passages']} passages stored"
    )
    raise typer.Exit(result.exit_code)


@handle_errors
def query(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="A Chinese phrase or English words (matched as a phrase)."),
    origin: str | None = typer.Option(None, help="domestic or foreign."),
    lang: str | None = typer.Option(None, help="zh or en (the passage's language)."),
    doc_type: str | None = typer.Option(None, "--doc-type"),
    level: str | None = typer.Option(None),
    jurisdiction: str | None = typer.Option(None),
    year_from: int | None = typer.Option(None, "--year-from"),
    year_to: int | None = typer.Option(None, "--year-to"),
    driver: str | None = typer.Option(None, help="Only passages tagged with this driver."),
    frame: str | None = typer.Option(None, help="Only passages tagged with this frame."),
    tone: str | None = typer.Option(None, help="Only passages with this tone."),
    tagger: str | None = typer.Option(None, help="Whose tags to filter on (default: the main tagger)."),
    limit: int = typer.Option(20, "--limit", "-n", help="Maximum hits (0 for all)."),
    kwic: bool = typer.Option(False, "--kwic", help="Keyword in context."),
    width: int = typer.Option(30, help="KWIC context width in characters."),
    fmt: str = FormatOpt,
) -> None:
    """Search passages (Chinese phrase or English words; simplified and traditional alike)."""
    hits = api.query(
        text,
        db=state(ctx).db,
        origin=origin,
        lang=lang,
        doc_type=doc_type,
        level=level,
        jurisdiction=jurisdiction,
        year_from=year_from,
        year_to=year_to,
        driver=driver,
        frame=frame,
        tone=tone,
        tagger=tagger,
        limit=limit,
        with_kwic=kwic,
        width=width,
    )
    if fmt == "table" and kwic:
        rows = [{**h, **{k: h["kwic"][k] for k in ("left", "keyword", "right")}} for h in hits]
        emit(rows, fmt, _KWIC_COLUMNS, widths={"left": width, "right": width, "doc_id": 28})
    else:
        emit(
            hits,
            fmt,
            [*_HIT_COLUMNS, "passage_id"] if fmt == "csv" else _HIT_COLUMNS,
            widths={"title": 24, "text": 70, "doc_id": 28},
        )
    if not hits:
        echo_err(f"no passages match {text!r}")


@handle_errors
def stats(ctx: typer.Context, fmt: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """Documents and passages by doc_type × lang × origin."""
    data = api.stats(db=state(ctx).db)
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    emit(data["counts"], "table", ["doc_type", "lang", "origin", "documents", "passages"])
    typer.echo(
        f"\n{data['documents']} documents, {data['passages']} passages "
        f"({data['older_versions']} older versions, {data['failures']} recorded failures, "
        f"{data['tagged_passages']} passages tagged) in {data['database']}"
    )


@handle_errors
def show(
    ctx: typer.Context,
    doc_id: str = typer.Argument(..., help="Internal id or manifest doc_id."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """One document's metadata and passages."""
    data = api.show(doc_id, db=state(ctx).db)
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for key in (
        "doc_id",
        "id",
        "title",
        "issuer",
        "doc_number",
        "date",
        "doc_type",
        "level",
        "jurisdiction",
        "origin",
        "lang",
        "format",
        "url",
        "source",
        "sha256",
        "parser",
        "parser_version",
        "status",
    ):
        if data.get(key):
            typer.echo(f"{key:>15}: {data[key]}")
    typer.echo("")
    emit(data["passages"], "table", ["ordinal", "kind", "label", "heading", "text"], widths={"heading": 20, "text": 80})


@handle_errors
def export(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", "-o", help="Output file."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv, parquet or warc."),
    origin: str | None = typer.Option(None),
    lang: str | None = typer.Option(None),
    doc_type: str | None = typer.Option(None, "--doc-type"),
    level: str | None = typer.Option(None),
    jurisdiction: str | None = typer.Option(None),
    year_from: int | None = typer.Option(None, "--year-from"),
    year_to: int | None = typer.Option(None, "--year-to"),
    tagger: str | None = typer.Option(None, help="Whose tags to include (default: the main tagger)."),
) -> None:
    """Write one row per passage with its document metadata and tags."""
    n = api.export(
        out,
        db=state(ctx).db,
        format=fmt,
        origin=origin,
        lang=lang,
        doc_type=doc_type,
        level=level,
        jurisdiction=jurisdiction,
        year_from=year_from,
        year_to=year_to,
        tagger=tagger,
    )
    echo_err(f"wrote {n} rows to {out}")


@handle_errors
def migrate(ctx: typer.Context) -> None:
    """Apply pending database migrations and list them."""
    for name, applied in api.migrate(db=state(ctx).db):
        typer.echo(f"{applied}  {name}")


def register(app: typer.Typer) -> None:
    """Add the corpus commands to ``app``."""
    app.command()(ingest)
    app.command()(query)
    app.command()(stats)
    app.command()(show)
    app.command()(export)
    app.command()(migrate)

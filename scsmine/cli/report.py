"""``scsmine report framing`` and ``scsmine report topic``: write HTML/Markdown reports with tables and figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from scsmine import api
from scsmine.cli._common import echo_err, emit, handle_errors, state

__all__ = ["register"]

_WHERE_HELP = (
    'Filter, e.g. "doc_type!=unrelated and lang=zh and year>=2015"; fields: origin, lang, doc_type, level,'
    " jurisdiction, year; operators: = != >= <= > < in (…); join with 'and'."
)

OutOpt = typer.Option(..., "--out", "-o", help="Output directory (created).")
SameTextOpt = typer.Option(
    "once", "--same-text", help="once: documents with exactly the same text (a law and its PDF) count once; each."
)
report_app = typer.Typer(help="Write reports (HTML, Markdown, CSV tables, SVG/PNG figures).", no_args_is_help=True)


def _render(result: Any, fmt: str) -> None:
    echo_err(
        f"{result.passages:,} passages in {result.documents:,} documents; tagger: {result.tagger or 'none'};"
        f" {len(result.tables)} tables, {len(result.figures)} figure files"
    )
    rows = [{"file": str(p)} for p in (result.html, result.markdown)]
    emit(rows, fmt, ["file"])


@report_app.command("framing")
@handle_errors
def framing(
    ctx: typer.Context,
    out: Path = OutOpt,
    by: str = typer.Option("origin", "--by", help="Group by origin, doc_type, level, lang or year."),
    where: str | None = typer.Option(None, "--where", help=_WHERE_HELP),
    tagger: str | None = typer.Option(
        None, "--tagger", help="Tagger whose tags to use [default: the one that tagged most passages]."
    ),
    same_text: str = SameTextOpt,
    fmt: str = typer.Option("table", "--format", help="Output format of the file list: table, json, jsonl, csv."),
) -> None:
    """Compare drivers, frames, tone and vocabulary between groups (domestic vs foreign by default)."""
    result = api.report_framing(out=out, db=state(ctx).db, by=by, where=where, tagger=tagger, same_text=same_text)
    _render(result, fmt)


@report_app.command("topic")
@handle_errors
def topic(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="A term (信用修复, credit repair) or a glossary concept id."),
    out: Path = OutOpt,
    where: str | None = typer.Option(None, "--where", help=_WHERE_HELP),
    expand: bool = typer.Option(True, "--expand/--no-expand", help="Search the concept's terms in both languages."),
    same_text: str = SameTextOpt,
    fmt: str = typer.Option("table", "--format", help="Output format of the file list: table, json, jsonl, csv."),
) -> None:
    """Report on one term or concept: keyword in context, collocates, distribution by origin, level and year."""
    result = api.report_topic(query, out=out, db=state(ctx).db, where=where, expand=expand, same_text=same_text)
    _render(result, fmt)


def register(app: typer.Typer) -> None:
    """Add the ``report`` command group to ``app``."""
    app.add_typer(report_app, name="report")

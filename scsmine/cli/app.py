"""The typer application: global options and command registration."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from scsmine import __version__
from scsmine.cli import corpus, fetch, report, tag
from scsmine.cli._common import State

__all__ = ["app"]

app = typer.Typer(
    name="scsmine",
    help="Ingest, tag, compare and query a bilingual corpus on China's Social Credit System.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scsmine {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Path | None = typer.Option(
        None, "--db", help="Database file [default: $SCSMINE_DB or corpus/scsmine.db].", show_default=False
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """scsmine: a text-mining toolkit for research on China's Social Credit System."""
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = State(db=db, debug=debug)


for _module in (corpus, fetch, tag, report):
    _module.register(app)

"""Shared CLI plumbing: global state, the error handler, output formats.

stdout carries only data; messages and logs go to stderr (STYLE.md §16).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import typer

from scsmine.core.errors import ScsmineError, UsageError

__all__ = ["FORMATS", "State", "echo_err", "emit", "handle_errors", "render_table", "state"]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "jsonl", "csv")


@dataclass
class State:
    """Options given before the command: ``--db``, ``--debug``."""

    db: Path | None = None
    debug: bool = False


def state(ctx: typer.Context) -> State:
    """The :class:`State` of the running command."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def echo_err(message: str) -> None:
    """Print a message for the user on stderr."""
    typer.echo(message, err=True)


def handle_errors(fn: F) -> F:
    """Catch errors once: ``Error: …`` plus a hint, exit 1 (2 for usage); ``--debug`` re-raises."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click_ctx()
        debug = state(ctx).debug if ctx is not None else False
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except ScsmineError as exc:
            if debug:
                raise
            echo_err(f"Error: {exc.message}")
            if exc.hint:
                echo_err(f"Hint: {exc.hint}")
            raise typer.Exit(exc.exit_code) from None
        except ValueError as exc:
            if debug:
                raise
            echo_err(f"Error: {exc}")
            raise typer.Exit(UsageError.exit_code) from None
        except KeyboardInterrupt:
            echo_err("Interrupted; finished documents are stored, run the same command again to resume.")
            raise typer.Exit(130) from None
        except Exception as exc:
            if debug:
                raise
            logging.getLogger("scsmine").debug("".join(traceback.format_exception(exc)))
            echo_err(f"Error: unexpected {type(exc).__name__}: {exc}")
            echo_err("Hint: run again with --debug for the traceback, and please report it")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def click_ctx() -> typer.Context | None:
    import click

    return click.get_current_context(silent=True)  # type: ignore[return-value]


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, widths: dict[str, int] | None = None
) -> str:
    """Rows as an aligned plain-text table (long cells are cut with …)."""
    widths = widths or {}
    cells = [[_cell(r.get(c), widths.get(c, 60)) for c in columns] for r in rows]
    size = [max([len(c)] + [_display_len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, size[i]) for i, c in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * size[i] for i in range(len(columns))))
    lines += ["  ".join(_pad(v, size[i]) for i, v in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines)


def _display_len(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_len(text))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Path):
        return str(value)
    return value


def emit(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    out: io.TextIOBase | None = None,
    widths: dict[str, int] | None = None,
) -> int:
    """Write rows to stdout as table, json, jsonl or csv; returns the row count."""
    stream = out or sys.stdout
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(_jsonable(row), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "json":
        data = [_jsonable(r) for r in rows]
        stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        n = len(data)
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
            n += 1
    else:
        data = list(rows)
        stream.write(render_table(data, columns, widths=widths) + "\n")
        n = len(data)
    return n


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value

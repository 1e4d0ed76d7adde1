"""Write a :class:`~scsmine.report.model.Report`: HTML, Markdown, CSV tables and figures.

``DIR/report.html`` is self-contained (figures inlined as SVG data URIs),
``DIR/report.md`` links ``figures/*.png``, ``DIR/tables/*.csv`` hold every
table in full, ``DIR/figures/`` every figure as SVG and PNG. Earlier CSV,
SVG and PNG files in ``tables/`` and ``figures/`` are removed first, so the
directory always matches one run.
"""

from __future__ import annotations

import base64
import csv
import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from scsmine.core.errors import UsageError
from scsmine.report.context import num, pct
from scsmine.report.model import Report, Section, Table

__all__ = ["cell", "prepare_out", "walk", "write_report"]


def prepare_out(out: Path) -> Path:
    """Create ``out`` (and ``tables/``, ``figures/``) and check it is writable.

    Raises:
        UsageError: The directory cannot be created or written.
    """
    try:
        for sub in ("tables", "figures"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        probe = out / ".scsmine-write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise UsageError(
            f"cannot write to output directory {out}: {exc.strerror or exc}", "choose a writable directory with --out"
        ) from exc
    return out


def walk(sections: list[Section], depth: int = 0) -> Iterator[tuple[Section, int]]:
    """Every section and subsection with its depth, in reading order."""
    for section in sections:
        yield section, depth
        yield from walk(section.subsections, depth + 1)


def cell(value: Any, fmt: str = "") -> str:
    """A value formatted for display (``pct``, ``int``, ``num``, ``p`` or plain)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if fmt == "pct" and isinstance(value, (int, float)):
        return pct(float(value))
    if fmt == "p" and isinstance(value, (int, float)):
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if fmt == "num" and isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 100 else f"{value:.3f}"
    return num(value)


def _numeric(table: Table, rows: list[dict[str, Any]], col: str) -> bool:
    values = [r.get(col) for r in rows if r.get(col) is not None]
    return col in table.formats or (bool(values) and all(isinstance(v, (int, float)) for v in values))


def _shown(table: Table) -> tuple[list[str], list[bool], list[list[str]], int]:
    """(headers, numeric flag per column, formatted rows, rows not shown)."""
    cols = table.display or table.columns
    rows = table.rows if table.show is None else table.rows[: table.show]
    body = [[cell(r.get(c), table.formats.get(c, "")) for c in cols] for r in rows]
    headers = [table.headers.get(c, c.replace("_", " ")) for c in cols]
    return headers, [_numeric(table, rows, c) for c in cols], body, len(table.rows) - len(rows)


def _write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=table.columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in table.rows:
            writer.writerow({c: row.get(c) for c in table.columns})


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scsmine.report", "."),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(shown=_shown, b64=lambda data: base64.b64encode(data).decode("ascii"))
    return env


def _markdown(report: Report) -> str:
    lines = [f"# {report.title}", "", report.subtitle, "", "## Contents", ""]
    lines += [f"{'  ' * d}- [{s.title}](#{s.id})" for s, d in walk(report.sections) if d < 2]
    for section, depth in walk(report.sections):
        lines += ["", f'<a id="{section.id}"></a>', "", f"{'#' * min(depth + 2, 6)} {section.title}", ""]
        lines += [f"- **{k}:** {v}" for k, v in section.facts] + ([""] if section.facts else [])
        lines += [f"> **Note:** {w}\n" for w in section.warnings]
        lines += [p + "\n" for p in section.paragraphs]
        for fig in section.figures:
            lines += [f"![{fig.title}](figures/{fig.name}.png)", ""] + ([f"*{fig.caption}*", ""] if fig.caption else [])
        for table in section.tables:
            lines += _md_table(table)
        for q in section.quotes:
            text = q.text.replace("\n", " ")
            link = f" — <{q.url}>" if q.url else (f" — {q.source}" if q.source else "")
            lines += [f"> {text}", ">", f"> — {q.cite}{link}" + (f" ({q.note})" if q.note else ""), ""]
    return "\n".join(lines).rstrip() + "\n"


def _md_table(table: Table) -> list[str]:
    if table.show == 0:
        return [f"*{table.title}: [tables/{table.name}.csv](tables/{table.name}.csv)*", ""] if table.csv else []
    headers, _, body, hidden = _shown(table)
    esc = [[c.replace("|", "\\|") for c in row] for row in body]
    out = [f"**{table.title}**", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in esc]
    if hidden or table.csv:
        more = f"{hidden:,} more rows in " if hidden else "Full table: "
        out += ["", f"*{more}[tables/{table.name}.csv](tables/{table.name}.csv)*" if table.csv else f"*{hidden} more*"]
    return [*out, ""]


def write_report(report: Report, out: Path) -> tuple[list[Path], list[Path]]:
    """Write the report into ``out``; returns (CSV paths, figure paths).

    Raises:
        UsageError: ``out`` is not writable.
    """
    prepare_out(out)
    for old in [*(out / "tables").glob("*.csv"), *(out / "figures").glob("*.svg"), *(out / "figures").glob("*.png")]:
        old.unlink()
    tables, figs = [], []
    for section, _ in walk(report.sections):
        for table in section.tables:
            if table.csv:
                path = out / "tables" / f"{table.name}.csv"
                _write_csv(path, table)
                tables.append(path)
        for fig in section.figures:
            for ext, data in (("svg", fig.svg), ("png", fig.png)):
                path = out / "figures" / f"{fig.name}.{ext}"
                path.write_bytes(data)
                figs.append(path)
    html = _env().get_template("template.html").render(report=report, sections=list(walk(report.sections)))
    (out / "report.html").write_text(html, encoding="utf-8")
    (out / "report.md").write_text(_markdown(report), encoding="utf-8")
    return tables, figs

"""The report as data: sections holding text, tables, figures and quotes.

Builders (:mod:`~scsmine.report.framing`, :mod:`~scsmine.report.topic`)
fill a :class:`Report`; :mod:`~scsmine.report.render` writes it as HTML,
Markdown, CSV and image files. Nothing here knows about SQL or rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Figure", "Quote", "Report", "Section", "Table", "WrittenReport"]


@dataclass
class Table:
    """A table written to ``tables/<name>.csv`` and shown in the report.

    Attributes:
        name: File stem, e.g. ``drivers_by_origin``.
        title: Caption shown above the table.
        columns: Column names, in order (the CSV header).
        rows: One dict per row; the CSV holds every row.
        formats: Display format per column: ``pct``, ``int``, ``num``, ``p``, ``ci`` (a (low, high) pair).
        show: Rows to show in the report (``None`` for all); the CSV is complete.
        headers: Display names per column (defaults to the column name).
        csv: Whether to write the CSV file.
        display: Columns to show in the report (defaults to ``columns``).
        style: Extra CSS class of the HTML table (``kwic`` for concordances).
    """

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    formats: dict[str, str] = field(default_factory=dict)
    show: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    csv: bool = True
    display: list[str] | None = None
    style: str = ""


@dataclass
class Figure:
    """A figure written to ``figures/<name>.svg`` and ``.png`` and inlined in the HTML."""

    name: str
    title: str
    svg: bytes
    png: bytes
    caption: str = ""


@dataclass
class Quote:
    """A quotable passage with its citation.

    Attributes:
        text: The passage (possibly shortened with …).
        cite: Title, issuer, date and passage label, ready to print.
        url: Link to the source, or ``""``.
        source: Where the text came from when there is no link.
        note: What makes it evidence (cell, score, cues).
        passage_id: The passage's stable id.
    """

    text: str
    cite: str
    url: str = ""
    source: str = ""
    note: str = ""
    passage_id: str = ""


@dataclass
class Section:
    """A section (or subsection) of a report; content shows in field order."""

    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Report:
    """A whole report: title, sections, what it covers and the time each section took to build."""

    title: str
    subtitle: str
    sections: list[Section]
    kind: str = "framing"
    generated_at: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    documents: int = 0
    passages: int = 0
    tagger: str | None = None


@dataclass(frozen=True)
class WrittenReport:
    """What :func:`scsmine.api.report_framing` and ``report_topic`` return.

    Attributes:
        out: The output directory.
        html: Path of ``report.html``.
        markdown: Path of ``report.md``.
        tables: Paths of the CSV files.
        figures: Paths of the SVG and PNG files.
        documents: Documents covered.
        passages: Passages covered.
        tagger: The tagger whose tags were used, or ``None``.
        timings: Seconds per section (build) plus ``write``.
    """

    out: Path
    html: Path
    markdown: Path
    tables: tuple[Path, ...]
    figures: tuple[Path, ...]
    documents: int
    passages: int
    tagger: str | None
    timings: dict[str, float]

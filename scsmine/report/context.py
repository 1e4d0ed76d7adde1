"""What every section of a report needs: the connection, scope, grouping and tagger, plus small helpers."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scsmine.report.model import Quote
from scsmine.report.where import Condition
from scsmine.store import reporting as sql

__all__ = ["Context", "num", "pct", "qtext", "quote", "shorten", "slug"]


@dataclass
class Context:
    """The fixed inputs of one report build.

    Attributes:
        conn: Open database connection.
        scope: Parsed ``--where`` conditions.
        by: Grouping field.
        groups: Group values in scope, sorted.
        tagger: The tagger whose tags are used, or ``None`` when nothing is tagged.
        per_cell: Evidence passages per (group, label).
        docs: Per group, the (document rowids, passages per document) arrays.
    """

    conn: sqlite3.Connection
    scope: tuple[Condition, ...]
    by: str
    groups: list[str]
    tagger: str | None
    per_cell: int = 2
    docs: dict[str, tuple[NDArray[np.int64], NDArray[np.float64]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, conn: sqlite3.Connection, scope: tuple[Condition, ...], by: str, tagger: str | None, per_cell: int
    ) -> Context:
        """Read the group sizes once."""
        rows = sql.doc_sizes(conn, scope, by)
        groups = sorted({g for g, _, _ in rows})
        docs = {}
        for g in groups:
            mine = [(d, n) for grp, d, n in rows if grp == g]
            docs[g] = (np.array([d for d, _ in mine], dtype=np.int64), np.array([n for _, n in mine], dtype=float))
        return cls(conn, scope, by, groups, tagger, per_cell, docs)

    def total(self, group: str) -> int:
        """Passages of a group."""
        return int(self.docs[group][1].sum())


def pct(value: float | None, digits: int = 1) -> str:
    """``0.1234`` → ``12.3%`` (``–`` for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value * 100:.{digits}f}%"


def qtext(q: float) -> str:
    """A q- or p-value for prose: ``q < 0.001`` or ``q = 0.022``."""
    return "q < 0.001" if q < 0.001 else f"q = {q:.3f}"


def num(value: Any) -> str:
    """Integers with thousands separators, floats with three significant decimals."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:,.3f}"
    return str(value)


def shorten(text: str, limit: int = 420) -> str:
    """Text cut at a word or character boundary near ``limit`` characters, with …."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.7 else cut).rstrip(",.;:，。；：、 ") + " …"


def slug(text: str) -> str:
    """A file- and anchor-safe name."""
    out = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in text.lower())
    return "_".join(part for part in out.split("_") if part) or "x"


def quote(card: dict[str, Any], note: str = "") -> Quote:
    """A :class:`Quote` from a passage card (see :func:`scsmine.store.reporting.passage_cards`)."""
    title = card.get("title") or card.get("title_en") or card.get("doc_id") or ""
    if card.get("title_en") and card.get("title_en") != title:
        title = f"{title} ({card['title_en']})"
    parts = [title, card.get("issuer") or "", card.get("date") or "undated", card.get("label") or ""]
    return Quote(
        text=shorten(str(card.get("text") or "")),
        cite=" · ".join(p for p in parts if p),
        url=str(card.get("url") or ""),
        source=str(card.get("source") or ""),
        note=note,
        passage_id=str(card.get("passage_id") or ""),
    )

"""The corpus overview and the composition warnings computed from it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from scsmine.report import figures
from scsmine.report.context import Context, pct
from scsmine.report.model import Section, Table

__all__ = ["FAMILIES", "composition_warnings", "overview_section"]

FAMILIES = {
    "central_policy": "laws and policy documents",
    "national_regulation": "laws and policy documents",
    "judicial_rule": "laws and policy documents",
    "ministry_rule": "laws and policy documents",
    "local_rule": "laws and policy documents",
    "media_article": "analysis and media commentary",
    "analysis": "analysis and media commentary",
    "unrelated": "documents coded unrelated to the SCS",
}
_SHOW_SOURCES = ["title", "origin", "lang", "doc_type", "date", "link", "passages"]


def _sum(rows: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[tuple[Any, ...], list[int]]:
    out: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        cell = out[tuple(r[k] for k in keys)]
        cell[0] += r["documents"]
        cell[1] += r["passages"]
    return out


def overview_section(ctx: Context, rows: list[dict[str, Any]], docs: list[dict[str, Any]]) -> Section:
    """Documents and passages by origin × language × type × year, the composition figure and the sources."""
    by = ctx.by
    section = Section("overview", "Corpus overview")
    n_docs, n_pass = len(docs), sum(d["passages"] for d in docs)
    section.paragraphs.append(
        f"The report covers {n_docs:,} documents and {n_pass:,} passages in "
        f"{len(ctx.groups)} group(s) by {by}: {', '.join(ctx.groups)}."
    )
    extra = [] if by in ("origin", "lang", "doc_type", "year") else [by]
    full_cols = [*extra, "origin", "lang", "doc_type", "year", "documents", "passages"]
    full = [{by: r["grp"], **r} for r in rows]
    years: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for r in rows:
        if r["year"] is not None:
            years[(r["origin"], r["lang"], r["doc_type"])].append(int(r["year"]))
    display = []
    for (origin, lang, doc_type), (nd, npass) in sorted(_sum(rows, ("origin", "lang", "doc_type")).items()):
        ys = years.get((origin, lang, doc_type))
        display.append(
            {
                "origin": origin,
                "lang": lang,
                "doc_type": doc_type,
                "documents": nd,
                "passages": npass,
                "years": f"{min(ys)}–{max(ys)}" if ys else "undated",
            }
        )
    section.tables.append(
        Table(
            "overview_display",
            "Documents and passages by origin, language and type",
            list(display[0]) if display else [],
            display,
            formats={"documents": "int", "passages": "int"},
            csv=False,
        )
    )
    section.tables.append(
        Table("overview", "Documents and passages by origin, language, type and year", full_cols, full, show=0)
    )
    types = sorted({r["doc_type"] for r in rows})
    by_type = _sum(rows, ("grp", "doc_type"))
    values = np.array([[by_type.get((g, t), [0, 0])[1] for t in types] for g in ctx.groups], dtype=float)
    section.figures.append(
        figures.stacked(
            f"composition_by_{by}",
            f"Passages by document type, per {by}",
            ctx.groups,
            types,
            values,
            xlabel="share of the group's passages",
        )
    )
    per_year = _sum([r for r in rows if r["year"] is not None], ("grp", "year"))
    year_rows = [{by: g, "year": y, "documents": v[0], "passages": v[1]} for (g, y), v in sorted(per_year.items())]
    section.tables.append(
        Table(
            "documents_by_year",
            f"Documents per year and {by}",
            [by, "year", "documents", "passages"],
            year_rows,
            show=0,
        )
    )
    yrs = sorted({y for _, y in per_year})
    if len(yrs) > 1:
        series = {g: np.array([[per_year.get((g, y), [0, 0])[0] for y in yrs]], dtype=float) for g in ctx.groups}
        section.figures.append(
            figures.small_lines(
                "documents_by_year",
                f"Documents per year, by {by}",
                ["documents"],
                yrs,
                series,
                ylabel="documents",
                percent=False,
            )
        )
    src = [{**d, "link": d.get("url") or d.get("source") or ""} for d in docs]
    cols = [
        "doc_id",
        "title",
        "title_en",
        "issuer",
        "date",
        "origin",
        "lang",
        "doc_type",
        "level",
        "jurisdiction",
        "url",
        "source",
        "passages",
    ]
    section.subsections.append(
        Section(
            "sources",
            "Sources",
            tables=[
                Table(
                    "sources",
                    "Documents in scope",
                    cols,
                    src,
                    formats={"passages": "int"},
                    headers={"link": "source / link"},
                    display=_SHOW_SOURCES,
                ),
            ],
        )
    )
    return section


def composition_warnings(ctx: Context, rows: list[dict[str, Any]], docs: list[dict[str, Any]]) -> list[str]:
    """Limits of the comparison computed from the data: genre, language, unrelated documents, size, dates."""
    out: list[str] = []
    totals = {g: ctx.total(g) for g in ctx.groups}
    fam = _sum(
        [{**r, "family": FAMILIES.get(r["doc_type"], "documents without a type")} for r in rows], ("grp", "family")
    )
    lang = _sum(rows, ("grp", "lang"))
    related = {g: sum(v[1] for (h, f), v in fam.items() if h == g and f != FAMILIES["unrelated"]) for g in ctx.groups}
    top_family = {
        g: max(
            (
                (v[1] / related[g], f)
                for (h, f), v in fam.items()
                if h == g and related[g] and f != FAMILIES["unrelated"]
            ),
            default=(0.0, ""),
        )
        for g in ctx.groups
    }
    top_lang = {
        g: max(((v[1] / totals[g], la) for (h, la), v in lang.items() if h == g), default=(0.0, "")) for g in ctx.groups
    }
    if len({f for s, f in top_family.values() if s >= 0.6}) > 1:
        parts = [
            f"{pct(s, 0)} of the {g} passages (leaving out unrelated documents) come from {f}"
            for g, (s, f) in top_family.items()
        ]
        out.append(
            "Genre and group coincide: " + "; ".join(parts) + ". Differences in drivers, frames and tone mix "
            "the group with genre (legal text is descriptive and neutral by nature). Compare like with like, "
            'e.g. --where "doc_type in (analysis, media_article)".'
        )
    if ctx.by != "lang" and len({la for s, la in top_lang.values() if s >= 0.9}) > 1:
        parts = [f"{g}: {pct(s, 0)} {la}" for g, (s, la) in top_lang.items()]
        out.append(
            "Language and group coincide (" + "; ".join(parts) + "). Vocabulary can only be compared across "
            "languages through the glossary, and the tagger's accuracy may differ by language."
        )
    for g in ctx.groups:
        unrelated = fam.get((g, FAMILIES["unrelated"]), [0, 0])[1]
        if totals[g] and unrelated / totals[g] >= 0.1:
            out.append(
                f"{pct(unrelated / totals[g], 0)} of the {g} passages come from documents coded unrelated to "
                'the SCS; they dilute every share. Leave them out with --where "doc_type!=unrelated".'
            )
    for g in ctx.groups:
        n_docs = len(ctx.docs[g][0])
        if n_docs < 5:
            out.append(
                f"The {g} group has only {n_docs} document(s): its intervals are wide and a few documents "
                "decide its shares."
            )
        mine = [d for d in docs if d["doc_rowid"] in set(ctx.docs[g][0].tolist())]
        big = max(mine, key=lambda d: (d["passages"], d["doc_id"]), default=None)
        if big and n_docs > 1 and totals[g] and big["passages"] / totals[g] > 1 / 3:
            out.append(
                f"One document supplies {pct(big['passages'] / totals[g], 0)} of the {g} passages: "
                f"{big['title'] or big['doc_id']}."
            )
    out += _date_warnings(ctx, rows)
    return out


def _date_warnings(ctx: Context, rows: list[dict[str, Any]]) -> list[str]:
    out = []
    spans = {}
    for g in ctx.groups:
        ys = np.repeat(
            [r["year"] for r in rows if r["grp"] == g and r["year"] is not None],
            [r["passages"] for r in rows if r["grp"] == g and r["year"] is not None],
        )
        undated = sum(r["passages"] for r in rows if r["grp"] == g and r["year"] is None)
        if ctx.total(g) and undated / ctx.total(g) >= 0.1:
            out.append(f"{pct(undated / ctx.total(g), 0)} of the {g} passages are undated and left out of the trends.")
        if len(ys):
            spans[g] = (int(ys.min()), int(np.median(ys)), int(ys.max()))
    if (
        ctx.by != "year"
        and len(spans) > 1
        and max(s[1] for s in spans.values()) - min(s[1] for s in spans.values()) > 4
    ):
        parts = [f"{g} {a}–{c} (median {m})" for g, (a, m, c) in spans.items()]
        out.append(
            "The groups cover different periods (" + "; ".join(parts) + "): differences may reflect change over time."
        )
    return out

"""Tag sections: drivers, frames and tone by group, with intervals, tests, evidence and trends.

Counts come from SQL grouped by (group, document, label); every passage in
scope counts in its group's total whether or not it carries a label
(CODEBOOK.md §1-3 for the labels). See :mod:`scsmine.report.stats` for the
statistics.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from scsmine.core.models import CODEBOOK_LABELS
from scsmine.report import figures, stats
from scsmine.report.context import Context, pct, qtext, quote
from scsmine.report.model import Section, Table
from scsmine.store import reporting as sql

__all__ = ["CODEBOOK_LABELS", "TREND_MIN", "KindResult", "compute", "kind_section", "trend_section"]

TITLES = {"driver": "Drivers", "frame": "Frames", "tone": "Tone"}
TREND_MIN = 10  # fewer passages in a (group, year) → no point drawn


@dataclass
class KindResult:
    """Prevalence of one kind of tag by group, and the tests between groups."""

    kind: str
    labels: list[str]
    prev: dict[tuple[str, str], stats.Prevalence]
    tests: list[dict[str, Any]]


def _labels(kind: str, seen: set[str]) -> list[str]:
    known = list(CODEBOOK_LABELS[kind])
    return known + sorted(seen - set(known))


def compute(ctx: Context, kind: str) -> KindResult:
    """Prevalence with intervals per (group, label) and BH-corrected tests (2 groups: a vs b; more: each vs rest)."""
    counts: dict[tuple[str, int, str], int] = {}
    if ctx.tagger:
        for g, d, label, k in sql.label_doc_counts(ctx.conn, ctx.scope, ctx.by, ctx.tagger, kind):
            counts[(g, d, label)] = k
    labels = _labels(kind, {label for _, _, label in counts})
    k_docs = {
        (g, label): np.array([counts.get((g, int(d), label), 0) for d in ctx.docs[g][0]], dtype=float)
        for g in ctx.groups
        for label in labels
    }
    prev = {key: stats.prevalence(k, ctx.docs[key[0]][1]) for key, k in k_docs.items()}
    tests: list[dict[str, Any]] = []
    pairs = [(ctx.groups[0], ctx.groups[1])] if len(ctx.groups) == 2 else [(g, "rest") for g in ctx.groups]
    if len(ctx.groups) >= 2:
        for label in labels:
            for g, other in pairs:
                rest = [h for h in ctx.groups if h != g]
                b = (
                    prev[(other, label)]
                    if other != "rest"
                    else stats.prevalence(
                        np.concatenate([k_docs[(h, label)] for h in rest]),
                        np.concatenate([ctx.docs[h][1] for h in rest]),
                    )
                )
                a = prev[(g, label)]
                diff, half, t, p = stats.compare(a, b)
                tests.append(
                    {
                        "label": label,
                        "group": g,
                        "versus": other,
                        "share": a.share,
                        "share_versus": b.share,
                        "difference": diff,
                        "diff_low": diff - half,
                        "diff_high": diff + half,
                        "statistic": t,
                        "p_value": p,
                        "cohen_h": stats.cohen_h(a.share, b.share),
                    }
                )
        q = stats.bh(np.array([r["p_value"] for r in tests]))
        for row, qv in zip(tests, q, strict=True):
            row["q_value"] = float(qv)
    for row in tests:
        for key in ("share", "share_versus", "difference", "diff_low", "diff_high", "statistic", "cohen_h"):
            row[key] = round(float(row[key]), 6)
        row["p_value"], row["q_value"] = float(f"{row['p_value']:.4g}"), float(f"{row['q_value']:.4g}")
    return KindResult(kind, labels, prev, tests)


def _tables(ctx: Context, res: KindResult) -> list[Table]:
    by, kind = ctx.by, res.kind
    base = f"{kind}s_by_{by}"
    plain = [
        {
            by: g,
            kind: label,
            "passages": res.prev[(g, label)].k,
            "share": res.prev[(g, label)].k / ctx.total(g) if ctx.total(g) else 0.0,
        }
        for g in ctx.groups
        for label in res.labels
    ]
    ci = [
        {
            by: g,
            kind: label,
            "passages": p.k,
            "total": p.n,
            "documents": p.documents,
            "share": round(p.share, 6),
            "ci_low": round(p.low, 6),
            "ci_high": round(p.high, 6),
            "deff": round(p.deff, 4),
        }
        for g in ctx.groups
        for label in res.labels
        for p in [res.prev[(g, label)]]
    ]
    display = []
    for label in res.labels:
        row: dict[str, Any] = {kind: label}
        for g in ctx.groups:
            p = res.prev[(g, label)]
            row[g] = f"{pct(p.share)} [{p.low * 100:.1f}–{pct(p.high)}]"
        if len(ctx.groups) == 2:
            t = next(r for r in res.tests if r["label"] == label)
            row.update(difference=f"{t['difference'] * 100:+.1f} pp", q_value=t["q_value"], cohen_h=t["cohen_h"])
        display.append(row)
    extra = ["difference", "q_value", "cohen_h"] if len(ctx.groups) == 2 else []
    test_cols = [
        "label",
        "group",
        "versus",
        "share",
        "share_versus",
        "difference",
        "diff_low",
        "diff_high",
        "statistic",
        "p_value",
        "q_value",
        "cohen_h",
    ]
    return [
        Table(
            f"{base}_display",
            f"{TITLES[kind]} by {by}: share of passages [95% interval]",
            [kind, *ctx.groups, *extra],
            display,
            formats={"q_value": "p", "cohen_h": "num"},
            csv=False,
            headers={"q_value": "q (BH)", "cohen_h": "Cohen's h"},
        ),
        Table(
            base,
            f"{TITLES[kind]} by {by}: passages carrying each label",
            [by, kind, "passages", "share"],
            plain,
            formats={"share": "pct", "passages": "int"},
            show=0,
        ),
        Table(f"{base}_ci", f"{TITLES[kind]} by {by} with 95% intervals", list(ci[0]) if ci else [], ci, show=0),
        Table(
            f"{base}_tests",
            f"{TITLES[kind]}: differences between groups",
            test_cols,
            res.tests,
            formats={
                "share": "pct",
                "share_versus": "pct",
                "difference": "pct",
                "diff_low": "pct",
                "diff_high": "pct",
                "statistic": "num",
                "p_value": "p",
                "q_value": "p",
                "cohen_h": "num",
            },
            show=0,
        ),
    ]


def _evidence(ctx: Context, res: KindResult) -> list[Section]:
    if not ctx.tagger:
        return []
    # Extra candidates so that copies of one text (e.g. a law and its PDF rendering) are quoted once.
    rows = sql.evidence(ctx.conn, ctx.scope, ctx.by, ctx.tagger, res.kind, ctx.per_cell * 3)
    out = []
    for label in res.labels:
        quotes, seen, per_group = [], set(), Counter[str]()
        for r in (r for r in rows if r["tag"] == label):
            key = (r["grp"], "".join(str(r["text"]).split()))
            if key in seen or per_group[r["grp"]] >= ctx.per_cell:
                continue
            seen.add(key)
            per_group[r["grp"]] += 1
            cues = ", ".join(json.loads(r.get("cues") or "[]")[:5])
            note = f"{r['grp']} · {label} · score {r['score']:.2f}" + (f" · cues: {cues}" if cues else "")
            quotes.append(quote(r, note))
        if not quotes:
            continue
        out.append(Section(f"{res.kind}-evidence-{label}", label.replace("_", " "), quotes=quotes))
    return out


def kind_section(ctx: Context, res: KindResult) -> Section:
    """The section for one kind: figure, table, tests and evidence."""
    kind = res.kind
    section = Section(kind + "s", TITLES[kind] + " by " + ctx.by.replace("_", " "))
    if not ctx.tagger:
        section.warnings.append("No passage in scope is tagged, so there is nothing to compare; run `scsmine tag`.")
    shares = np.array([[res.prev[(g, lab)].share for lab in res.labels] for g in ctx.groups])
    lows = np.array([[res.prev[(g, lab)].low for lab in res.labels] for g in ctx.groups])
    highs = np.array([[res.prev[(g, lab)].high for lab in res.labels] for g in ctx.groups])
    section.figures.append(
        figures.bars_ci(
            f"{kind}s_by_{ctx.by}",
            f"{TITLES[kind]}: share of passages by {ctx.by}",
            [lab.replace("_", " ") for lab in res.labels],
            ctx.groups,
            shares,
            lows,
            highs,
            caption="Bars: share of the group's passages carrying the label; whiskers: "
            "95% interval that treats documents as clusters.",
        )
    )
    section.tables.extend(_tables(ctx, res))
    sig = sorted((r for r in res.tests if r["q_value"] < 0.05), key=lambda r: (-abs(r["cohen_h"]), r["label"]))
    if len(ctx.groups) >= 2 and ctx.tagger:
        section.paragraphs.append(_sentence(res, sig))
    evidence = _evidence(ctx, res)
    if evidence:
        section.subsections.append(
            Section(
                f"{kind}-evidence",
                "Evidence: the highest-scoring passages",
                paragraphs=[
                    f"Up to {ctx.per_cell} passages per group and label, at most "
                    "one per document, by the tagger's score."
                ],
                subsections=evidence,
            )
        )
    return section


def _sentence(res: KindResult, sig: list[dict[str, Any]]) -> str:
    if not sig:
        return "No difference between groups is significant after Benjamini–Hochberg correction (q < 0.05)."
    parts = [
        f"{r['label'].replace('_', ' ')}: {r['group']} {pct(r['share'])} vs {r['versus']} {pct(r['share_versus'])}"
        f" (h = {r['cohen_h']:+.2f}, {qtext(r['q_value'])})"
        for r in sig[:4]
    ]
    return (
        f"{len(sig)} of {len(res.tests)} differences are significant after Benjamini–Hochberg correction "
        f"(q < 0.05); the largest: " + "; ".join(parts) + "."
    )


def trend_section(ctx: Context, kinds: tuple[str, ...] = ("driver", "frame")) -> Section:
    """Shares by year and group for each label of ``kinds`` (tables and small-multiple figures)."""
    section = Section("trends", "Trends by year")
    sizes = {(g, y): n for g, y, n in sql.year_sizes(ctx.conn, ctx.scope, ctx.by)}
    years = sorted({y for _, y in sizes})
    if not years or not ctx.tagger:
        section.paragraphs.append("No dated, tagged passages in scope: no trends to show.")
        return section
    section.paragraphs.append(
        f"Share of each group's passages per year carrying the label; years where a group has "
        f"fewer than {TREND_MIN} passages are not drawn (they stay in the CSV)."
    )
    for kind in kinds:
        counts = {
            (g, y, lab): k for g, y, lab, k in sql.label_year_counts(ctx.conn, ctx.scope, ctx.by, ctx.tagger, kind)
        }
        labels = _labels(kind, {lab for _, _, lab in counts})
        rows = [
            {
                ctx.by: g,
                "year": y,
                kind: lab,
                "passages": counts.get((g, y, lab), 0),
                "total": sizes[(g, y)],
                "share": round(counts.get((g, y, lab), 0) / sizes[(g, y)], 6),
            }
            for g in ctx.groups
            for y in years
            if (g, y) in sizes
            for lab in labels
        ]
        series = {
            g: np.array(
                [
                    [
                        counts.get((g, y, lab), 0) / sizes[(g, y)] if sizes.get((g, y), 0) >= TREND_MIN else np.nan
                        for y in years
                    ]
                    for lab in labels
                ]
            )
            for g in ctx.groups
        }
        section.figures.append(
            figures.small_lines(
                f"trends_{kind}s", f"{TITLES[kind]} by year", [lab.replace("_", " ") for lab in labels], years, series
            )
        )
        section.tables.append(
            Table(
                f"trends_{kind}s", f"{TITLES[kind]} by year and {ctx.by}", list(rows[0]) if rows else [], rows, show=0
            )
        )
    return section

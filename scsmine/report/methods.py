"""The methods section: provenance (corpus hash, tagger, codebook, evaluation) and the limits of the comparison."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scsmine.report.context import Context, num
from scsmine.report.model import Section, Table
from scsmine.report.where import describe_where
from scsmine.store import reporting as sql

__all__ = ["STATISTICS", "TaggerChoice", "corpus_hash", "methods_section"]

STATISTICS = [
    "Shares: passages of a group carrying a label divided by all passages of the group in scope, tagged or not. "
    "A tag counts when the chosen tagger stored it (its own threshold decided); other taggers' tags are ignored.",
    "95% intervals: Wilson score intervals on an effective sample size, the passages divided by the design effect "
    "of clustering by document (cluster-robust ratio variance; the design effect is at least 1). Passages of one "
    "document are not independent, so intervals are wider than a passage-level binomial would give.",
    "Differences: a design-effect-adjusted two-proportion test with the pooled share under the null (two groups: "
    "one against the other; more groups: each against the rest), referred to a t distribution with documents − 2 "
    "degrees of freedom. p-values are corrected with Benjamini–Hochberg (false discovery rate) across all tests of "
    "one table (drivers, frames, tone). Effect size: Cohen's h (0.2 small, 0.5 medium, 0.8 large).",
    "Keyness: log-likelihood G² (Rayson & Garside) and log ratio (Hardie) of each term in a group against the rest "
    "of the same language, on the stored tokens (jieba words for Chinese, lower-case words for English).",
    "Topics: NMF on sublinear TF-IDF per language, fitted on a seeded sample, then applied to every passage.",
    "Reproducibility: the same database and options give the same tables and figures (fixed seeds, stable "
    "ordering, no timestamps in tables); only this page shows when it was generated.",
]


def corpus_hash(ctx: Context) -> tuple[str, int]:
    """(sha256 of the sorted text-hash ids of the documents in scope, document count)."""
    keys = sql.document_keys(ctx.conn, ctx.scope)
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:16], len(keys)


@dataclass(frozen=True)
class TaggerChoice:
    """The tagger used (``None`` if nothing is tagged), why, and every tagger in scope with its passages."""

    name: str | None
    reason: str
    ranking: list[dict[str, Any]]


def _evaluation(evaluation: Mapping[str, Any] | None, tagger: str | None) -> tuple[list[tuple[str, str]], list[Table]]:
    if not evaluation:
        return [("Evaluation", "no evaluation on record")], []
    data: Mapping[str, Any] = evaluation
    if tagger and isinstance(evaluation.get(tagger), Mapping):
        data = evaluation[tagger]
    elif isinstance(evaluation.get("taggers"), Mapping) and isinstance(
        evaluation["taggers"].get(tagger or ""), Mapping
    ):
        data = evaluation["taggers"][tagger]
    facts = [(f"Evaluation: {k}", num(v)) for k, v in data.items() if not isinstance(v, (Mapping, list))]
    tables = []
    for key, value in data.items():
        if isinstance(value, Mapping) and value and all(isinstance(v, Mapping) for v in value.values()):
            cols = list(dict.fromkeys(c for v in value.values() for c in v if not isinstance(v[c], (Mapping, list))))
            rows = [{"label": label, **{c: v.get(c) for c in cols}} for label, v in value.items()]
            tables.append(
                Table(
                    f"evaluation_{key}",
                    f"Tagger evaluation: {key}",
                    ["label", *cols],
                    rows,
                    formats={c: "num" for c in cols},
                )
            )
        elif isinstance(value, Mapping):
            facts += [
                (f"Evaluation: {key}.{k}", num(v)) for k, v in value.items() if not isinstance(v, (Mapping, list))
            ]
    return facts or [("Evaluation", "on record, but with no figures this report can show")], tables


def methods_section(
    ctx: Context,
    choice: TaggerChoice,
    evaluation: Mapping[str, Any] | None,
    limits: list[str],
    covered: tuple[int, int],
    current: tuple[int, int],
) -> Section:
    """Provenance facts, statistical methods and the limits of the comparison."""
    digest, _ = corpus_hash(ctx)
    section = Section("methods", "Methods and limits")
    section.facts += [
        ("Corpus hash", f"{digest} (sha256 of the sorted text-hash ids of the documents in scope)"),
        ("Scope", f"{describe_where(ctx.scope)}; current versions only"),
        ("Covered", f"{covered[0]:,} of {current[0]:,} documents, {covered[1]:,} of {current[1]:,} passages"),
        ("Grouping", ctx.by),
    ]
    if choice.name:
        versions = sql.tag_versions(ctx.conn, ctx.scope, choice.name)
        tagged = sum(v["passages"] for v in versions)
        section.facts += [
            ("Tagger", choice.name),
            ("Tagger version", ", ".join(sorted({v["tagger_version"] for v in versions})) or "–"),
            ("Codebook version", ", ".join(sorted({v["codebook_version"] for v in versions})) or "–"),
            ("Tagger chosen", choice.reason),
            ("Tag coverage", f"{tagged:,} of {covered[1]:,} passages in scope were tagged by {choice.name}"),
        ]
        if len(versions) > 1:
            limits = [
                *limits,
                f"The passages were tagged by {len(versions)} versions of {choice.name} (or codebook "
                "versions); re-tag to compare like with like.",
            ]
        if tagged < covered[1]:
            limits = [
                *limits,
                f"{covered[1] - tagged:,} passages in scope were never tagged by {choice.name}; they "
                "count as carrying no label. Run `scsmine tag` to tag them.",
            ]
    else:
        section.facts.append(("Tagger", "none: no passage in scope is tagged"))
    others = [f"{r['tagger']} ({r['passages']:,} passages)" for r in choice.ranking if r["tagger"] != choice.name]
    section.facts.append(("Other taggers", ", ".join(others) if others else "none"))
    facts, tables = _evaluation(evaluation, choice.name)
    section.facts += facts
    section.tables += tables
    section.paragraphs += STATISTICS
    section.warnings += limits or ["No composition problem was found in the data."]
    return section

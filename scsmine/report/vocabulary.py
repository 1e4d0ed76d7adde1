"""Vocabulary sections: keyness within each language, concepts across languages, topics."""

from __future__ import annotations

from typing import Any

import numpy as np

from scsmine.report import figures
from scsmine.report.context import Context, quote, slug
from scsmine.report.model import Section, Table
from scsmine.report.text import TextData, keyness
from scsmine.report.topics import MIN_PASSAGES, fit_topics
from scsmine.store import reporting as sql

__all__ = [
    "FIGURE_TERMS",
    "MIN_GROUP_PASSAGES",
    "MIN_GROUP_TOKENS",
    "concept_section",
    "keyness_section",
    "topic_section",
]

FIGURE_TERMS = 15
MIN_GROUP_PASSAGES = 20
MIN_GROUP_TOKENS = 1000
_LANG = {"zh": "Chinese", "en": "English"}
_KEY_FORMATS = {
    "freq": "int",
    "freq_rest": "int",
    "per_10k": "num",
    "per_10k_rest": "num",
    "g2": "num",
    "log_ratio": "num",
    "p_value": "p",
}


def _lang(code: str) -> str:
    return _LANG.get(code, code)


def keyness_section(ctx: Context, text: TextData, top: int) -> Section:
    """Distinctive terms of each group against the rest, within each language."""
    section = Section("keyness", "Distinctive vocabulary")
    section.paragraphs.append(
        "Within each language, the terms a group uses more than the rest of that language: log-likelihood G² "
        "(significance) and log ratio (effect size: +1 means twice as frequent). Terms need at least 5 "
        "occurrences in the group; stop words, numbers and one-character tokens are not listed; 'significant' "
        "means p < 0.05 after Bonferroni correction over the language's vocabulary."
    )
    for lang, data in text.langs.items():
        sub = Section(f"keyness-{slug(lang)}", _lang(lang))
        sizes = np.bincount(data.group, minlength=len(text.groups))
        tokens = data.group_counts.sum(axis=1)
        big = (sizes >= MIN_GROUP_PASSAGES) & (tokens >= MIN_GROUP_TOKENS)
        present = [
            i
            for i in range(len(text.groups))
            if big[i]
            and (tokens.sum() - tokens[i]) >= MIN_GROUP_TOKENS
            and (sizes.sum() - sizes[i]) >= MIN_GROUP_PASSAGES
        ]
        small = [
            f"{text.groups[i]} ({sizes[i]:,} passages, {int(tokens[i]):,} tokens)"
            for i in range(len(text.groups))
            if sizes[i] and not big[i]
        ]
        if small:
            sub.paragraphs.append(
                f"Too little {_lang(lang)} text to compare (a side needs {MIN_GROUP_PASSAGES} passages "
                f"and {MIN_GROUP_TOKENS:,} tokens): {', '.join(small)}."
            )
        if not present:
            sub.paragraphs.append(
                f"No group has enough {_lang(lang)} text on both sides of the comparison, so no "
                "distinctive terms are listed for this language. See the concepts below for a "
                "comparison across languages."
            )
        for i in present:
            group = text.groups[i]
            rows, info = keyness(data, i, top=top)
            name = f"keyness_{slug(lang)}_{slug(group)}"
            title = f"{_lang(lang)}: terms distinctive of {group} (vs other {_lang(lang)} passages)"
            sub.tables.append(
                Table(
                    name,
                    title,
                    [
                        "term",
                        "freq",
                        "per_10k",
                        "freq_rest",
                        "per_10k_rest",
                        "g2",
                        "log_ratio",
                        "p_value",
                        "significant",
                    ],
                    rows,
                    formats=_KEY_FORMATS,
                    headers={
                        "per_10k": "per 10k",
                        "per_10k_rest": "per 10k (rest)",
                        "g2": "G²",
                        "freq_rest": "freq (rest)",
                        "log_ratio": "log ratio",
                    },
                    show=12,
                )
            )
            if rows and (lang != "zh" or figures.has_cjk()):
                shown = rows[:FIGURE_TERMS]
                sub.figures.append(
                    figures.keyness_bars(
                        name,
                        title,
                        [r["term"] for r in shown],
                        [r["log_ratio"] for r in shown],
                        colour=ctx.groups.index(group) if group in ctx.groups else 0,
                    )
                )
            elif rows:
                sub.warnings.append(
                    "No CJK font found, so Chinese terms are shown in tables only (install fonts-noto-cjk)."
                )
            sub.paragraphs.append(
                f"{group}: {info['tokens']:,} tokens against {info['tokens_rest']:,}; "
                f"{info['candidates']:,} candidate terms."
            )
        section.subsections.append(sub)
    return section


def concept_section(ctx: Context, text: TextData) -> Section:
    """Glossary concepts per 10,000 tokens by group, both languages together."""
    section = Section("concepts", "Concepts across languages")
    section.paragraphs.append(
        "Each concept of the bilingual glossary (e.g. 失信被执行人 ↔ judgment defaulter) counted in both languages: "
        "Chinese terms as substrings, English terms as whole words. Rates are per 10,000 tokens of the group; G² and "
        "log ratio compare the group with the rest. Token counts differ in kind between the languages (jieba words "
        "vs English words), so compare the direction and size of differences rather than exact rates."
    )
    rows = text.concepts
    cols = ["concept", "label", "group", "zh", "en", "occurrences", "tokens", "per_10k", "g2", "log_ratio"]
    section.tables.append(Table(f"concepts_by_{ctx.by}", "Concept occurrences by group", cols, rows, show=0))
    wide: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = wide.setdefault(r["concept"], {"concept": r["label"], "max_g2": 0.0})
        row[r["group"]] = r["per_10k"]
        row["max_g2"] = max(row["max_g2"], r["g2"] or 0.0)
    ranked = sorted(
        (r for r in wide.values() if any(r.get(g) for g in text.groups)), key=lambda r: (-r["max_g2"], r["concept"])
    )
    section.tables.append(
        Table(
            f"concepts_by_{ctx.by}_display",
            "Concepts per 10,000 tokens (most different first)",
            ["concept", *text.groups, "max_g2"],
            ranked,
            formats={g: "num" for g in text.groups} | {"max_g2": "num"},
            headers={"max_g2": "G² (largest)"},
            show=20,
            csv=False,
        )
    )
    shown = ranked[:12]
    if shown and len(text.groups) > 1:
        values = np.array([[r.get(g, 0.0) for r in shown] for g in text.groups])
        section.figures.append(
            figures.bars_ci(
                f"concepts_by_{ctx.by}",
                "Glossary concepts per 10,000 tokens",
                [r["concept"] for r in shown],
                text.groups,
                values,
                xlabel="occurrences per 10,000 tokens",
                percent=False,
                caption="The 12 concepts whose rates differ most (largest G²).",
            )
        )
    return section


def topic_section(ctx: Context, text: TextData, *, k: int, sample: int, seed: int) -> Section:
    """NMF topics per language with prevalence by group, top terms and representative passages."""
    section = Section("topics", "Topics")
    section.paragraphs.append(
        f"Topics per language: NMF on TF-IDF, fitted on up to {sample:,} passages drawn with seed {seed}, then "
        "applied to every passage. Each passage counts for its strongest topic; the table gives the share of each "
        "group's passages (of that language) per topic."
    )
    for lang, data in text.langs.items():
        sub = Section(f"topics-{slug(lang)}", _lang(lang))
        model = fit_topics(data, len(text.groups), k=k, sample=sample, seed=seed)
        if model is None:
            sub.paragraphs.append(
                f"Too few {_lang(lang)} passages or terms for topics (at least {MIN_PASSAGES} passages are needed)."
            )
            section.subsections.append(sub)
            continue
        present = [i for i, g in enumerate(text.groups) if model.totals[i] >= MIN_GROUP_PASSAGES]
        names = [f"{lang}-{t + 1}" for t in range(len(model.terms))]
        rows = [
            {
                "topic": names[t],
                "top_terms": " · ".join(terms),
                **{text.groups[i]: round(float(model.shares[t, i]), 6) for i in present},
            }
            for t, terms in enumerate(model.terms)
        ]
        sub.tables.append(
            Table(
                f"topics_{slug(lang)}",
                f"{_lang(lang)} topics: top terms and share of passages by group",
                ["topic", "top_terms", *[text.groups[i] for i in present]],
                rows,
                formats={text.groups[i]: "pct" for i in present},
                headers={"top_terms": "top terms"},
            )
        )
        labels = [
            f"{n}: {' · '.join(t[:3])}" if (lang != "zh" or figures.has_cjk()) else n
            for n, t in zip(names, model.terms, strict=True)
        ]
        sub.figures.append(
            figures.heatmap(
                f"topics_{slug(lang)}",
                f"{_lang(lang)} topics by {ctx.by}",
                labels,
                [text.groups[i] for i in present],
                model.shares[:, present],
                xlabel=ctx.by,
                ylabel="topic (top terms)",
            )
        )
        cards = sql.passage_cards(ctx.conn, [r for reps in model.representative for r in reps])
        for name, reps in zip(names, model.representative, strict=True):
            sub.quotes.extend(quote(cards[r], f"topic {name}: representative passage") for r in reps if r in cards)
        sub.paragraphs.append(
            f"{len(model.terms)} topics; fitted on {model.sample:,} of {int(model.totals.sum()):,} passages."
        )
        section.subsections.append(sub)
    return section

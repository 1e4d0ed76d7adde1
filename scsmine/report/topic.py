"""The topic report: one term or concept (e.g. 信用修复 / credit repair) in context.

1. Search the full-text index for each phrase (the query, or every term of
   its glossary concept in both languages; index tokens come from the caller)
   and keep the hits in scope.
2. Keyword-in-context lines with citations.
3. Collocates within five tokens, per language, against that language's corpus.
4. Distribution of the hits by origin, level, document type, language and
   year, per 1,000 passages of each value in scope.
5. Example passages per origin and a methods section.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scsmine.core.models import Filters
from scsmine.report import figures
from scsmine.report.concordance import collocates, kwic
from scsmine.report.context import Context, quote, slug
from scsmine.report.framing import resolve_scope, same_text_note
from scsmine.report.glossary import Concept
from scsmine.report.methods import corpus_hash
from scsmine.report.model import Report, Section, Table
from scsmine.report.where import describe_where
from scsmine.store import Corpus
from scsmine.store import reporting as sql

__all__ = ["DIMENSIONS", "Phrase", "TopicOptions", "build_topic"]

DIMENSIONS = ("origin", "level", "doc_type", "lang", "year")
KWIC_WIDTH = {"zh": 24, "en": 50}  # characters of context on each side


@dataclass(frozen=True)
class Phrase:
    """One searchable spelling of the topic.

    Attributes:
        term: The term as written (``信用修复``, ``credit repair``).
        tokens: Its full-text index tokens (``scsmine.normalize.query_tokens``).
        prefix: Match the last token as a prefix.
    """

    term: str
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, kw_only=True)
class TopicOptions:
    """Options of the topic report.

    Attributes:
        query: What the user asked for.
        phrases: The spellings to search (at least one).
        concept: The glossary concept the query expanded to, if any.
        where: Filter in the ``--where`` language.
        window: Collocation window (tokens on each side).
        kwic_lines: KWIC lines shown in the report (the CSV has all).
        per_origin: Example passages per origin.
        generated_at: Time shown in the HTML methods section only.
        same_text_once: Count documents with exactly the same text once.
    """

    query: str
    phrases: tuple[Phrase, ...] = field(default_factory=tuple)
    concept: Concept | None = None
    where: str | None = None
    window: int = 5
    kwic_lines: int = 60
    per_origin: int = 4
    generated_at: str = ""
    same_text_once: bool = True


def _hits(corpus: Corpus, ctx: Context, phrases: tuple[Phrase, ...]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for phrase in phrases:
        for hit in corpus.search(list(phrase.tokens), Filters(), limit=None, prefix=phrase.prefix):
            found.setdefault(hit["passage_id"], {**hit, "terms": []})["terms"].append(phrase.term)
    extra = sql.in_scope(ctx.conn, ctx.scope, list(found))
    hits = [{**found[pid], **extra[pid]} for pid in found if pid in extra]
    return sorted(hits, key=lambda h: h["rowid"])


def _value(hit: dict[str, Any], dim: str) -> str:
    value = hit.get(dim)
    return str(value) if value is not None else ("undated" if dim == "year" else "unknown")


def _distribution(ctx: Context, hits: list[dict[str, Any]]) -> Section:
    section = Section("distribution", "Distribution")
    section.paragraphs.append("Passages holding the term per 1,000 passages of each value in scope.")
    for dim in DIMENSIONS:
        counts = Counter(_value(h, dim) for h in hits)
        docs = {v: len({h["doc_key"] for h in hits if _value(h, dim) == v}) for v in counts}
        rows: list[dict[str, Any]] = [
            {
                dim: g,
                "passages": counts.get(g, 0),
                "documents": docs.get(g, 0),
                "total": n,
                "per_1000": round(counts.get(g, 0) / n * 1000, 3),
            }
            for g, _, n in sql.group_sizes(ctx.conn, ctx.scope, dim)
        ]
        section.tables.append(
            Table(
                f"by_{dim}",
                f"Hits by {dim.replace('_', ' ')}",
                [dim, "passages", "documents", "total", "per_1000"],
                rows,
                formats={"per_1000": "num"},
                headers={"per_1000": "per 1,000", "total": "passages in scope"},
            )
        )
        if dim == "year" and rows:
            dated = [r for r in rows if r["year"] != "undated"]
            if len(dated) > 1:
                section.figures.append(
                    figures.small_lines(
                        "by_year",
                        "Passages holding the term per 1,000, by year",
                        ["per 1,000 passages"],
                        [int(r["year"]) for r in dated],
                        {"all": np.array([[r["per_1000"] for r in dated]])},
                        ylabel="per 1,000 passages",
                        percent=False,
                    )
                )
        elif rows and dim in ("origin", "level", "doc_type"):
            section.figures.append(
                figures.bars_ci(
                    f"by_{dim}",
                    f"Passages holding the term per 1,000, by {dim}",
                    [r[dim] for r in rows],
                    ["per 1,000 passages"],
                    np.array([[r["per_1000"] for r in rows]]),
                    xlabel="per 1,000 passages",
                    percent=False,
                )
            )
    return section


def _kwic(hits: list[dict[str, Any]], terms: list[str], shown: int) -> Section:
    rows = []
    for h in sorted(hits, key=lambda h: (_value(h, "origin"), h.get("date") or "", h["rowid"])):
        text = h["simplified"] if h.get("lang") == "zh" else h["text"]
        for left, match, right in kwic(text, terms, width=KWIC_WIDTH.get(str(h.get("lang")), 45)):
            rows.append(
                {
                    "origin": _value(h, "origin"),
                    "date": h.get("date") or "",
                    "left": left,
                    "match": match,
                    "right": right,
                    "title": h.get("title") or "",
                    "passage_id": h["passage_id"],
                    "url": h.get("url") or "",
                }
            )
    section = Section("kwic", "Keyword in context")
    section.paragraphs.append(f"{len(rows):,} occurrences in {len(hits):,} passages, sorted by origin and date.")
    section.tables.append(
        Table(
            "kwic",
            "Concordance",
            ["origin", "date", "left", "match", "right", "title", "passage_id", "url"],
            rows,
            display=["origin", "date", "left", "match", "right", "title"],
            show=shown,
            style="kwic",
        )
    )
    return section


def _collocates(ctx: Context, hits: list[dict[str, Any]], terms: list[str], window: int) -> Section:
    section = Section("collocates", "Collocates")
    section.paragraphs.append(
        f"Words within {window} tokens of the term, over-represented against every passage of "
        "the same language in scope (G² and log ratio, as for keyness)."
    )
    langs = sorted({h["lang"] for h in hits})
    corpus: dict[str, Counter[str]] = {lang: Counter() for lang in langs}
    for _, _, lang, tokens, _ in sql.token_rows(ctx.conn, ctx.scope, "origin"):
        if lang in corpus:
            corpus[lang].update(tokens.split())
    for lang in langs:
        lists = [h["tokens"].split() for h in hits if h["lang"] == lang]
        rows = collocates(lists, terms, corpus[lang], sum(corpus[lang].values()), window=window)
        section.tables.append(
            Table(
                f"collocates_{slug(lang)}",
                f"Collocates ({lang})",
                ["collocate", "window_freq", "corpus_freq", "g2", "log_ratio"],
                rows,
                formats={"g2": "num", "log_ratio": "num"},
                show=25,
                headers={"window_freq": "in window", "corpus_freq": "in corpus", "g2": "G²"},
            )
        )
    return section


def build_topic(corpus: Corpus, options: TopicOptions) -> Report:
    """Build the topic report (steps in the module docstring).

    Raises:
        UsageError: A bad ``--where`` filter.
        InputError: Nothing in scope (empty database, filter matching nothing).
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    scoped = resolve_scope(corpus, options.where, options.same_text_once)
    covered, copies = scoped.covered, scoped.copies
    ctx = Context.build(corpus.conn, scoped.scope, "origin", None, 1)
    terms = [p.term for p in options.phrases]
    hits = _hits(corpus, ctx, options.phrases)
    summary = Section("summary", "Summary")
    summary.facts += [
        ("Query", options.query),
        ("Concept", f"{options.concept.label} ({options.concept.id})" if options.concept else "none in the glossary"),
        ("Terms searched", " | ".join(terms)),
        ("Passages holding a term", f"{len(hits):,} of {covered[1]:,} in scope"),
        ("Documents", f"{len({h['doc_key'] for h in hits}):,} of {covered[0]:,}"),
    ]
    if copies:
        summary.warnings.append(same_text_note(copies))
    if not hits:
        summary.warnings.append(f"No passage in scope holds {' / '.join(terms)}; check the spelling or the filter.")
    sections = [
        summary,
        _kwic(hits, terms, options.kwic_lines),
        _collocates(ctx, hits, terms, options.window),
        _distribution(ctx, hits),
    ]
    examples = Section("examples", "Example passages")
    for origin in sorted({_value(h, "origin") for h in hits}):
        mine = [h for h in hits if _value(h, "origin") == origin][: options.per_origin]
        examples.quotes += [
            quote(h, f"{origin} · {h.get('date') or 'undated'} · matched {', '.join(h['terms'])}") for h in mine
        ]
    digest, _ = corpus_hash(ctx)
    methods = Section(
        "methods",
        "Methods",
        facts=[
            ("Corpus hash", f"{digest} (sha256 of the sorted text-hash ids of the documents in scope)"),
            ("Scope", f"{describe_where(scoped.asked)}; current versions only"),
            (
                "Search",
                "full-text index (Chinese: overlapping character bigrams, so any substring matches; English: "
                "words with Porter stemming); traditional script is matched through its simplified form",
            ),
            ("Expansion", "the glossary concept's Chinese and English terms" if options.concept else "the query only"),
        ],
    )
    sections += [examples, methods]
    timings["build"] = time.perf_counter() - start
    return Report(
        title=f"Topic report: {options.query}",
        subtitle=f"{len(hits):,} passages · terms: {' | '.join(terms)}"
        f" · scope: {describe_where(scoped.asked)} · corpus {digest}",
        sections=sections,
        kind="topic",
        generated_at=options.generated_at,
        timings=timings,
        documents=covered[0],
        passages=covered[1],
    )

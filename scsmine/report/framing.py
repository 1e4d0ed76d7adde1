"""The framing report: domestic versus foreign (or any grouping), with evidence, figures and method.

1. Parse the scope (``--where``) and check there is something to report.
2. Choose the tagger: ``--tagger``, else the one that tagged the most passages
   in scope (ties: most recent, then name).
3. Overview and composition warnings.
4. Drivers, frames and tone by group (:mod:`~scsmine.report.prevalence`).
5. Vocabulary: keyness within languages, concepts across languages, topics.
6. Trends by year; methods and limits; a summary on top.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from scsmine.core.errors import InputError, NotFoundError, UsageError
from scsmine.report import overview, prevalence, vocabulary
from scsmine.report.context import Context, pct, qtext
from scsmine.report.methods import TaggerChoice, corpus_hash, methods_section
from scsmine.report.model import Report, Section
from scsmine.report.text import load_text
from scsmine.report.where import Condition, describe_where, parse_where
from scsmine.store import Corpus
from scsmine.store import reporting as sql

__all__ = [
    "FramingOptions",
    "Scoped",
    "build_framing",
    "check_scope",
    "choose_tagger",
    "resolve_scope",
    "same_text_note",
]

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class FramingOptions:
    """Options of the framing report (validated when built).

    Attributes:
        by: Grouping field: origin, doc_type, level, lang or year.
        where: Filter in the ``--where`` language (see :mod:`scsmine.report.where`).
        tagger: Tagger whose tags to use (default: the one that tagged most passages in scope).
        evaluation: The tagger's evaluation figures, if any are on record.
        per_cell: Evidence passages per group and label.
        topics: Topics per language.
        topic_sample: Passages the topic model is fitted on (seeded sample).
        keyness_top: Terms listed per keyness table.
        seed: Seed of every random choice.
        generated_at: Time shown in the HTML methods section only.
        same_text_once: Count documents with exactly the same text (a law and
            its PDF rendering) once, keeping the earliest ingested.
    """

    by: str = "origin"
    where: str | None = None
    tagger: str | None = None
    evaluation: Mapping[str, Any] | None = None
    per_cell: int = 2
    topics: int = 8
    topic_sample: int = 5000
    keyness_top: int = 25
    seed: int = 0
    generated_at: str = ""
    same_text_once: bool = True

    def __post_init__(self) -> None:
        if self.by not in sql.GROUP_FIELDS:
            raise UsageError(f"cannot group by {self.by!r}", f"use --by with one of {', '.join(sql.GROUP_FIELDS)}")
        for name in ("per_cell", "topics", "topic_sample", "keyness_top"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name} must be at least 1, not {getattr(self, name)}")


def check_scope(corpus: Corpus, scope: tuple[Condition, ...]) -> tuple[tuple[int, int], tuple[int, int]]:
    """((documents, passages) in scope, (documents, passages) current), or an error when nothing is in scope.

    Raises:
        InputError: The database has no passages, or the filter matches none.
    """
    current = sql.count_current(corpus.conn)
    if current[1] == 0:
        raise InputError(
            f"database {corpus.path} has no passages to report on", "ingest documents first with `scsmine ingest`"
        )
    covered = sql.count_scope(corpus.conn, scope) if scope else current
    if covered[1] == 0:
        raise InputError(
            f"no passage matches --where {describe_where(scope)!r} (the database has {current[1]:,} current passages)",
            "loosen the filter; `scsmine stats` shows what the database holds",
        )
    return covered, current


@dataclass(frozen=True)
class Scoped:
    """What a report covers.

    Attributes:
        asked: The parsed ``--where`` conditions (shown to the reader).
        scope: The conditions computed with: ``asked`` plus, when identical
            texts count once, the exclusion of their later copies.
        copies: (copy, kept document) ids of the copies left out.
        covered: (documents, passages) in ``scope``.
        current: (documents, passages) of current versions in the database.
    """

    asked: tuple[Condition, ...]
    scope: tuple[Condition, ...]
    copies: list[tuple[str, str]]
    covered: tuple[int, int]
    current: tuple[int, int]


def resolve_scope(corpus: Corpus, where: str | None, same_text_once: bool = True) -> Scoped:
    """Parse ``where``, check that it matches something, and leave out later copies of an identical text.

    Raises:
        UsageError: A bad ``--where`` filter.
        InputError: Nothing in scope.
    """
    asked = parse_where(where)
    covered, current = check_scope(corpus, asked)
    found = sql.same_text_copies(corpus.conn) if same_text_once else []
    if found and asked:  # a filter: the copies and the copy kept are looked for within its scope only
        in_scope = {rowid for _, rowid, _ in sql.doc_sizes(corpus.conn, asked, "origin")}
        found = sql.same_text_copies(corpus.conn, in_scope)
    if not found:
        return Scoped(asked, asked, [], covered, current)
    scope = (*asked, Condition("doc", "not in", tuple(r for r, _, _ in found)))
    return Scoped(asked, scope, [(c, k) for _, c, k in found], sql.count_scope(corpus.conn, scope), current)


def same_text_note(copies: list[tuple[str, str]]) -> str:
    """One sentence naming the documents counted once because their text repeats another's."""
    pairs = ", ".join(f"{copy} (= {kept})" for copy, kept in copies)
    return (
        f"{len(copies)} document(s) in scope have exactly the same text as another and are counted once: {pairs}. "
        "Count every copy with --same-text each."
    )


def choose_tagger(corpus: Corpus, scope: tuple[Condition, ...], requested: str | None) -> TaggerChoice:
    """The tagger to use: ``requested``, else the one with most tagged passages in scope.

    Raises:
        NotFoundError: ``requested`` tagged no passage in scope; the hint lists those that did.
    """
    ranking = sql.rank_taggers(corpus.conn, scope)
    names = [r["tagger"] for r in ranking]
    if requested:
        if requested not in names:
            known = ", ".join(f"{r['tagger']} ({r['passages']:,})" for r in ranking) or "none (run `scsmine tag`)"
            raise NotFoundError(f"tagger {requested!r} tagged no passage in scope", f"taggers with tags: {known}")
        return TaggerChoice(requested, "chosen with --tagger", ranking)
    if not ranking:
        return TaggerChoice(None, "no tagger has tagged passages in scope", ranking)
    top = ranking[0]
    reason = f"default: tagged the most passages in scope ({top['passages']:,})"
    if len(ranking) > 1 and ranking[1]["passages"] == top["passages"]:
        reason += "; tie broken by the most recent tagging run"
    return TaggerChoice(top["tagger"], reason, ranking)


def _timed(timings: dict[str, float], name: str, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    out = fn()
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    return out


def build_framing(corpus: Corpus, options: FramingOptions) -> Report:
    """Build the framing report (steps in the module docstring).

    Args:
        corpus: An open corpus.
        options: What to compare and how.

    Returns:
        The report, ready for :func:`scsmine.report.render.write_report`.

    Raises:
        UsageError: A bad ``--where`` filter or option.
        InputError: Nothing to report (empty database, filter matching nothing).
        NotFoundError: ``--tagger`` names a tagger without tags in scope.
    """
    timings: dict[str, float] = {}
    scoped = resolve_scope(corpus, options.where, options.same_text_once)
    scope, copies, covered, current = scoped.scope, scoped.copies, scoped.covered, scoped.current
    choice = choose_tagger(corpus, scope, options.tagger)
    ctx = _timed(
        timings, "overview", lambda: Context.build(corpus.conn, scope, options.by, choice.name, options.per_cell)
    )
    rows = _timed(timings, "overview", lambda: sql.overview(ctx.conn, scope, ctx.by))
    docs = _timed(timings, "overview", lambda: sql.sources(ctx.conn, scope))
    sections = [_timed(timings, "overview", lambda: overview.overview_section(ctx, rows, docs))]
    limits = _timed(timings, "overview", lambda: overview.composition_warnings(ctx, rows, docs))
    if copies:
        limits.append(same_text_note(copies))
    results = {}
    for kind in ("driver", "frame", "tone"):
        res = _timed(timings, kind + "s", lambda k=kind: prevalence.compute(ctx, k))  # type: ignore[misc]
        results[kind] = res
        sections.append(_timed(timings, kind + "s", lambda r=res: prevalence.kind_section(ctx, r)))  # type: ignore[misc]
    text = _timed(timings, "tokens", lambda: load_text(ctx.conn, scope, ctx.by, ctx.groups))
    sections.append(_timed(timings, "keyness", lambda: vocabulary.keyness_section(ctx, text, options.keyness_top)))
    sections.append(_timed(timings, "concepts", lambda: vocabulary.concept_section(ctx, text)))
    sections.append(
        _timed(
            timings,
            "topics",
            lambda: vocabulary.topic_section(
                ctx, text, k=options.topics, sample=options.topic_sample, seed=options.seed
            ),
        )
    )
    sections.append(_timed(timings, "trends", lambda: prevalence.trend_section(ctx)))
    sections.append(
        _timed(timings, "methods", lambda: methods_section(ctx, choice, options.evaluation, limits, covered, current))
    )
    sections.insert(0, _summary(ctx, choice, results, limits, covered))
    digest, _ = corpus_hash(ctx)
    return Report(
        title=f"Framing report: drivers, frames and tone by {options.by}",
        subtitle=f"{covered[1]:,} passages in {covered[0]:,} documents · scope: {describe_where(scoped.asked)} · "
        f"tagger: {choice.name or 'none'} · corpus {digest}",
        sections=sections,
        kind="framing",
        generated_at=options.generated_at,
        timings=timings,
        documents=covered[0],
        passages=covered[1],
        tagger=choice.name,
    )


def _summary(
    ctx: Context,
    choice: TaggerChoice,
    results: dict[str, prevalence.KindResult],
    limits: list[str],
    covered: tuple[int, int],
) -> Section:
    section = Section("summary", "Summary")
    section.facts += [
        ("Documents", f"{covered[0]:,}"),
        ("Passages", f"{covered[1]:,}"),
        ("Groups", ", ".join(f"{g} ({ctx.total(g):,} passages)" for g in ctx.groups)),
        ("Tagger", choice.name or "none"),
    ]
    for kind, res in results.items():
        sig = sorted((r for r in res.tests if r["q_value"] < 0.05), key=lambda r: (-abs(r["cohen_h"]), r["label"]))
        if not ctx.tagger or len(ctx.groups) < 2:
            continue
        if not sig:
            section.paragraphs.append(f"{prevalence.TITLES[kind]}: no significant difference between groups.")
            continue
        top = sig[0]
        section.paragraphs.append(
            f"{prevalence.TITLES[kind]}: {len(sig)} significant difference(s); the largest is "
            f"{top['label'].replace('_', ' ')}, {pct(top['share'])} of {top['group']} passages against "
            f"{pct(top['share_versus'])} of {top['versus']} (Cohen's h {top['cohen_h']:+.2f}, {qtext(top['q_value'])})."
        )
    if limits:
        section.warnings += ["Read with care: " + limits[0], *limits[1:]]
    return section

"""API for reports: ``scsmine report framing`` ↔ :func:`report_framing`, ``report topic`` ↔ :func:`report_topic`."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scsmine.core.config import db_path
from scsmine.core.errors import UsageError
from scsmine.normalize.tokenize import query_tokens
from scsmine.store import Corpus

if TYPE_CHECKING:  # the report stack (scipy, matplotlib) is imported only when a report is built
    from scsmine.report import Report, WrittenReport

__all__ = ["report_framing", "report_topic", "tagger_evaluation"]

log = logging.getLogger(__name__)


def tagger_evaluation() -> Mapping[str, Any] | None:
    """The tagger's latest evaluation figures (``scsmine/tag/data/evaluation.json``), or ``None``."""
    try:
        path = resources.files("scsmine.tag").joinpath("data", "evaluation.json")
        if path.is_file():
            data = json.loads(path.read_text("utf-8"))
            return data if isinstance(data, Mapping) else None
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        log.warning("cannot read the tagger evaluation: %s", exc)
    return None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _write(report: Report, out: Path) -> WrittenReport:
    start = time.perf_counter()
    from scsmine.report import WrittenReport, write_report

    tables, figs = write_report(report, out)
    return WrittenReport(
        out=out,
        html=out / "report.html",
        markdown=out / "report.md",
        tables=tuple(tables),
        figures=tuple(figs),
        documents=report.documents,
        passages=report.passages,
        tagger=report.tagger,
        timings={**report.timings, "write": time.perf_counter() - start},
    )


def _same_text_once(value: str) -> bool:
    if value not in ("once", "each"):
        raise UsageError(f"--same-text must be once or each, not {value!r}",
                         "once counts a law and its PDF rendering as one document; each counts both")
    return value == "once"


def report_framing(
    *,
    out: str | Path,
    db: str | Path | None = None,
    by: str = "origin",
    where: str | None = None,
    tagger: str | None = None,
    same_text: str = "once",
) -> WrittenReport:
    """Write the framing report (domestic versus foreign, or any grouping) into ``out``.

    Args:
        out: Output directory (created; ``report.html``, ``report.md``, ``tables/``, ``figures/``).
        db: Database path (default: ``$SCSMINE_DB`` or the configured path).
        by: Grouping: origin, doc_type, level, lang or year.
        where: Filter in the ``--where`` language, e.g. ``doc_type!=unrelated and year>=2015``.
        tagger: Tagger whose tags to use (default: the one that tagged most passages in scope).
        same_text: ``once``: documents with exactly the same text (a law and its
            PDF rendering) count once; ``each``: every copy counts.

    Returns:
        The paths written, what was covered and the time per section.

    Raises:
        UsageError: Bad filter or option, or ``out`` not writable.
        InputError: Nothing to report (empty database or filter matching nothing).
        NotFoundError: No such database, or ``tagger`` has no tags in scope.
    """
    from scsmine.report import FramingOptions, build_framing, prepare_out

    options = FramingOptions(by=by, where=where, tagger=tagger, evaluation=tagger_evaluation(), generated_at=_now(),
                             same_text_once=_same_text_once(same_text))
    out = prepare_out(Path(out))
    with Corpus.open(db_path(db), readonly=True) as corpus:
        report = build_framing(corpus, options)
    return _write(report, out)


def report_topic(
    query: str,
    *,
    out: str | Path,
    db: str | Path | None = None,
    where: str | None = None,
    expand: bool = True,
    same_text: str = "once",
) -> WrittenReport:
    """Write a report on one term or concept (KWIC, collocates, distribution) into ``out``.

    Args:
        query: A term in Chinese or English, or a glossary concept id or label.
        out: Output directory.
        db: Database path (default: ``$SCSMINE_DB`` or the configured path).
        where: Filter in the ``--where`` language.
        expand: Search every term of the query's glossary concept, in both languages.
        same_text: ``once`` or ``each``, as for :func:`report_framing`.

    Raises:
        UsageError: Empty query, bad filter, or ``out`` not writable.
        InputError: Nothing in scope.
    """
    once = _same_text_once(same_text)
    if not query.strip():
        raise UsageError("the query is empty", "give a term, e.g. scsmine report topic 信用修复 --out reports/topic")
    from scsmine.report import Phrase, TopicOptions, build_topic, find_concept, prepare_out

    concept = find_concept(query) if expand else None
    terms = concept.terms if concept else (query.strip(),)
    phrases = []
    for term in terms:
        tokens, prefix = query_tokens(term)
        if tokens:
            phrases.append(Phrase(term, tuple(tokens), prefix))
    if not phrases:
        raise UsageError(f"the query {query!r} has no searchable characters", "give a word or phrase")
    out = prepare_out(Path(out))
    options = TopicOptions(
        query=query.strip(), phrases=tuple(phrases), concept=concept, where=where, generated_at=_now(),
        same_text_once=once,
    )
    with Corpus.open(db_path(db), readonly=True) as corpus:
        report = build_topic(corpus, options)
    return _write(report, out)

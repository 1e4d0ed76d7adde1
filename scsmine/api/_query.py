"""Query, keyword in context, statistics, document view and export."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scsmine.api._ingest import open_corpus
from scsmine.core.errors import UsageError
from scsmine.core.models import Filters
from scsmine.normalize import clean_line, query_tokens, to_simplified
from scsmine.store import Corpus

__all__ = ["EXPORT_FORMATS", "export", "kwic", "make_filters", "migrate", "query", "show", "stats"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "warc")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def make_filters(**values: Any) -> Filters:
    """:class:`Filters` from keyword values, turning a bad combination into a usage error."""
    try:
        return Filters(**{k: v for k, v in values.items() if v is not None})
    except ValueError as exc:
        raise UsageError(str(exc), "check --year-from/--year-to") from None


def stored_tagger(corpus: Corpus) -> str | None:
    """The tagger that tagged the most passages (latest on ties), if any."""
    taggers = corpus.taggers()
    if not taggers:
        return None
    best = max(taggers, key=lambda t: (t["passages"], t["last"] or ""))
    return str(best["tagger"])


def _pattern(text: str) -> re.Pattern[str] | None:
    """A regex that finds the query in simplified text: Han runs exactly, words by prefix, any gap between."""
    simple = to_simplified(clean_line(text))
    parts = []
    for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_]+", simple):
        tok = m.group(0)
        parts.append(re.escape(tok) if _HAN_RUN.fullmatch(tok) else r"\b" + re.escape(tok) + r"\w*")
    if not parts:
        return None
    return re.compile(r"[\W_]*".join(parts), re.IGNORECASE)


def kwic(text: str, pattern: re.Pattern[str], width: int = 30) -> dict[str, Any] | None:
    """Left context, keyword and right context of the first match in ``text``."""
    simple = to_simplified(text)
    m = pattern.search(simple)
    if m is None:
        return None
    source = text if len(simple) == len(text) else simple
    left = source[max(0, m.start() - width) : m.start()].replace("\n", " ")
    right = source[m.end() : m.end() + width].replace("\n", " ")
    return {
        "left": left,
        "keyword": source[m.start() : m.end()],
        "right": right,
        "occurrences": len(pattern.findall(simple)),
    }


def query(
    text: str,
    *,
    db: str | Path | None = None,
    origin: str | None = None,
    lang: str | None = None,
    doc_type: str | None = None,
    level: str | None = None,
    jurisdiction: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    driver: str | None = None,
    frame: str | None = None,
    tone: str | None = None,
    tagger: str | None = None,
    limit: int | None = 20,
    with_kwic: bool = False,
    width: int = 30,
) -> list[dict[str, Any]]:
    """Passages containing ``text`` (a Chinese phrase or English words), in corpus order.

    The query is matched as a phrase: Chinese as an exact substring (in
    simplified script, so 誠信 finds 诚信 and the reverse), English words
    in order with Porter stemming (``credit`` finds ``credits``). Quotes,
    parentheses, ``OR`` and the like are treated as text.

    Args:
        text: The query.
        db: Database path.
        origin, lang, doc_type, level, jurisdiction: Metadata filters.
        year_from, year_to: Inclusive range of the document's year.
        driver, frame, tone: Tag filters (tags of ``tagger``, default: the
            tagger that tagged the most passages).
        tagger: Which tagger's tags to filter and show.
        limit: Maximum hits; ``None`` or 0 for all.
        with_kwic: Add a ``kwic`` field (left, keyword, right).
        width: Characters of context on each side.

    Returns:
        One dict per passage with document metadata.
    """
    phrase, prefix = query_tokens(text)
    if not phrase:
        raise UsageError(f"query {text!r} has no searchable word", "search for a word or Chinese phrase")
    with open_corpus(db, readonly=True) as corpus:
        if tagger is None and (driver or frame or tone):
            tagger = stored_tagger(corpus)
        filters = make_filters(
            origin=origin,
            lang=lang,
            doc_type=doc_type,
            level=level,
            jurisdiction=jurisdiction,
            year_from=year_from,
            year_to=year_to,
            driver=driver,
            frame=frame,
            tone=tone,
            tagger=tagger,
        )
        hits = corpus.search(phrase, filters, limit=limit or None, prefix=prefix)
    pattern = _pattern(text) if with_kwic else None
    for hit in hits:
        hit.pop("doc_key", None)
        if pattern is not None:
            hit["kwic"] = kwic(hit["text"], pattern, width) or {
                "left": "",
                "keyword": "",
                "right": "",
                "occurrences": 0,
            }
    return hits


def stats(*, db: str | Path | None = None) -> dict[str, Any]:
    """Counts of documents and passages, overall and by doc_type × lang × origin."""
    with open_corpus(db, readonly=True) as corpus:
        out = corpus.stats()
        out["database"] = corpus.path
        out["taggers"] = corpus.taggers()
    return out


def show(doc_id: str, *, db: str | Path | None = None, with_tags: bool = True) -> dict[str, Any]:
    """A document's metadata and passages (``doc_id``: internal id or manifest ``doc_id``).

    Raises:
        NotFoundError: No such document.
    """
    with open_corpus(db, readonly=True) as corpus:
        internal = corpus.resolve(doc_id)
        doc = corpus.document(internal)
        passages = corpus.passages(internal)
        tags = corpus.tags_for([p.id for p in passages], stored_tagger(corpus)) if with_tags else {}
    out = doc.as_dict()
    out.pop("text")
    out["doc_id"] = doc.manifest_id or doc.id
    out["year"] = doc.year
    out["passages"] = [
        {
            "id": p.id,
            "ordinal": p.ordinal,
            "kind": p.kind,
            "label": p.label,
            "heading": p.heading,
            "lang": p.lang,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            **_tag_fields(tags.get(p.id, [])),
        }
        for p in passages
    ]
    return out


def _tag_fields(tags: list[Any]) -> dict[str, Any]:
    if not tags:
        return {}
    tone = [t.label for t in tags if t.kind == "tone"]
    return {
        "drivers": [t.label for t in tags if t.kind == "driver"],
        "frames": [t.label for t in tags if t.kind == "frame"],
        "tone": tone[0] if tone else None,
    }


def _export_rows(corpus: Corpus, filters: Filters, tagger: str | None) -> Iterator[dict[str, Any]]:
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        tags = corpus.tags_for([r["passage_id"] for r in batch], tagger) if tagger else {}
        for r in batch:
            fields = _tag_fields(tags.get(r["passage_id"], []))
            r.update(drivers=fields.get("drivers", []), frames=fields.get("frames", []), tone=fields.get("tone"))
            yield r

    for row in corpus.iter_passages(filters):
        row.pop("doc_key", None)
        row.pop("text_simplified", None)
        batch.append(row)
        if len(batch) >= 2000:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def export(
    out: str | Path,
    *,
    db: str | Path | None = None,
    format: str = "jsonl",
    origin: str | None = None,
    lang: str | None = None,
    doc_type: str | None = None,
    level: str | None = None,
    jurisdiction: str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    tagger: str | None = None,
) -> int:
    """Write one row per passage with its document metadata and tags; returns the row count.

    Formats: ``jsonl``, ``csv``, ``parquet``; ``warc`` writes the stored raw
    responses and files instead (see :func:`scsmine.api.export_warc`).
    """
    if format not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {format!r}", f"use one of {', '.join(EXPORT_FORMATS)}")
    filters = make_filters(
        origin=origin,
        lang=lang,
        doc_type=doc_type,
        level=level,
        jurisdiction=jurisdiction,
        year_from=year_from,
        year_to=year_to,
    )
    out = Path(out)
    if format == "warc":
        from scsmine.api import _fetch

        if not hasattr(_fetch, "export_warc"):
            raise UsageError("WARC export is not available in this build")
        return int(_fetch.export_warc(db, out, filters))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open_corpus(db, readonly=True) as corpus:
        tagger = tagger or stored_tagger(corpus)
        rows = _export_rows(corpus, filters, tagger)
        from scsmine.api._writers import write_rows

        return write_rows(rows, out, format)


def migrate(*, db: str | Path | None = None) -> list[tuple[str, str]]:
    """Apply pending schema migrations; returns all applied migrations."""
    with open_corpus(db) as corpus:
        return corpus.migrations()

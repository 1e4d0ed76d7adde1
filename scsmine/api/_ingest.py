"""Ingestion of local files and manifests into the corpus.

Steps of :func:`ingest`:

1. list the inputs: manifest entries (JSONL or CSV) and files found under
   the given paths (symbolic-link loops and unreadable entries are reported,
   not followed);
2. for each input, read the bytes and hash them; bytes already stored for
   the same path add nothing, bytes stored under another name become an
   alias of that document;
3. parse with the reader for the format, normalise, segment into passages,
   derive simplified text, tokens and index terms;
4. merge metadata (manifest > batch flags > what the reader inferred) and
   store raw bytes, document and passages in one transaction; a changed file
   becomes a new version linked to the old one;
5. a bad input is recorded as a failure with its reason; the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scsmine.api._inputs import Item, manifest_items, path_items
from scsmine.core.config import db_path, settings
from scsmine.core.errors import InputError, ReaderError, ScsmineError, UsageError
from scsmine.core.models import (
    DOC_TYPES,
    LEVELS,
    META_FIELDS,
    ORIGINS,
    Document,
    ParsedDocument,
    Passage,
    check_date,
    doc_key,
    passage_key,
)
from scsmine.normalize import detect_lang, index_tokens, segment, to_simplified, tokens
from scsmine.sources import read
from scsmine.store import Corpus, now

__all__ = ["IngestOptions", "IngestResult", "Outcome", "build_passages", "ingest", "open_corpus", "store_parsed"]

log = logging.getLogger(__name__)

_LANGS = ("zh", "en", "und")
# Shorter passages (table cells, numbers, codes) take their document's language.
_MIN_LANG_CHARS = 25


@dataclass(frozen=True, kw_only=True)
class IngestOptions:
    """Options of one ingest batch, validated when built.

    Batch metadata (``origin``, ``lang``, ``doc_type``, ``level``,
    ``jurisdiction``) fills what a manifest entry does not say.
    """

    origin: str | None = None
    lang: str | None = None
    doc_type: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    max_chars_zh: int = 600
    max_chars_en: int = 1200

    def __post_init__(self) -> None:
        for name, allowed in (("origin", ORIGINS), ("lang", _LANGS), ("doc_type", DOC_TYPES), ("level", LEVELS)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                flag = "--" + name.replace("_", "-")
                raise UsageError(f"{flag} {value!r} is not allowed", f"use one of: {', '.join(allowed)}")
        if self.max_chars_zh < 50 or self.max_chars_en < 100:
            raise UsageError("passage limits are too small", "use at least 50 (zh) and 100 (en) characters")

    @classmethod
    def from_settings(cls, **flags: Any) -> IngestOptions:
        """Options from the config file's ``[segment]`` section plus flags."""
        seg = settings()["segment"]
        return cls(max_chars_zh=seg["max_chars_zh"], max_chars_en=seg["max_chars_en"], **flags)

    def batch_meta(self) -> dict[str, str]:
        """The batch metadata that is set."""
        names = ("origin", "lang", "doc_type", "level", "jurisdiction")
        return {k: getattr(self, k) for k in names if getattr(self, k) is not None}


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: ``added``, ``new_version``, ``unchanged``, ``duplicate`` or ``failed``."""

    status: str
    locator: str
    doc_id: str | None = None
    passages: int = 0
    message: str = ""


@dataclass
class IngestResult:
    """Counts and failures of a batch; ``exit_code`` is 0 when nothing failed, else 1."""

    outcomes: list[Outcome] = field(default_factory=list)
    run_id: int = 0

    def count(self, status: str) -> int:
        """Number of inputs with this status."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failures(self) -> list[Outcome]:
        """The failed inputs."""
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 all good, 1 some inputs failed (the rest are stored)."""
        return 1 if self.failures else 0

    def summary(self) -> dict[str, int]:
        """Counts per status plus passages added."""
        statuses = ("added", "new_version", "unchanged", "duplicate", "failed")
        out = {s: self.count(s) for s in statuses}
        out["passages"] = sum(o.passages for o in self.outcomes if o.status in ("added", "new_version"))
        return out


def open_corpus(db: str | Path | None = None, *, readonly: bool = False) -> Corpus:
    """Open the database named by ``db``, ``SCSMINE_DB`` or the config."""
    return Corpus.open(db_path(db), readonly=readonly)


def build_passages(doc_id: str, text: str, segments: Sequence[Any], lang: str) -> tuple[list[Passage], list[str]]:
    """Passages with simplified text and tokens, and their full-text index strings."""
    passages, index = [], []
    for i, seg in enumerate(segments):
        ptext = text[seg.start : seg.end]
        plang = detect_lang(ptext) if len(ptext) >= _MIN_LANG_CHARS else "und"
        plang = lang if plang == "und" else plang
        simple = to_simplified(ptext)
        passages.append(
            Passage(
                id=passage_key(doc_id, i),
                doc_id=doc_id,
                ordinal=i,
                kind=seg.kind,
                start=seg.start,
                end=seg.end,
                text=ptext,
                lang=plang,
                label=seg.label,
                heading=seg.heading,
                text_simplified=simple,
                tokens=" ".join(tokens(simple, plang)),
            )
        )
        index.append(" ".join(index_tokens(simple)))
    return passages, index


def _merged_meta(parsed: ParsedDocument, meta: Mapping[str, Any], options: IngestOptions) -> dict[str, Any]:
    merged: dict[str, Any] = {k: v for k, v in parsed.meta.items() if v not in (None, "")}
    inferred_date = merged.get("date")
    try:
        merged["date"] = check_date(str(inferred_date)) if inferred_date else None
    except ValueError:
        merged["date"] = None
    merged.update(options.batch_meta())
    merged.update({k: v for k, v in meta.items() if v not in (None, "")})
    return merged


def store_parsed(
    corpus: Corpus,
    parsed: ParsedDocument,
    *,
    raw: bytes,
    locator: str,
    source_key: str,
    meta: Mapping[str, Any] | None = None,
    options: IngestOptions | None = None,
) -> Outcome:
    """Normalise, segment and store one parsed document (one transaction).

    Args:
        corpus: The open database.
        parsed: A reader's output.
        raw: The raw bytes (kept content-addressed).
        locator: Path or URL the bytes came from.
        source_key: Identifies the same source across versions (``file:…``,
            ``url:…``, ``manifest:…``).
        meta: Explicit metadata (manifest, catalog, fetch): wins over the
            reader's. Keys: title, title_en, issuer, doc_number, date,
            doc_type, level, jurisdiction, origin, lang, format, source, url,
            license_note, manifest_id; other keys go to ``Document.meta``.
        options: Batch options (flags and passage limits).

    Returns:
        ``added``, ``new_version`` or ``duplicate`` (same text already stored).

    Raises:
        InputError: Bad metadata (e.g. a malformed date) or no text.
    """
    options = options or IngestOptions()
    sha = hashlib.sha256(raw).hexdigest()
    merged = _merged_meta(parsed, meta or {}, options)
    try:
        merged["date"] = check_date(merged.get("date"))
    except ValueError as exc:
        raise InputError(f"{locator}: {exc}", "fix the date in the manifest") from None
    text, segments = segment(
        parsed.blocks, merged.get("lang") or "und", max_zh=options.max_chars_zh, max_en=options.max_chars_en
    )
    if not segments:
        raise ReaderError(f"{locator} has no text after normalisation", "check the file's content")
    lang = merged.get("lang") or detect_lang(text)
    doc_id = doc_key(text, merged.get("manifest_id"))
    if corpus.has_document(doc_id):
        corpus.add_alias(sha, locator, doc_id, raw)
        return Outcome("duplicate", locator, doc_id, 0, "same text as a stored document")
    previous = corpus.current_for_source(source_key)
    fields = {k: merged.get(k) for k in META_FIELDS}
    fields.update(lang=lang, title=fields.get("title") or Path(locator).stem)
    extra = {k: v for k, v in merged.items() if k not in META_FIELDS and k != "manifest_id"}
    doc = Document(
        id=doc_id,
        text=text,
        manifest_id=merged.get("manifest_id"),
        sha256=sha,
        path=locator,
        parser=parsed.parser,
        parser_version=parsed.parser_version,
        ingested_at=now(),
        previous_id=previous,
        meta=extra,
        **fields,  # type: ignore[arg-type]  # metadata values are strings or None
    )
    passages, index = build_passages(doc_id, text, segments, lang)
    corpus.add_document(doc, passages, index, raw=raw, locator=locator, source_key=source_key)
    return Outcome("new_version" if previous else "added", locator, doc_id, len(passages))


def _ingest_item(corpus: Corpus, item: Item, options: IngestOptions) -> Outcome:
    if item.error:
        raise InputError(item.error, item.hint)
    try:
        raw = item.path.read_bytes()
    except OSError as exc:
        reason = "symbolic link loop" if exc.errno == 40 else exc.strerror or str(exc)
        raise InputError(f"{item.locator}: cannot read ({reason})", "check the path and its permissions") from None
    sha = hashlib.sha256(raw).hexdigest()
    expected = item.meta.get("sha256")
    if expected and expected != sha:
        raise InputError(
            f"{item.locator}: sha256 differs from the manifest's",
            "the file changed since the manifest was written; update its sha256 or restore the file",
        )
    doc_id = corpus.document_for_sha(sha, item.meta.get("manifest_id"))
    if doc_id is not None:
        known = corpus.alias_document(sha, item.locator)
        if known:
            return Outcome("unchanged", item.locator, known)
        corpus.add_alias(sha, item.locator, doc_id)
        return Outcome("duplicate", item.locator, doc_id, 0, "same bytes as a stored document")
    parsed = read(raw, item.path.name, item.meta.get("format"))
    meta = {k: v for k, v in item.meta.items() if k not in ("sha256", "path")}
    return store_parsed(
        corpus, parsed, raw=raw, locator=item.locator, source_key=item.source_key, meta=meta, options=options
    )


def _failure(item: Item, exc: ScsmineError) -> Outcome:
    message = (
        exc.message
        if item.path.name in exc.message or item.locator in exc.message
        else f"{item.locator}: {exc.message}"
    )
    if exc.hint:
        message += f" ({exc.hint})"
    return Outcome("failed", item.locator, message=message)


def ingest(
    paths: Sequence[str | Path] = (),
    *,
    manifest: str | Path | None = None,
    db: str | Path | None = None,
    origin: str | None = None,
    lang: str | None = None,
    doc_type: str | None = None,
    level: str | None = None,
    jurisdiction: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestResult:
    """Ingest files, folders and/or a manifest into the corpus database.

    Args:
        paths: Files and folders (walked recursively, sorted).
        manifest: A JSONL or CSV manifest (columns as in the shared corpus's
            ``manifest.jsonl``; ``path`` is relative to the manifest).
        db: Database path (default ``$SCSMINE_DB`` or ``corpus/scsmine.db``).
        origin: Batch metadata: ``domestic`` or ``foreign``.
        lang: Batch language (``zh``, ``en``); detected when not given.
        doc_type: Batch document type (see CODEBOOK.md §4).
        level: ``national``, ``provincial`` or ``municipal``.
        jurisdiction: e.g. ``Shanghai``.
        on_outcome: Called after each input (for progress reporting).

    Returns:
        The outcome of every input; failures carry their reason.

    Raises:
        UsageError: No inputs, or bad option values.
    """
    options = IngestOptions.from_settings(
        origin=origin, lang=lang, doc_type=doc_type, level=level, jurisdiction=jurisdiction
    )
    if not paths and manifest is None:
        raise UsageError("nothing to ingest", "give files or folders, or --manifest FILE")
    items: Iterable[Item] = _chain(manifest_items(Path(manifest)) if manifest else iter(()), path_items(paths))
    result = IngestResult()
    with open_corpus(db) as corpus:
        result.run_id = corpus.begin_run("ingest")
        for item in items:
            try:
                outcome = _ingest_item(corpus, item, options)
            except ScsmineError as exc:
                outcome = _failure(item, exc)
                corpus.record_failure(result.run_id, item.locator, outcome.message)
            except Exception as exc:
                log.debug("unexpected error on %s", item.locator, exc_info=True)
                error = ReaderError(
                    f"{item.locator}: unexpected {type(exc).__name__}: {exc}",
                    "run with --debug for the traceback, and please report it",
                )
                outcome = _failure(item, error)
                corpus.record_failure(result.run_id, item.locator, outcome.message)
            log.info("%s %s", outcome.status, outcome.locator)
            result.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        summary = result.summary()
        corpus.end_run(
            result.run_id,
            added=summary["added"] + summary["new_version"],
            skipped=summary["unchanged"] + summary["duplicate"],
            failed=summary["failed"],
        )
    return result


def _chain(*iterables: Iterable[Item]) -> Iterator[Item]:
    for it in iterables:
        yield from it

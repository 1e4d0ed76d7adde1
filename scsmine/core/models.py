"""Domain types: frozen dataclasses with ``as_dict``/``from_dict`` (STYLE.md §5).

* :class:`Block` is what a reader emits: a heading or a paragraph of text.
* :class:`ParsedDocument` is a reader's whole output for one file or page.
* :class:`Document` is a stored document with its provenance.
* :class:`Passage` is a citable span of a document's normalised text.
* :class:`Tag` is one label a tagger gave a passage.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "BLOCK_KINDS",
    "CODEBOOK_LABELS",
    "DOC_FIELDS",
    "DOC_TYPES",
    "DRIVERS",
    "FRAMES",
    "LEVELS",
    "META_FIELDS",
    "ORIGINS",
    "PASSAGE_KINDS",
    "TONES",
    "Block",
    "Document",
    "Filters",
    "ParsedDocument",
    "Passage",
    "Tag",
    "check_date",
    "doc_key",
    "passage_key",
]

BLOCK_KINDS = ("heading", "paragraph")
PASSAGE_KINDS = ("article", "paragraph", "sentence_group", "heading")
ORIGINS = ("domestic", "foreign")
DOC_TYPES = (
    "central_policy",
    "national_regulation",
    "judicial_rule",
    "ministry_rule",
    "local_rule",
    "media_article",
    "analysis",
    "unrelated",
)
LEVELS = ("national", "provincial", "municipal")
# The default codebook's labels (CODEBOOK.md §1-3), for code that may not read the codebook file.
DRIVERS = ("finance", "commercial_sincerity", "government_accountability", "individual_behaviour")
FRAMES = (
    "trust_building",
    "market_order",
    "rule_of_law",
    "social_governance",
    "surveillance_privacy",
    "political_control",
    "implementation_critique",
)
TONES = ("positive", "neutral", "negative")
CODEBOOK_LABELS = {"driver": DRIVERS, "frame": FRAMES, "tone": TONES}

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

T = TypeVar("T")


def check_date(value: str | None) -> str | None:
    """Return ``value`` if it is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Raises:
        ValueError: Any other form; the message names the value.
    """
    if value in (None, ""):
        return None
    assert value is not None
    if not _DATE.match(value):
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def doc_key(text: str, manifest_id: str | None = None) -> str:
    """Stable document id: ``d`` + 12 hex digits of the hash of its normalised text.

    A document declared in a manifest is identified by its manifest id too, so
    two manifest entries (e.g. a law and its PDF rendering) stay two documents
    even when their texts are identical; without a manifest id, the same text
    is the same document.
    """
    key = text if manifest_id is None else f"{manifest_id}\x00{text}"
    return "d" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def passage_key(document_key: str, ordinal: int) -> str:
    """Stable passage id: the document id and the passage's ordinal."""
    return f"{document_key}:{ordinal}"


class _DictMixin:
    def as_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (JSON-ready for plain values)."""
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        """Build from a dict, ignoring keys that are not fields."""
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Block(_DictMixin):
    """A unit of text as a reader found it.

    Attributes:
        kind: ``heading`` or ``paragraph``.
        text: The block's text (not yet normalised).
        level: Heading depth (1 = title/chapter); 0 for paragraphs.
        page: 1-based page number for paged formats, else 0.
    """

    kind: str
    text: str
    level: int = 0
    page: int = 0


@dataclass(frozen=True)
class ParsedDocument(_DictMixin):
    """A reader's output for one file or web page.

    Attributes:
        blocks: The text in reading order.
        meta: Metadata the reader inferred (title, issuer, date, doc_number,
            and anything format-specific such as gov.cn's 索引号).
        parser: Registered reader name, e.g. ``scsmine.html.v1``.
        parser_version: Version string of the reader (and its library).
        warnings: Non-fatal problems worth telling the user.
    """

    blocks: tuple[Block, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    parser: str = ""
    parser_version: str = ""
    warnings: tuple[str, ...] = ()


# Descriptive metadata a manifest, catalog, flag or reader may set.
META_FIELDS = (
    "title",
    "title_en",
    "issuer",
    "doc_number",
    "date",
    "doc_type",
    "level",
    "jurisdiction",
    "origin",
    "lang",
    "format",
    "source",
    "url",
    "license_note",
)

DOC_FIELDS = (
    "id",
    "manifest_id",
    *META_FIELDS,
    "sha256",
    "path",
    "parser",
    "parser_version",
    "ingested_at",
    "status",
    "previous_id",
)


@dataclass(frozen=True)
class Document(_DictMixin):
    """A stored document and its provenance.

    ``id`` is :func:`doc_key` of ``text``; ``sha256`` hashes the raw bytes.
    ``date`` may be partial (``2019``, ``2019-02``). ``meta`` holds any other
    metadata (e.g. gov.cn's 索引号 as ``index_number``).
    """

    id: str
    text: str
    title: str = ""
    manifest_id: str | None = None
    title_en: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    doc_type: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    origin: str | None = None
    lang: str | None = None
    format: str | None = None
    source: str | None = None
    url: str | None = None
    license_note: str | None = None
    sha256: str = ""
    path: str | None = None
    parser: str = ""
    parser_version: str = ""
    ingested_at: str = ""
    status: str = "current"
    previous_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The year of ``date``, or ``None``."""
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Passage(_DictMixin):
    """A citable span of a document.

    ``text == document.text[start:end]`` always holds. ``label`` is e.g.
    ``第十条``; ``heading`` gives the chapter/section context
    (``第二章 信息采集 / 第一节 …``). ``text_simplified`` is the text in
    simplified script (equal to ``text`` for simplified or English text);
    ``tokens`` the space-joined word segmentation used for analysis.
    """

    id: str
    doc_id: str
    ordinal: int
    kind: str
    start: int
    end: int
    text: str
    lang: str
    label: str = ""
    heading: str = ""
    text_simplified: str = ""
    tokens: str = ""


@dataclass(frozen=True)
class Tag(_DictMixin):
    """One label a tagger gave a passage.

    Attributes:
        passage_id: :attr:`Passage.id`.
        kind: ``driver``, ``frame`` or ``tone``.
        label: A label spelled as in CODEBOOK.md.
        score: Probability (supervised) or cue weight (dictionary).
        evidence: The cues that fired, for quoting.
        tagger: Registered tagger name, e.g. ``scsmine.cue_dict.v1``.
        tagger_version: Version of the tagger or its model file.
        codebook_version: Version of the codebook the tagger follows.
    """

    passage_id: str
    kind: str
    label: str
    score: float
    tagger: str
    tagger_version: str
    codebook_version: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Filters(_DictMixin):
    """Metadata and tag filters shared by query, export and report.

    Every field is optional; ``None`` means no constraint. ``year_from`` and
    ``year_to`` are inclusive. Tag filters (``driver``, ``frame``, ``tone``)
    match tags from ``tagger`` (default: any tagger). Superseded versions and
    documents marked gone are left out unless ``all_versions`` is set.
    """

    origin: str | None = None
    lang: str | None = None
    doc_type: str | None = None
    level: str | None = None
    jurisdiction: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    driver: str | None = None
    frame: str | None = None
    tone: str | None = None
    tagger: str | None = None
    all_versions: bool = False

    def __post_init__(self) -> None:
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise ValueError(f"year_from {self.year_from} is after year_to {self.year_to}")

"""Labelled passages: the shared gold set, corpus references and authored passages.

Labels follow CODEBOOK.md §1-3 (drivers, frames, tone). Sources:

* ``gold``: ``<shared>/gold/passages.jsonl`` + ``labels.jsonl``; group = source URL.
* ``corpus``: ``corpus_refs.jsonl`` (document id and character offsets into a
  file of ``<shared>/corpus``, checked by SHA-1) with the final labels:
  ``corpus_adjudicated.jsonl`` where present, else ``corpus_coder_a.jsonl``;
  group = document id.
* ``authored``: ``authored.jsonl`` and, when present, ``authored2.jsonl``
  and ``authored3.jsonl``: passages the team wrote; group = file and a
  block of 25 ids. Used for training only, never for reported figures.
* ``file``: a researcher's own JSONL (``text``, ``lang``, ``drivers``,
  ``frames``, ``tone``; optional ``id``, ``group``).

Every loader raises :class:`InputError` naming the file, line and field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scsmine.core.errors import InputError
from scsmine.tag.codebook import DEFAULT_LABELS

__all__ = [
    "Example",
    "check_labels",
    "load_all",
    "load_authored",
    "load_corpus_refs",
    "load_gold",
    "load_labelled",
    "read_jsonl",
]

AUTHORED_BLOCK = 25
AUTHORED_FILES = ("authored.jsonl", "authored2.jsonl", "authored3.jsonl")


@dataclass(frozen=True)
class Example:
    """One labelled passage.

    Attributes:
        id: Passage id (``d0001``, ``c0001``, ``w0001`` or the file's id).
        text: The passage text.
        lang: ``zh`` or ``en``.
        drivers: Driver labels (CODEBOOK §1).
        frames: Frame labels (CODEBOOK §2).
        tone: Tone label (CODEBOOK §3).
        group: Splitting key: passages of one group never straddle train and test.
        source: ``gold``, ``corpus``, ``authored`` or ``file``.
        origin: ``domestic``, ``foreign`` or ``""``.
        file: Stem of the authored file it comes from (``authored3``), else ``""``.
    """

    id: str
    text: str
    lang: str
    drivers: tuple[str, ...]
    frames: tuple[str, ...]
    tone: str
    group: str
    source: str
    origin: str = ""
    file: str = ""

    @property
    def real(self) -> bool:
        """Whether the text is real (not written by the team): only these are reported."""
        return self.source != "authored"


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line.

    Raises:
        InputError: The file is missing, or a line is not a JSON object.
    """
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path} does not exist", "check the path") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})", "fix or remove the line") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{number}: not a JSON object", "write one {...} object per line")
            yield number, obj


def check_labels(obj: dict[str, Any], where: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Validated (drivers, frames, tone) of a record.

    Raises:
        InputError: A field is missing or holds a label the codebook does not know.
    """
    out: list[tuple[str, ...]] = []
    for field, kind in (("drivers", "driver"), ("frames", "frame")):
        value = obj.get(field, [])
        if isinstance(value, str):
            value = [v.strip() for v in value.replace("|", ",").split(",") if v.strip()]
        if not isinstance(value, list):
            raise InputError(f"{where}: field {field!r} must be a list of labels", f"write e.g. {field!r}: []")
        for label in value:
            if label not in DEFAULT_LABELS[kind]:
                raise InputError(f"{where}: field {field!r} has unknown label {label!r}",
                                 f"use {', '.join(DEFAULT_LABELS[kind])}")
        out.append(tuple(sorted(set(value))))
    tone = obj.get("tone")
    if tone not in DEFAULT_LABELS["tone"]:
        raise InputError(f"{where}: field 'tone' is {tone!r}", "use positive, neutral or negative")
    return out[0], out[1], str(tone)


def load_gold(shared: Path) -> list[Example]:
    """The shared development set (``<shared>/gold``), grouped by source URL."""
    texts = {obj["id"]: obj for _, obj in read_jsonl(shared / "gold" / "passages.jsonl")}
    out = []
    for number, obj in read_jsonl(shared / "gold" / "labels.jsonl"):
        where = f"{shared / 'gold' / 'labels.jsonl'}:{number}"
        passage = texts.get(obj.get("id", ""))
        if passage is None:
            raise InputError(f"{where}: id {obj.get('id')!r} is not in passages.jsonl", "check the id")
        drivers, frames, tone = check_labels(obj, where)
        out.append(Example(passage["id"], passage["text"], passage["lang"], drivers, frames, tone,
                           "url:" + passage["url"], "gold", passage.get("origin", "")))
    return out


def _labels_by_id(path: Path) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]:
    if not path.exists():
        return {}
    return {obj["id"]: check_labels(obj, f"{path}:{n}") for n, obj in read_jsonl(path)}


def resolve_ref(ref: dict[str, Any], corpus: Path, where: str, cache: dict[str, str]) -> str:
    """The text a corpus reference points to, checked against its SHA-1.

    Raises:
        InputError: The file is missing or the span's SHA-1 differs.
    """
    path = corpus / ref["path"]
    if ref["path"] not in cache:
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                cache[ref["path"]] = handle.read()
        except FileNotFoundError:
            raise InputError(f"{where}: {path} does not exist", "set SCSMINE_SHARED to the shared folder") from None
    span = cache[ref["path"]][ref["start"]:ref["end"]]
    if hashlib.sha1(span.encode("utf-8")).hexdigest() != ref["sha1"]:
        raise InputError(f"{where}: span {ref['start']}-{ref['end']} of {path} does not match its sha1",
                         "the corpus file changed or the offsets are wrong; re-create the reference")
    return span


def load_corpus_refs(gold_dir: Path, shared: Path) -> list[Example]:
    """Corpus references with final labels (adjudicated, else coder A), grouped by document."""
    refs_path = gold_dir / "corpus_refs.jsonl"
    if not refs_path.exists():
        return []
    final = _labels_by_id(gold_dir / "corpus_coder_a.jsonl")
    final.update(_labels_by_id(gold_dir / "corpus_adjudicated.jsonl"))
    cache: dict[str, str] = {}
    out = []
    for number, ref in read_jsonl(refs_path):
        labels = final.get(ref["id"])
        if labels is None:
            continue
        text = resolve_ref(ref, shared / "corpus", f"{refs_path}:{number}", cache)
        out.append(Example(ref["id"], text, ref["lang"], *labels, "doc:" + ref["doc_id"], "corpus",
                           ref.get("origin", "")))
    return out


def load_authored(gold_dir: Path) -> list[Example]:
    """Passages the team wrote (training only): every file of :data:`AUTHORED_FILES` that
    exists, grouped by file and block of ids."""
    out = []
    for name in AUTHORED_FILES:
        path = gold_dir / name
        if not path.exists():
            continue
        for number, obj in read_jsonl(path):
            labels = check_labels(obj, f"{path}:{number}")
            digits = "".join(ch for ch in str(obj.get("id", "")) if ch.isdigit()) or str(number)
            group = f"{path.stem}:{int(digits) // AUTHORED_BLOCK}"
            out.append(Example(str(obj.get("id", f"{path.stem}:{number}")), obj["text"], obj["lang"], *labels,
                               group, "authored", obj.get("origin", ""), path.stem))
    return out


def load_labelled(paths: Sequence[str | Path]) -> list[Example]:
    """A researcher's labelled JSONL files (``text``, ``lang``, ``drivers``, ``frames``, ``tone``).

    Raises:
        InputError: A line lacks ``text`` or has an unknown label; the message
            names the file, line and field.
    """
    out = []
    for raw in paths:
        path = Path(raw)
        for number, obj in read_jsonl(path):
            where = f"{path}:{number}"
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                raise InputError(f"{where}: field 'text' is missing or empty", "give each line a non-empty text")
            labels = check_labels(obj, where)
            ident = str(obj.get("id", f"{path.stem}:{number}"))
            group = str(obj.get("group") or obj.get("doc_id") or obj.get("url") or ident)
            lang = str(obj["lang"]) if obj.get("lang") in ("zh", "en") else ""
            out.append(Example(ident, text, lang, *labels, group, "file", str(obj.get("origin", ""))))
    return out


def load_all(gold_dir: Path, shared: Path) -> list[Example]:
    """Gold, corpus references and authored passages, in that order."""
    return [*load_gold(shared), *load_corpus_refs(gold_dir, shared), *load_authored(gold_dir)]

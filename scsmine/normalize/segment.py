"""Segmentation of a document into citable passages.

Steps of :func:`segment`:

1. clean each block (:func:`~scsmine.normalize.cleanup.clean_line`) and join
   them with blank lines: that is the document's normalised text, and every
   passage is a span of it (``text[start:end] == passage``);
2. walk the blocks keeping the chapter/section context (第X章, 第X节, or a
   heading of the document);
3. a paragraph that starts with 第X条 opens an article, and the paragraphs
   after it belong to it until the next article or heading; other
   paragraphs and headings are passages of their own;
4. passages longer than ``max_zh`` (Chinese) or ``max_en`` (English)
   characters are split at sentence ends (。！？； for Chinese; spaCy's
   sentencizer for English) into sentence groups; a single sentence longer
   than the limit is cut at the last comma or space before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scsmine.core.models import Block
from scsmine.normalize.cleanup import clean_line
from scsmine.normalize.lang import detect_lang

__all__ = ["ARTICLE", "Segment", "segment", "split_sentences"]

_NUM = "一二三四五六七八九十百千零〇两\\d"
ARTICLE = re.compile(rf"^第[{_NUM}]+条(?:之[{_NUM}]+)?")
_CHAPTER = re.compile(rf"^第[{_NUM}]+[章编]|^附\s*则|^总\s*则")
_SECTION = re.compile(rf"^第[{_NUM}]+节")
_ZH_SENT = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+$")
_SPACY_MAX = 200_000


@dataclass(frozen=True)
class Segment:
    """A passage before ids and derived fields are attached."""

    kind: str
    start: int
    end: int
    label: str = ""
    heading: str = ""


@dataclass
class _Unit:
    kind: str
    start: int
    end: int
    label: str
    heading: str


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = _SPACY_MAX + 1
    return nlp


def _spans_en(text: str) -> Iterator[tuple[int, int]]:
    base = 0
    while base < len(text):
        end = min(len(text), base + _SPACY_MAX)
        if end < len(text):
            cut = text.rfind(" ", base, end)
            end = cut if cut > base else end
        for sent in _nlp()(text[base:end]).sents:
            yield base + sent.start_char, base + sent.end_char
        base = end


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``, whitespace excluded."""
    if lang == "zh":
        spans = [(m.start(), m.end()) for m in _ZH_SENT.finditer(text)]
    else:
        spans = list(_spans_en(text))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _hard_cut(text: str, s: int, e: int, limit: int) -> Iterator[tuple[int, int]]:
    while e - s > limit:
        window = text[s : s + limit]
        cut = max(window.rfind(c) for c in "，,、 ")
        cut = s + cut + 1 if cut > limit // 3 else s + limit
        end = cut
        while end > s and text[end - 1].isspace():  # a cut after a space leaves the space out
            end -= 1
        yield s, end
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if e > s:
        yield s, e


def _groups(text: str, start: int, end: int, lang: str, limit: int) -> list[tuple[int, int]]:
    """Split text[start:end] into runs of whole sentences of at most ``limit`` characters."""
    if end - start <= limit:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    for s, e in split_sentences(text[start:end], lang):
        pieces.extend(_hard_cut(text, start + s, start + e, limit))
    groups: list[tuple[int, int]] = []
    for s, e in pieces:
        if groups and e - groups[-1][0] <= limit:
            groups[-1] = (groups[-1][0], e)
        else:
            groups.append((s, e))
    return groups


def _units(texts: Sequence[str], blocks: Sequence[Block], offsets: Sequence[int]) -> list[_Unit]:
    units: list[_Unit] = []
    chapter = section = other = ""
    in_article = False
    paragraph_no = 0
    for text, block, off in zip(texts, blocks, offsets, strict=True):
        end = off + len(text)
        if block.kind == "heading" or _CHAPTER.match(text) or _SECTION.match(text):
            if _CHAPTER.match(text):
                chapter, section, other = text, "", ""
            elif _SECTION.match(text):
                section, other = text, ""
            elif block.level >= 2 or units:
                other = text
            context = " / ".join(x for x in (chapter, section, other) if x)
            units.append(_Unit("heading", off, end, "", context))
            in_article = False
            continue
        context = " / ".join(x for x in (chapter, section, other) if x)
        m = ARTICLE.match(text)
        if m:
            units.append(_Unit("article", off, end, m.group(0), context))
            in_article = True
        elif in_article:
            units[-1].end = end
        else:
            paragraph_no += 1
            units.append(_Unit("paragraph", off, end, f"¶{paragraph_no}", context))
    return units


def segment(blocks: Sequence[Block], lang: str, *, max_zh: int = 600, max_en: int = 1200) -> tuple[str, list[Segment]]:
    """Normalise ``blocks`` into one text and cut it into passages.

    Args:
        blocks: A reader's blocks in reading order.
        lang: The document's language (``zh``, ``en`` or ``und``); each long
            passage is split by its own detected language.
        max_zh: Longest Chinese passage, in characters.
        max_en: Longest English (or other) passage, in characters.

    Returns:
        The normalised document text and its passages in order.
    """
    kept = [(clean_line(b.text), b) for b in blocks]
    kept = [(t, b) for t, b in kept if t]
    texts = [t for t, _ in kept]
    offsets, pos = [], 0
    for t in texts:
        offsets.append(pos)
        pos += len(t) + 2
    text = "\n\n".join(texts)
    segments: list[Segment] = []
    for unit in _units(texts, [b for _, b in kept], offsets):
        span_lang = detect_lang(text[unit.start : unit.end])
        span_lang = lang if span_lang == "und" else span_lang
        limit = max_zh if span_lang == "zh" else max_en
        for i, (s, e) in enumerate(_groups(text, unit.start, unit.end, span_lang, limit)):
            kind = unit.kind if i == 0 else "sentence_group"
            segments.append(Segment(kind, s, e, unit.label, unit.heading))
    return text, segments

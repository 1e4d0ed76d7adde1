"""Paragraphs and headings from lines in reading order (PDF reader).

1. :func:`measure` the document: the body font size (the size with the most
   characters), the usual line pitch per size (a low quantile, so that
   paragraph spacing does not count) and the hyphenated words it spells.
2. Start a paragraph where the layout says so: a change of font size, extra
   spacing, a first-line indent, a short line before, or a line that opens
   with 第X条 / 第X章 / 第X节.
3. Join the lines of a paragraph: nothing between CJK characters, one space
   between Latin words, hyphenation undone unless the document spells the
   word with its hyphen elsewhere.
4. Turn each table row into a paragraph ("第一条 …" from 条号 | 条文), drop a
   header row that a later page repeats, and continue a row that a page
   break split.
5. Mark larger text as headings: the first and largest on page 1 is the
   title (level 1); 第X编/章 is level 2 and 第X节 level 3; other sizes rank
   from level 2 down.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from scsmine.core.models import Block
from scsmine.sources._pdf_layout import FlowLine, Table
from scsmine.sources._pdf_page import is_cjk

__all__ = ["Metrics", "build_blocks", "join_lines", "measure", "paragraphs"]

_NUM = "零〇一二三四五六七八九十百千0-9"
_ARTICLE = re.compile(rf"^第[{_NUM}]+条(?:之[{_NUM}]+)?(?:[\s\u3000]|$)")
_DIVISION = re.compile(rf"^第[{_NUM}]+([编章节])(?:[\s\u3000]|$)")
_MARKER = re.compile(r"^(?:\d{1,3}[.)]|[•·●○■▪◦*\-–]|\(?[a-zA-Z]\)|\(?[ivx]{1,4}\))\s+")
_WORD_END = re.compile(r"[^\W\d_]+$")
_WORD_START = re.compile(r"^[^\W\d_]+")
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\uffef\U00020000-\U0003ffff]")
_CID = re.compile(r"\(cid:\d+\)")
_SOFT_HYPHEN = "\u00ad"
_HYPHENS = "-\u00ad"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Prefixes that English writes with a hyphen ("self-policing", "multi-stage").
_PREFIXES = frozenset(
    ("all", "anti", "co", "counter", "cross", "ex", "half", "high", "inter", "long", "low", "multi", "neo", "non",
     "over", "post", "pre", "pro", "quasi", "self", "semi", "short", "sub", "super", "trans", "ultra", "under", "well")
)
_HEADING_RATIO = 1.12
_PITCH_SLACK = 1.15


@dataclass(slots=True)
class Metrics:
    """Document-wide measures that paragraph and heading decisions use."""

    body: float
    pitch: dict[float, float]
    words: set[str]
    cid_dropped: int = 0
    heading_sizes: list[float] = field(default_factory=list)


def _key(size: float) -> float:
    return round(size * 2) / 2


def _all_lines(flow: list[FlowLine | Table]) -> list[list[FlowLine]]:
    runs: list[list[FlowLine]] = [[]]
    for item in flow:
        if isinstance(item, FlowLine):
            runs[-1].append(item)
        else:
            runs.append([])
            runs.extend(cell for row in item.rows for cell in row)
            runs.append([])
    return [run for run in runs if run]


def measure(flow: list[FlowLine | Table]) -> Metrics:
    """Body size, usual pitch per size and the words of the document."""
    sizes: Counter[float] = Counter()
    pitches: dict[float, list[float]] = {}
    words: set[str] = set()
    for run in _all_lines(flow):
        for i, line in enumerate(run):
            seg = line.seg
            sizes[_key(seg.size)] += len(seg.text)
            broken = i > 0 and run[i - 1].seg.text[-1] in _HYPHENS
            _add_words(seg.text, words, broken)
            if i and not line.fresh and _key(run[i - 1].seg.size) == _key(seg.size):
                pitch = run[i - 1].seg.base - seg.base
                if 0.9 * seg.size < pitch < 3 * seg.size:
                    pitches.setdefault(_key(seg.size), []).append(pitch)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    usual = {k: sorted(v)[len(v) // 4] for k, v in pitches.items()}
    return Metrics(body, usual, words)


def _add_words(text: str, words: set[str], broken: bool) -> None:
    """Add the line's words, hyphenated compounds and their left parts (``multi-``), in lower case.

    Fragments of a word broken at a line end are left out: the last word when
    the line ends with a hyphen, the first when ``broken`` (the line before did).
    """
    found = _WORD.findall(text.lower())
    if text[-1] in _HYPHENS:
        found = found[:-1]
    for word in found[1:] if broken else found:
        words.add(word)
        if "-" in word:
            parts = word.split("-")
            words.update(parts)
            words.update(part + "-" for part in parts[:-1])


def build_blocks(flow: list[FlowLine | Table], metrics: Metrics) -> list[Block]:
    """Blocks (headings and paragraphs) from lines and tables in reading order."""
    _fix_tables(flow)
    out: list[tuple[Block, float]] = []
    run: list[FlowLine] = []
    for item in [*flow, None]:
        if isinstance(item, FlowLine):
            run.append(item)
            continue
        for para in paragraphs(run, metrics):
            out.append(_block(para, metrics))
        run = []
        if isinstance(item, Table):
            out.extend((block, 0.0) for block in _table_blocks(item, metrics))
    return _levels(out, metrics)


def paragraphs(lines: list[FlowLine], metrics: Metrics) -> list[list[FlowLine]]:
    """Group consecutive lines into paragraphs."""
    paras: list[list[FlowLine]] = []
    for line in lines:
        if paras and _continues(paras[-1], line, metrics):
            paras[-1].append(line)
        else:
            paras.append([line])
    return paras


def _continues(para: list[FlowLine], line: FlowLine, metrics: Metrics) -> bool:
    """Whether ``line`` continues ``para``: not when the size changes, the line opens with
    第X条/章/节, the spacing is wider than usual, the line is indented (and is no list
    item's hanging text), or the line before ended short of the column edge by more
    than the line's first word would have needed."""
    prev = para[-1]
    a, b = prev.seg, line.seg
    em = max(a.size, b.size)
    if abs(a.size - b.size) > 0.12 * em or _ARTICLE.match(b.text) or _DIVISION.match(b.text):
        return False
    if not line.fresh:
        typical = metrics.pitch.get(_key(b.size))
        if typical and a.base - b.base > typical * _PITCH_SLACK + 0.5:
            return False
    if b.x0 > line.left + 0.6 * em and not _hangs(para, line, em):
        return False
    return prev.right - a.x1 <= b.first_width() + 0.5 * em


def _hangs(para: list[FlowLine], line: FlowLine, em: float) -> bool:
    """An indented line that continues an indented block or a list item's text."""
    b = line.seg
    if _MARKER.match(b.text):
        return False
    prev = para[-1].seg
    if len(para) >= 2:
        return abs(b.x0 - prev.x0) < 0.3 * em
    marker = _MARKER.match(prev.text)
    if marker and marker.end() < len(prev.xs):
        return abs(prev.xs[marker.end()] - b.x0) < 0.3 * em
    return abs(b.x0 - prev.x0) < 0.3 * em and not is_cjk(b.text[0])


def join_lines(texts: list[str], words: set[str]) -> str:
    """Join wrapped lines: no space between CJK characters, one between words, hyphenation undone.

    Args:
        texts: The lines, top to bottom.
        words: Lower-case words and hyphenated compounds the document spells
            within lines (see :func:`_keeps_hyphen`).
    """
    whole = "".join(texts)
    cjk = len(_CJK.findall(whole)) > 0.3 * len(whole)
    out = texts[0]
    for nxt in texts[1:]:
        out = _glue(out, nxt, cjk, words)
    return out.replace(_SOFT_HYPHEN, "-")


def _glue(a: str, b: str, cjk: bool, words: set[str]) -> str:
    last, first = a[-1], b[0]
    if last in "-" + _SOFT_HYPHEN and len(a) > 1 and a[-2].isalpha() and first.isalpha():
        left, right = _WORD_END.search(a[:-1]), _WORD_START.match(b)
        keep = _keeps_hyphen(left.group() if left else "", right.group() if right else "", words)
        return a[:-1] + ("-" if keep else "") + b
    if last in "-–—/" + _SOFT_HYPHEN or (is_cjk(last) and is_cjk(first)):
        return a + b
    if cjk and (is_cjk(last) or is_cjk(first)):
        return a + b
    return a + " " + b


def _keeps_hyphen(left: str, right: str, words: set[str]) -> bool:
    """Whether a hyphen that ends a line belongs to the word ("big-data") or only breaks it ("informa-tion").

    The document decides where it can: a word it spells whole elsewhere loses the
    hyphen, a compound it spells with a hyphen keeps it. Otherwise the hyphen
    stays when the right part is capitalised, the left part is a common prefix,
    or both parts are words of the document.
    """
    lo_left, lo_right = left.lower(), right.lower()
    if (lo_left + lo_right) in words:
        return False
    if f"{lo_left}-{lo_right}" in words or right[:1].isupper() or f"{lo_left}-" in words:
        return True
    if lo_left in _PREFIXES:
        return True
    return len(lo_left) > 1 and len(lo_right) > 1 and lo_left in words and lo_right in words


def _text(lines: list[FlowLine], metrics: Metrics) -> str:
    text = join_lines([line.seg.text for line in lines], metrics.words)
    if "(cid:" in text:
        text, n = _CID.subn("", text)
        metrics.cid_dropped += n
    return text


def _block(para: list[FlowLine], metrics: Metrics) -> tuple[Block, float]:
    text = _text(para, metrics)
    size = para[0].seg.size
    big = size >= metrics.body * _HEADING_RATIO and len(text) <= 200
    division = _DIVISION.match(text) and len(text) <= 40 and text[-1] not in "。；，：;,"
    kind = "heading" if big or division else "paragraph"
    return Block(kind, text, 0, para[0].seg.page), size


def _table_blocks(table: Table, metrics: Metrics) -> list[Block]:
    """One paragraph per row (cells' first paragraphs joined), then the cells' other paragraphs."""
    blocks: list[Block] = []
    for row in table.rows:
        cells = [[(_text(p, metrics), p[0].seg.page) for p in paragraphs(cell, metrics)] for cell in row]
        firsts = [cell[0] for cell in cells if cell]
        if firsts:
            blocks.append(Block("paragraph", " ".join(text for text, _ in firsts), 0, firsts[0][1]))
        blocks.extend(Block("paragraph", text, 0, page) for cell in cells for text, page in cell[1:])
    return blocks


def _row_key(row: list[list[FlowLine]]) -> tuple[str, ...]:
    return tuple(" ".join(line.seg.text for line in cell) for cell in row)


def _fix_tables(flow: list[FlowLine | Table]) -> None:
    """Drop header rows repeated by a later table; continue rows split by a page break."""
    seen: dict[tuple[str, ...], Table] = {}
    dropped: set[int] = set()
    for i, item in enumerate(flow):
        if not isinstance(item, Table) or not item.rows:
            continue
        key = _row_key(item.rows[0])
        first = seen.get(key)
        if first is not None:
            if id(first) not in dropped and first.rows and _row_key(first.rows[0]) == key:
                first.rows.pop(0)
                dropped.add(id(first))
            item.rows.pop(0)
        else:
            seen[key] = item
        before = flow[i - 1] if i else None
        if (
            item.rows
            and not item.rows[0][0]
            and isinstance(before, Table)
            and before.rows
            and len(before.rows[-1]) == len(item.rows[0])
        ):
            for cell, more in zip(before.rows[-1], item.rows.pop(0), strict=True):
                cell.extend(more)


def _levels(out: list[tuple[Block, float]], metrics: Metrics) -> list[Block]:
    """Give headings their levels (see the module docstring, step 5)."""
    heads = [(i, size) for i, (block, size) in enumerate(out) if block.kind == "heading"]
    if not heads:
        return [block for block, _ in out]
    title = None
    top = max(size for _, size in heads)
    first_i, first_size = heads[0]
    if out[first_i][0].page <= 1 and first_size >= top - 0.25 and not _DIVISION.match(out[first_i][0].text):
        title = first_i
    ranks = sorted({_key(size) for i, size in heads if i != title and size > 0}, reverse=True)
    blocks: list[Block] = []
    for i, (block, size) in enumerate(out):
        if block.kind == "heading":
            division = _DIVISION.match(block.text)
            if i == title:
                level = 1
            elif division:
                level = 3 if division.group(1) == "节" else 2
            else:
                level = min(2 + ranks.index(_key(size)), 4) if _key(size) in ranks else 2
            block = Block("heading", block.text, level, block.page)
        blocks.append(block)
    return blocks

"""Reading order for the PDF reader: page furniture, tables, columns.

Works on the :class:`~scsmine.sources._pdf_page.PageGeom` of every page:

1. :func:`find_tables` builds grids from ruling lines and takes the runs that
   fall inside them, cell by cell.
2. :func:`strip_furniture` drops running headers and footers: runs in the top
   or bottom margin that repeat at the same height on another page (digits
   ignored, so "第 3 页" matches "第 4 页") or that look like a page number.
3. :func:`find_gutter` finds a column gutter from the left edges of the runs.
4. :func:`order_page` merges runs into lines and lays lines and tables out in
   reading order: top to bottom, and column by column between full-width items.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from scsmine.sources._pdf_page import PageGeom, Seg, is_cjk

__all__ = [
    "Bounds",
    "FlowLine",
    "Table",
    "body_bounds",
    "find_gutter",
    "find_tables",
    "merge_lines",
    "order_page",
    "strip_furniture",
]

_MARGIN = 0.12  # share of the page height searched for headers and footers
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—\s]*\d{1,4}[-–—\s]*|第\s*\d+\s*页(?:\s*[/／,，]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页"
    r"|(?i:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:/|of)\s*\d+|[ivx]{1,5}|[IVX]{1,5})$"
)
_DIGITS = re.compile(r"\d+")

Bounds = tuple[float, float]


@dataclass(slots=True)
class FlowLine:
    """A line in reading order, with the edges of the column it sits in.

    ``fresh`` marks a line that starts a column, a page or a cell, so that the
    spacing to the line before it says nothing about paragraphs.
    """

    seg: Seg
    left: float
    right: float
    fresh: bool


@dataclass(slots=True)
class Table:
    """A ruled table: ``rows`` of cells, each cell a list of lines."""

    page: int
    x0: float
    x1: float
    top: float
    rows: list[list[list[FlowLine]]] = field(default_factory=list)


def strip_furniture(pages: list[PageGeom]) -> int:
    """Remove running headers, footers and page numbers in place; returns how many runs went."""
    seen: dict[str, list[tuple[int, float]]] = {}
    candidates: list[tuple[PageGeom, Seg, str]] = []
    for geom in pages:
        low, high = geom.height * _MARGIN, geom.height * (1 - _MARGIN)
        for seg in geom.segs:
            if seg.base > high or seg.top < low:
                key = " ".join(_DIGITS.sub("#", seg.text).split())
                candidates.append((geom, seg, key))
                seen.setdefault(key, []).append((geom.number, seg.base))
    furniture: set[int] = set()
    for geom, seg, key in candidates:
        repeated = any(page != geom.number and abs(base - seg.base) <= 4 for page, base in seen[key])
        if repeated or _PAGE_NUMBER.match(seg.text.strip()):
            furniture.add(id(seg))
    for geom in pages:
        geom.segs = [seg for seg in geom.segs if id(seg) not in furniture]
    return len(furniture)


def merge_lines(segs: list[Seg]) -> list[Seg]:
    """Merge runs that share a baseline (superscripts included) into lines, top to bottom."""
    lines: list[Seg] = []
    group: list[Seg] = []
    for seg in sorted(segs, key=lambda s: (-s.base, s.x0)):
        if group and not any(_same_line(seg, other) for other in group):
            lines.extend(_join_group(group))
            group = []
        group.append(seg)
    if group:
        lines.extend(_join_group(group))
    return lines


def _same_line(a: Seg, b: Seg) -> bool:
    """Same baseline, or a smaller run raised or lowered against a larger one (a footnote mark)."""
    if abs(a.base - b.base) <= 0.35 * max(a.size, b.size):
        return True
    small, big = (a, b) if a.size < b.size else (b, a)
    return small.size < 0.85 * big.size and big.base - 0.3 * big.size <= small.base <= big.base + 0.7 * big.size


def _join_group(group: list[Seg]) -> list[Seg]:
    group.sort(key=lambda s: s.x0)
    main = max(group, key=lambda s: (s.size, len(s.text)))
    out = [group[0]]
    for seg in group[1:]:
        last = out[-1]
        gap = seg.x0 - last.x1
        if gap < -0.3 * seg.size:
            if seg.size < 0.85 * last.size and seg.x1 <= last.x1 + 1:  # a mark drawn after its line: splice it in
                i = bisect.bisect_right(last.xs, seg.x0 - 0.5)
                out[-1] = Seg(last.text[:i] + seg.text + last.text[i:], last.x0, last.x1, last.base,
                              last.top, last.size, last.xs[:i] + seg.xs + last.xs[i:], last.page)
            else:  # overlapping runs (overprint): keep apart
                out.append(seg)
            continue
        wide = gap > 0.5 * seg.size or (gap > 0.15 * seg.size and not (is_cjk(last.text[-1]) and is_cjk(seg.text[0])))
        sep = " " if wide else ""
        xs = last.xs + ([last.x1] if sep else []) + seg.xs
        out[-1] = Seg(last.text + sep + seg.text, last.x0, seg.x1, last.base, max(last.top, seg.top), last.size, xs,
                      last.page)
    for line in out:
        line.base, line.size = main.base, main.size
    return out


def find_tables(geom: PageGeom) -> list[Table]:
    """Find ruled tables and move the runs inside them out of ``geom.segs``."""
    tables: list[Table] = []
    for hs, vs in _rule_groups(geom):
        grid = _grid(hs, vs)
        if grid is None:
            continue
        rows, cols = grid
        inside: list[Seg] = []
        outside: list[Seg] = []
        for seg in geom.segs:
            mid = (seg.base + seg.top) / 2
            hit = cols[0] - 2 <= seg.x0 and seg.x1 <= cols[-1] + 2 and rows[-1] - 2 <= mid <= rows[0] + 2
            (inside if hit else outside).append(seg)
        if not inside:
            continue
        geom.segs = outside
        tables.append(_fill(geom.number, rows, cols, inside))
    return tables


Rule = tuple[float, float, float]


@dataclass(slots=True)
class _RuleGroup:
    box: list[float]  # x0, y0, x1, y1, grown by 2 pt
    hs: list[Rule] = field(default_factory=list)
    vs: list[Rule] = field(default_factory=list)

    def touches(self, box: list[float]) -> bool:
        return box[0] <= self.box[2] and self.box[0] <= box[2] and box[1] <= self.box[3] and self.box[1] <= box[3]

    def absorb(self, other: _RuleGroup) -> None:
        a, b = self.box, other.box
        self.box = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
        self.hs.extend(other.hs)
        self.vs.extend(other.vs)


def _rule_groups(geom: PageGeom) -> list[tuple[list[Rule], list[Rule]]]:
    """Group ruling lines that touch (bounding boxes within 2 pt); keep groups with two of each."""
    groups: list[_RuleGroup] = []
    for rule, horizontal in [(h, True) for h in geom.hrules] + [(v, False) for v in geom.vrules]:
        a, b, c = rule
        group = _RuleGroup([a - 2, b - 2, c + 2, b + 2] if horizontal else [a - 2, b - 2, a + 2, c + 2])
        (group.hs if horizontal else group.vs).append(rule)
        for other in [g for g in groups if g.touches(group.box)]:
            groups.remove(other)
            group.absorb(other)
        groups.append(group)
    return [(g.hs, g.vs) for g in groups if len(g.hs) >= 2 and len(g.vs) >= 2]


def _grid(hs: list[Rule], vs: list[Rule]) -> tuple[list[float], list[float]] | None:
    """Row edges (top down) and column edges (left to right), or ``None`` when not a table."""
    x0 = min([h[0] for h in hs] + [v[0] for v in vs])
    x1 = max([h[2] for h in hs] + [v[0] for v in vs])
    y0 = min([v[1] for v in vs] + [h[1] for h in hs])
    y1 = max([v[2] for v in vs] + [h[1] for h in hs])
    rows = _edges([(h[1], h[2] - h[0]) for h in hs], 0.5 * (x1 - x0), (y0, y1))
    cols = _edges([(v[0], v[2] - v[1]) for v in vs], 0.3 * (y1 - y0), (x0, x1))
    if len(rows) < 2 or len(cols) < 3:
        return None
    return sorted(rows, reverse=True), cols


def _edges(rules: list[tuple[float, float]], need: float, ends: tuple[float, float]) -> list[float]:
    """Cluster rule positions (2 pt), keep those covering ``need``, add the outer edges."""
    edges: list[float] = []
    cluster: list[tuple[float, float]] = []
    for pos, length in [*sorted(rules), (float("inf"), 0.0)]:
        if cluster and pos - cluster[-1][0] > 2:
            if sum(c[1] for c in cluster) >= need:
                edges.append(sum(c[0] for c in cluster) / len(cluster))
            cluster = []
        cluster.append((pos, length))
    for end in ends:
        if all(abs(end - e) > 3 for e in edges):
            edges.append(end)
    return sorted(edges)


def _fill(page: int, rows: list[float], cols: list[float], segs: list[Seg]) -> Table:
    """Put runs into cells (cutting runs that cross a column edge) and make lines."""
    pieces: list[Seg] = []
    for seg in segs:
        for edge in cols[1:-1]:
            if seg.x0 < edge - 1 < seg.x1:
                cut = seg.split_at(edge)
                if cut:
                    pieces.append(cut[0])
                    seg = cut[1]
        pieces.append(seg)
    cells: list[list[list[Seg]]] = [[[] for _ in cols[1:]] for _ in rows[1:]]
    for seg in pieces:
        mid = (seg.base + seg.top) / 2
        r = next((i for i in range(len(rows) - 1) if mid >= rows[i + 1]), len(rows) - 2)
        c = next((i for i in range(len(cols) - 1) if seg.x0 + 1 < cols[i + 1]), len(cols) - 2)
        cells[r][c].append(seg)
    table = Table(page, cols[0], cols[-1], rows[0])
    for row in cells:
        out_row: list[list[FlowLine]] = []
        for c, cell in enumerate(row):
            lines = merge_lines(cell)
            if lines:
                pad = max(0.0, min(line.x0 for line in lines) - cols[c])
                right = max(max(line.x1 for line in lines), cols[c + 1] - pad)
                left = min(line.x0 for line in lines)
                out_row.append([FlowLine(line, left, right, i == 0) for i, line in enumerate(lines)])
            else:
                out_row.append([])
        if any(out_row):
            table.rows.append(out_row)
    return table


def find_gutter(segs: list[Seg], width: float) -> float | None:
    """The left edge of a second text column, or ``None`` for a single column."""
    starts = Counter(round(s.x0) for s in segs if s.x0 > 0.35 * width and s.x1 - s.x0 > 4 * s.size)
    if not starts:
        return None
    # The second column's left edge: the leftmost x where at least three runs start
    # (first-line indents start further right and may well be more numerous).
    edges = [x for x in starts if starts[x - 1] + starts[x] + starts[x + 1] >= 3]
    if not edges:
        return None
    gutter = float(min(edges)) - 1.5
    left = [s for s in segs if s.x1 <= gutter - 2]
    right = [s for s in segs if s.x0 >= gutter]
    if len(left) < 3 or len(right) < 3:
        return None
    margin_l, margin_r = min(s.x0 for s in left), max(s.x1 for s in right)
    wide_l = sorted(s.x1 - s.x0 for s in left)[len(left) // 2] >= 0.5 * (gutter - margin_l)
    wide_r = sorted(s.x1 - s.x0 for s in right)[len(right) // 2] >= 0.5 * (margin_r - gutter)
    return gutter if wide_l and wide_r else None


def order_page(
    geom: PageGeom, tables: list[Table], gutter: float | None, body: Bounds
) -> list[FlowLine | Table]:
    """Lines and tables of one page in reading order.

    Args:
        geom: The page, furniture and table runs already removed.
        tables: Tables found on the page.
        gutter: Left edge of the second column, if the page has two.
        body: Left and right edge of single-column text in the document.
    """
    if gutter is None:
        lines = merge_lines(geom.segs)
        items: list[tuple[float, FlowLine | Table]] = [(line.top, _flow(line, body)) for line in lines]
        items += [(t.top, t) for t in tables]
        items.sort(key=lambda item: -item[0])
        return _mark_fresh([item for _, item in items])
    sides: dict[str, list[Seg]] = {"left": [], "right": [], "span": []}
    for seg in geom.segs:
        side = "left" if seg.x1 <= gutter - 2 else "right" if seg.x0 >= gutter else "span"
        sides[side].append(seg)
    side_lines = {side: merge_lines(segs) for side, segs in sides.items()}
    bounds = {side: _bounds(side_lines[side], body) for side in ("left", "right")}
    bounds["span"] = (min(bounds["left"][0], body[0]), max(bounds["right"][1], body[1]))
    placed: list[tuple[float, str, FlowLine | Table]] = []
    for side, lines_of_side in side_lines.items():
        placed += [(line.top, side, _flow(line, bounds[side])) for line in lines_of_side]
    for t in tables:
        side = "left" if t.x1 <= gutter - 2 else "right" if t.x0 >= gutter else "span"
        placed.append((t.top, side, t))
    placed.sort(key=lambda item: -item[0])
    out: list[FlowLine | Table] = []
    zone: dict[str, list[FlowLine | Table]] = {"left": [], "right": []}
    for _, side, item in placed:
        if side == "span":
            out += zone["left"] + zone["right"]
            zone = {"left": [], "right": []}
            out.append(item)
        else:
            zone[side].append(item)
    out += zone["left"] + zone["right"]
    return _mark_fresh(out)


def _flow(line: Seg, bounds: Bounds) -> FlowLine:
    return FlowLine(line, bounds[0], bounds[1], False)


def _mark_fresh(items: list[FlowLine | Table]) -> list[FlowLine | Table]:
    """Mark lines whose predecessor is not the line just above in the same column."""
    prev: FlowLine | Table | None = None
    for item in items:
        if isinstance(item, FlowLine):
            item.fresh = not (
                isinstance(prev, FlowLine) and prev.left == item.left and prev.seg.base > item.seg.base
            )
        prev = item
    return items


def _bounds(lines: list[Seg], fallback: Bounds) -> Bounds:
    """Left and right text edge of ``lines``: the outermost edges found at least twice."""
    if not lines:
        return fallback
    lefts = Counter(round(line.x0) for line in lines)
    rights = Counter(round(line.x1) for line in lines)
    left = min((x for x, n in lefts.items() if n >= 2), default=min(lefts))
    right = max((x for x, n in rights.items() if n >= 2), default=max(rights))
    lo = min(line.x0 for line in lines if round(line.x0) == left)
    hi = max(line.x1 for line in lines if round(line.x1) == right)
    return lo, hi


def body_bounds(pages: list[tuple[PageGeom, float | None]]) -> Bounds:
    """Left and right edge of single-column text over the whole document."""
    lines = [seg for geom, gutter in pages if gutter is None for seg in geom.segs]
    if not lines:
        lines = [seg for geom, _ in pages for seg in geom.segs]
    if not lines:
        return (0.0, 0.0)
    return _bounds(lines, (0.0, 0.0))

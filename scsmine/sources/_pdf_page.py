"""Page geometry for the PDF reader, read with pdfium's raw API (pypdfium2).

For one page:

1. Take the page's text once (``FPDFText_GetText``) and each character's
   loose box (``FPDFText_GetLooseCharBox``): one cheap call per character,
   far cheaper than a layout analysis.
2. Cut the characters, in content-stream order, into :class:`Seg` runs: a run
   stays on one baseline and has no wide gap, so a column gutter or a table
   border ends it even when the stream interleaves columns.
3. Drop characters that carry no text (U+FFFD, private-use and control code
   points, what fonts without a Unicode map give) and count them, so that a
   broken encoding is reported and never emitted.
4. Collect thin path objects (and the edges of stroked boxes) as ruling lines
   for table detection, and count image objects to tell scanned pages.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

__all__ = ["PageGeom", "Seg", "is_cjk", "read_page"]

# A run is cut where the next character starts further than this many loose-box
# heights (about 1.2 em) after the previous one, or off the baseline.
_GAP = 0.6
_BASELINE = 0.3
# Past this many page objects, table detection is skipped (vector drawings).
_MAX_OBJECTS = 5000
# Ligatures that fonts map to one code point; spelled out so text matches.
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}
# pdfium reports a hyphen that ends a line as U+FFFE (older builds: U+0002).
_SOFT_HYPHEN = "\u00ad"
_OPENING = "([{‘“（［｛〔【《〈「『"
_CLOSING = ")]},.;:!?’”，。、；：！？）］｝〕】》〉」』"


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs, kana, hangul and full-width punctuation."""
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFFEF or (
        0x20000 <= o <= 0x3FFFF
    )


@dataclass(slots=True)
class Seg:
    """A run of text on one baseline (a line once merged with its neighbours).

    Attributes:
        text: The characters, inner spaces kept, no leading/trailing space.
        x0: Left edge of the first character.
        x1: Right edge of the last non-space character.
        base: Bottom of the loose boxes (median), a proxy for the baseline.
        top: Top of the highest loose box.
        size: Font size of the first character, in points.
        xs: Left edge of each character of ``text``.
        page: 1-based page number.
    """

    text: str
    x0: float
    x1: float
    base: float
    top: float
    size: float
    xs: list[float]
    page: int

    def first_width(self) -> float:
        """Width of the first word (Latin) or first character (CJK)."""
        text, xs = self.text, self.xs
        end = 2 if text[0] in _OPENING and len(text) > 1 else 1  # a bracket goes with what follows
        if not is_cjk(text[end - 1]):
            while end < len(text) and not text[end].isspace() and not is_cjk(text[end]):
                end += 1
        while end < len(text) and text[end] in _CLOSING:
            end += 1  # closing punctuation never starts a line
        return (xs[end] if end < len(text) else self.x1) - xs[0]

    def split_at(self, x: float) -> tuple[Seg, Seg] | None:
        """Cut the run before the first character that starts right of ``x``."""
        text, xs = self.text, self.xs
        cut = next((i for i in range(1, len(xs)) if xs[i] >= x), 0)
        left_text = text[:cut].rstrip()
        start = cut + len(text[cut:]) - len(text[cut:].lstrip())
        if not cut or not left_text or start >= len(text):
            return None
        n = len(left_text)
        left = Seg(left_text, self.x0, xs[cut], self.base, self.top, self.size, xs[:n], self.page)
        right = Seg(text[start:], xs[start], self.x1, self.base, self.top, self.size, xs[start:], self.page)
        return left, right


@dataclass(slots=True)
class PageGeom:
    """What :func:`read_page` found on one page.

    Attributes:
        number: 1-based page number.
        width: Page width in points.
        height: Page height in points.
        segs: Text runs in content-stream order.
        hrules: Horizontal ruling lines as ``(x0, y, x1)``.
        vrules: Vertical ruling lines as ``(x, y0, y1)``.
        chars: Characters kept.
        bad: Characters dropped because they carry no text.
        images: Image objects on the page.
    """

    number: int
    width: float
    height: float
    segs: list[Seg] = field(default_factory=list)
    hrules: list[tuple[float, float, float]] = field(default_factory=list)
    vrules: list[tuple[float, float, float]] = field(default_factory=list)
    chars: int = 0
    bad: int = 0
    images: int = 0


def read_page(page: object, textpage: object, number: int) -> PageGeom:
    """Read the geometry of one page.

    Args:
        page: A ``pypdfium2.PdfPage``.
        textpage: Its ``PdfTextPage``.
        number: 1-based page number.
    """
    width, height = page.get_size()  # type: ignore[attr-defined]
    if page.get_rotation() % 180:  # type: ignore[attr-defined]
        width, height = height, width  # character boxes are in unrotated page space
    geom = PageGeom(number, float(width), float(height))
    _read_text(textpage, geom)
    _read_objects(page.raw, geom)  # type: ignore[attr-defined]
    return geom


def _page_text(textpage: object, count: int) -> str:
    text: str = textpage.get_text_range(0, count)  # type: ignore[attr-defined]
    if len(text) == count:
        return text
    # Characters outside the BMP come back as surrogate pairs: ask per index.
    get = pdfium_c.FPDFText_GetUnicode
    handle = textpage.raw  # type: ignore[attr-defined]
    return "".join(chr(get(handle, k) or 0xFFFD) for k in range(count))


def _kind(ch: str) -> int:
    """Class of a character off the fast path (see :func:`_read_text`)."""
    o = ord(ch)
    if o in (10, 13):
        return _SKIP
    if o == 2 or o == 0xFFFE:  # pdfium's mark for a hyphen that ends a line
        return _HYPHEN
    if ch.isspace():
        return _SPACE
    if o < 32 or 0x7F <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or o in (0xFFFD, 0xFFFF):
        return _BAD
    return _LIGATURE if o in _LIGATURES else _PLAIN


_PLAIN, _SKIP, _HYPHEN, _SPACE, _BAD, _LIGATURE = range(6)


def _read_text(textpage: object, geom: PageGeom) -> None:
    """Cut the page's characters into runs (the hot loop: kept flat, one pdfium call per character)."""
    handle = textpage.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return
    text = _page_text(textpage, count)
    box = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    segs, page = geom.segs, geom.number
    chars: list[str] = []
    xs: list[float] = []
    bases: list[float] = []
    add_char, add_x, add_base = chars.append, xs.append, bases.append
    x0 = x1 = xr = x_last = base = top = height = size = tol_base = tol_gap = 0.0
    bad = skipped = 0
    matrix = pdfium_c.FS_MATRIX()

    def close() -> None:
        while chars and chars[-1].isspace():
            chars.pop()
            xs.pop()
        if chars:
            bases.sort()
            segs.append(Seg("".join(chars), x0, x1, bases[len(bases) // 2], top, size, xs.copy(), page))
        chars.clear()
        xs.clear()
        bases.clear()

    for k, ch in enumerate(text):
        kind = _PLAIN
        if not ("\x20" < ch < "\x7f" or "\xa0" < ch < "\u2000" or "\u3000" < ch < "\ue000"):
            if ch == " ":  # the gap check after it measures from the glyph before: no box needed
                skipped += 1
                if chars:
                    add_char(ch)
                    add_x(xr)
                continue
            kind = _kind(ch)
            if kind != _PLAIN and kind != _LIGATURE:
                skipped += 1
                if kind == _BAD:
                    bad += 1
                elif chars and kind != _SKIP:
                    get_box(handle, k, box)
                    add_char(_SOFT_HYPHEN if kind == _HYPHEN else ch)
                    add_x(xr)
                    if box.left >= xr - 1 and box.right > xr and box.right - box.left < 2 * height:
                        xr = box.right
                continue
        get_box(handle, k, box)
        left, bottom = box.left, box.bottom
        if chars and (bottom - base > tol_base or base - bottom > tol_base or left < x_last - 1 or left - xr > tol_gap):
            close()
        if not chars:
            x0, base, top = left, bottom, box.top
            height = max(top - bottom, 1.0)
            tol_base, tol_gap = _BASELINE * height, _GAP * height
            size = _font_size(handle, k, height, matrix)
        if kind == _LIGATURE:
            ch = _LIGATURES[ord(ch)]
            xs.extend([left] * (len(ch) - 1))
        add_char(ch)
        add_x(left)
        add_base(bottom)
        x1 = xr = box.right
        x_last = left
    close()
    geom.chars, geom.bad = count - skipped, bad


def _font_size(handle: object, index: int, height: float, m: pdfium_c.FS_MATRIX) -> float:
    """The character's font size on the page (the font size times the text matrix scale)."""
    size = float(pdfium_c.FPDFText_GetFontSize(handle, index))
    if size > 0 and pdfium_c.FPDFText_GetMatrix(handle, index, m):
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
        if scale > 0:
            return size * scale
    return size if size > 0 else height / 1.2


def _read_objects(handle: object, geom: PageGeom) -> None:
    count = pdfium_c.FPDFPage_CountObjects(handle)
    if count > _MAX_OBJECTS:
        return
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    get_obj, get_type = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    get_bounds = pdfium_c.FPDFPageObj_GetBounds
    path, image = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE
    for i in range(count):
        obj = get_obj(handle, i)
        kind = get_type(obj)
        if kind == image:
            geom.images += 1
            continue
        if kind != path or not get_bounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        w, h = x1 - x0, y1 - y0
        if h <= 3 and w >= 6:
            geom.hrules.append((x0, (y0 + y1) / 2, x1))
        elif w <= 3 and h >= 6:
            geom.vrules.append(((x0 + x1) / 2, y0, y1))
        elif w >= 6 and h >= 6 and _is_stroked_box(obj):
            geom.hrules.extend(((x0, y0, x1), (x0, y1, x1)))
            geom.vrules.extend(((x0, y0, y1), (x1, y0, y1)))


def _is_stroked_box(obj: object) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not stroke.value:
        return False
    segments: int = pdfium_c.FPDFPath_CountSegments(obj)
    return 4 <= segments <= 6

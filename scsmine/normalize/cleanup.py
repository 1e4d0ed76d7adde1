"""Unicode clean-up of text before segmentation.

:func:`clean` is idempotent: ``clean(clean(x)) == clean(x)``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "clean_line"]

# Full-width ASCII letters and digits → ASCII. Full-width punctuation (，。：；！？（）)
# is kept: it is ordinary Chinese punctuation, and sentence splitting relies on it.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_SPACES = {cp: 0x20 for cp in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C)}
_DROP = {cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xFFFE)}
_TABLE = {**_FULLWIDTH, **_SPACES, **_DROP}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINEBREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_RUN_SPACE = re.compile(r" {2,}")
_SPACE_NL = re.compile(r" *\n *")
_MANY_NL = re.compile(r"\n{3,}")


def clean_line(text: str) -> str:
    """Clean one line or block: NFC, full-width ASCII, spaces, control characters."""
    text = unicodedata.normalize("NFC", text)
    text = _LINEBREAKS.sub("\n", text)
    text = text.translate(_TABLE)
    text = _CONTROL.sub("", text)
    text = _RUN_SPACE.sub(" ", text)
    text = _SPACE_NL.sub("\n", text)
    text = _MANY_NL.sub("\n\n", text)
    # NFC may recompose after removals; run once more so the result is a fixed point.
    return unicodedata.normalize("NFC", text).strip()


def clean(text: str) -> str:
    """Clean a whole text (see :func:`clean_line`); idempotent."""
    out = clean_line(text)
    again = clean_line(out)
    while again != out:  # pragma: no cover - guards rare NFC/strip interactions
        out, again = again, clean_line(again)
    return out

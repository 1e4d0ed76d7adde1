"""Traditional → simplified conversion (OpenCC ``t2s``), for search and tagging.

The original text is always kept; the simplified form is derived.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

__all__ = ["has_han", "to_simplified"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    """Whether ``text`` contains any Han character."""
    return _HAN.search(text) is not None


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified-script form of ``text``; non-Han text is returned as is."""
    if not has_han(text):
        return text
    return str(_converter().convert(text))

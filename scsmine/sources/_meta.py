"""Metadata that can be read off the text itself: title and a Chinese date."""

from __future__ import annotations

import re
from typing import Any

from scsmine.core.models import Block

__all__ = ["cn_date", "infer_meta"]

_CN_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_CN_NUM = dict(zip("〇○零一二三四五六七八九", "000123456789", strict=True))


def _cn_digits(text: str) -> str:
    """二〇一七年六月二十三日 → 2017年6月23日 (Chinese numerals in dates)."""

    def year(m: re.Match[str]) -> str:
        return "".join(_CN_NUM.get(c, c) for c in m.group(1)) + "年"

    def small(m: re.Match[str]) -> str:
        s = m.group(1)
        if s == "十":
            return "10" + m.group(2)
        if s.startswith("十"):
            return "1" + _CN_NUM[s[1]] + m.group(2)
        if s.endswith("十"):
            return _CN_NUM[s[0]] + "0" + m.group(2)
        if "十" in s:
            return _CN_NUM[s[0]] + _CN_NUM[s[2]] + m.group(2)
        return _CN_NUM.get(s, s) + m.group(2)

    text = re.sub(r"([〇○零一二三四五六七八九]{4})年", year, text)
    return re.sub(r"([一二三四五六七八九十]{1,3})([月日])", small, text)


def cn_date(text: str) -> str | None:
    """The first date like 2019年02月15日 (or in Chinese numerals) as ISO ``YYYY-MM-DD`` / ``YYYY-MM``."""
    m = _CN_DATE.search(_cn_digits(text))
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    if not 1 <= mo <= 12:
        return None
    if d and 1 <= int(d) <= 31:
        return f"{y:04d}-{mo:02d}-{int(d):02d}"
    return f"{y:04d}-{mo:02d}"


def infer_meta(blocks: list[Block]) -> dict[str, Any]:
    """Title (first heading, else first short paragraph) and a date from the opening blocks."""
    meta: dict[str, Any] = {}
    for block in blocks[:3]:
        if block.kind == "heading" or len(block.text) <= 60:
            meta["title"] = block.text.strip("# ").strip()
            break
    for block in blocks[:4]:
        date = cn_date(block.text[:80])
        if date:
            meta["date"] = date
            break
    return meta

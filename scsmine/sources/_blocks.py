"""Turning plain text into blocks: paragraphs, unwrapped lines, heading guesses."""

from __future__ import annotations

import re

from scsmine.core.models import Block

__all__ = ["is_cjk_heading", "looks_like_heading", "paragraphs_to_blocks", "split_paragraphs", "unwrap"]

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_HEADING = re.compile(r"^(第[一二三四五六七八九十百千零〇两\d]+[编章节部分]|附\s*则|总\s*则)(\s+\S.{0,30})?$")
_END_PUNCT = tuple('.!?;:。！？；：…”」』")')
_MD_HEADING = re.compile(r"^(#{1,6})\s+(?=\S)")
_NOT_HEADING = re.compile(r"\b(1[89]|20)\d\d\b|^(by|von|par)\s", re.I)
_HYPHEN_WRAP = re.compile(r"(?<=[A-Za-z])-\n(?=[a-z])")


def unwrap(text: str) -> str:
    """Join lines wrapped inside one paragraph: no space between CJK characters."""
    text = _HYPHEN_WRAP.sub("", text)
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        joiner = "" if _HAN.match(line[0]) and _HAN.search(out[-1]) else " "
        if joiner and (out[-1] in "，。；：、（“" or line[0] in "，。；：、）”"):
            joiner = ""
        out += joiner + line
    return out


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines; where a text has no blank lines, each line is a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t\u3000]*\n", text):
        parts = re.split(r"\n[ \t\u3000]*\n", text)
    else:
        parts = text.split("\n")
    return [p for p in parts if p.strip()]


def is_cjk_heading(line: str) -> bool:
    """第X章 …, 第X节 …, 附则: a chapter or section heading of a Chinese law."""
    return bool(_CJK_HEADING.match(line.strip())) and len(line.strip()) <= 40


def looks_like_heading(line: str) -> bool:
    """A short line without sentence-final punctuation (``Social Issues``)."""
    s = line.strip()
    if not s or "\n" in s or len(s) > 80 or s.endswith(_END_PUNCT) or _NOT_HEADING.search(s):
        return False
    if _HAN.search(s):
        return is_cjk_heading(s)
    words = s.split()
    return 1 <= len(words) <= 10 and s[0].isupper()


def paragraphs_to_blocks(text: str) -> list[Block]:
    """Plain text → blocks: paragraphs unwrapped, chapter lines and short title lines as headings."""
    blocks: list[Block] = []
    for para in split_paragraphs(text):
        body = unwrap(para)
        if not body:
            continue
        hashes = _MD_HEADING.match(body)
        previous = blocks[-1] if blocks else None
        if previous and (previous.kind == "paragraph" or previous.level == 3) and _continues(previous.text, body):
            blocks[-1] = Block("paragraph", previous.text + " " + body)
        elif hashes:
            blocks.append(Block("heading", body[hashes.end() :].strip(), level=len(hashes.group(1))))
        elif is_cjk_heading(body):
            blocks.append(Block("heading", body, level=2))
        elif looks_like_heading(body):
            blocks.append(Block("heading", body, level=1 if not blocks else 3))
        else:
            blocks.append(Block("paragraph", body))
    return blocks


def _continues(previous: str, body: str) -> bool:
    """A paragraph broken by a page break: the first part has no closing punctuation, the rest starts lower-case."""
    return body[:1].islower() and not previous.endswith(_END_PUNCT)

"""Markdown reader ``scsmine.markdown.v1``.

Steps: 1. decode; 2. YAML front matter → metadata; 3. drop HTML comments;
4. ``#`` headings become heading blocks (level = number of ``#``), other
lines are grouped into paragraphs at blank lines and unwrapped; 5. inline
markup (emphasis, links, code) is reduced to its text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from scsmine.core.errors import ReaderError
from scsmine.core.models import Block, ParsedDocument
from scsmine.sources import READERS
from scsmine.sources._blocks import is_cjk_heading, split_paragraphs, unwrap
from scsmine.sources._decode import decode
from scsmine.sources._meta import infer_meta

__all__ = ["read_markdown"]

NAME = "scsmine.markdown.v1"
VERSION = "1"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    for _ in range(2):
        text = _EMPH.sub(r"\2", text)
    return text


def _front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        return {}, text[m.end() :]
    meta = (
        {k: str(v) for k, v in data.items() if isinstance(k, str) and v is not None} if isinstance(data, dict) else {}
    )
    if "language" in meta and "lang" not in meta:
        meta["lang"] = meta.pop("language")
    if "original_url" in meta and "url" not in meta:
        meta["url"] = meta.pop("original_url")
    return meta, text[m.end() :]


def _blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    for para in split_paragraphs(body):
        lines: list[str] = []
        for line in para.split("\n"):
            m = _HEADING.match(line)
            if m:
                if lines:
                    blocks.append(Block("paragraph", _inline(unwrap("\n".join(lines)))))
                    lines = []
                blocks.append(Block("heading", _inline(m.group(2)), level=len(m.group(1))))
            elif not _TABLE_RULE.match(line):
                lines.append(_BULLET.sub("", line).strip("|").replace("|", " "))
        if lines:
            text = _inline(unwrap("\n".join(lines)))
            if text:
                kind = "heading" if is_cjk_heading(text) else "paragraph"
                blocks.append(Block(kind, text, level=2 if kind == "heading" else 0))
    return blocks


@READERS.register(NAME)
def read_markdown(data: bytes, name: str) -> ParsedDocument:
    """Read a Markdown file into heading and paragraph blocks.

    Raises:
        ReaderError: Binary content, undecodable bytes or no text.
    """
    text, encoding = decode(data, name)
    meta, body = _front_matter(text.replace("\r\n", "\n"), name)
    body = _COMMENT.sub("\n", body)
    blocks = [b for b in _blocks(body) if b.text.strip()]
    if not blocks:
        raise ReaderError(f"{name} holds no text", "check that the file is not empty")
    inferred = infer_meta(blocks)
    inferred.update(meta)
    inferred["encoding"] = encoding
    return ParsedDocument(tuple(blocks), inferred, NAME, VERSION)

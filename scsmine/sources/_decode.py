"""Bytes → text with encoding detection (charset-normalizer).

Handles UTF-8/16/32 with or without BOM, GB2312/GBK/GB18030, Big5 and wrong
declarations: a declared charset is only a hint, tried first and kept only
when the bytes decode cleanly under it.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from scsmine.core.errors import ReaderError

__all__ = ["decode", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB2312 and GBK declarations are decoded as their superset GB18030.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs"}


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is very likely not text (many control bytes)."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / len(sample) > 0.10


def _printable_share(text: str) -> float:
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good / max(1, len(text))


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, told apart by its NUL bytes or by decoding cleanly."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    candidates = ["utf-16-le", "utf-16-be"] if odd_nuls >= even_nuls else ["utf-16-be", "utf-16-le"]
    if max(even_nuls, odd_nuls) < len(sample) // 8 and b"\x00" not in sample:
        return None  # no NULs: not Latin-script UTF-16; CJK-only UTF-16 falls through to detection
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _printable_share(text[:2000]) > 0.97:
            return text, enc
    return None


def _canonical(name: str) -> str:
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return name.lower()
    return _SUPERSETS.get(name, name)


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; returns ``(text, encoding)``.

    Steps: 1. a BOM decides; 2. strict UTF-8; 3. the declared charset
    (GB2312/GBK widened to GB18030) if the bytes decode cleanly; 4.
    charset-normalizer's best guess.

    Raises:
        ReaderError: Binary data, or no encoding decodes it.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    if looks_binary(data):
        raise ReaderError(f"{name} looks like a binary file, not text", "check the file type or its extension")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        enc = _canonical(declared)
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(
        data, cp_isolation=["gb18030", "big5", "utf_16", "cp1252", "latin_1", "shift_jis", "euc_kr"]
    ).best()
    if best is None:
        best = from_bytes(data).best()
    if best is None:
        raise ReaderError(f"{name}: cannot detect the text encoding", "convert the file to UTF-8")
    enc = _canonical(best.encoding)
    return str(best), enc

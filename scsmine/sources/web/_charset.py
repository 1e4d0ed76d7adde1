"""What a response body is, and its text: sniffing and decoding without mojibake.

Chinese government sites often declare GB2312 while serving GBK or GB18030,
declare nothing, or declare a Western charset (ISO-8859-1) for Chinese bytes;
servers also send a Content-Type that does not match the body. So the body
decides: magic bytes for the format, and for the text encoding the steps of
:func:`decode_body`.
"""

from __future__ import annotations

import codecs
import re

from scsmine.core.web_protocols import WebResponse
from scsmine.sources._decode import decode

__all__ = ["declared_charset", "decode_body", "sniff", "utf8_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
_META_TAG = re.compile(r"""<meta[^>]+charset\s*=[^>]*>""", re.I)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_SINGLE_BYTE = ("latin", "iso8859", "cp125", "windows-125", "ascii", "mac-roman", "cp437")


def sniff(body: bytes, url: str = "") -> str:
    """The format of a body from its bytes.

    One of ``pdf``, ``docx``, ``doc``, ``gzip``, ``feed``, ``sitemap``, ``html``, ``xml``, ``text``, ``binary``.

    The URL's extension only separates DOCX from other ZIP files.
    """
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in body[:65536] or url.lower().endswith(".docx") else "binary"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if body.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head):
            return "feed"
        if re.search(rb"<(urlset|sitemapindex)[\s>]", head):
            return "sitemap"
    if re.search(rb"<(!doctype html|html|head|body|div|table|p)[\s>]", head):
        return "html"
    if head.startswith(b"<?xml"):
        return "xml"
    return "binary" if _control_share(body) > 0.1 else "text"


def _control_share(body: bytes) -> float:
    sample = body[:8192]
    if not sample:
        return 0.0
    return sum(1 for b in sample if b < 9 or 13 < b < 32) / len(sample)


def declared_charset(response: WebResponse) -> list[str]:
    """Charsets the response declares: Content-Type first, then ``<meta>`` or the XML declaration."""
    found: list[str] = []
    if response.charset:
        found.append(response.charset)
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(response.body[:4096])
        if m:
            found.append(m.group(1).decode("ascii", "replace"))
    return found


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _cjk_share(text: str) -> float:
    wide = [c for c in text if ord(c) > 0x7F]
    return sum(1 for c in wide if _CJK.match(c)) / len(wide) if wide else 0.0


def decode_body(response: WebResponse) -> tuple[str, str]:
    """Decode a text body; returns ``(text, encoding)``.

    Steps: 1. a BOM or valid UTF-8 decides; 2. a declared multi-byte charset
    (GB2312/GBK widened to GB18030) that decodes cleanly is used; 3. a declared
    single-byte charset (ISO-8859-1, windows-1252) is distrusted when the bytes
    decode cleanly as GB18030 into mostly CJK text; 4. otherwise detection
    (charset-normalizer, :func:`scsmine.sources._decode.decode`).

    Raises:
        ReaderError: No encoding fits (the message names the URL).
    """
    body, name = response.body, response.final_url
    declared = [c for c in (_codec(d) for d in declared_charset(response)) if c]
    multi = [c for c in declared if not c.startswith(_SINGLE_BYTE)]
    if declared and not multi:
        try:
            text = body.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _cjk_share(text) > 0.8:
                return text, "gb18030"
        return decode(body, name, declared[0])
    return decode(body, name, multi[0] if multi else None)


def utf8_html(text: str) -> bytes:
    """HTML text as UTF-8 bytes whose ``<meta charset>`` says so, for readers that parse bytes."""
    text = _META_TAG.sub('<meta charset="utf-8">', text)
    return text.encode("utf-8")

"""Text of legacy Word 97-2003 ``.doc`` files (MS-DOC), the usual format of 附件 on government sites.

Steps of :func:`read_doc`: 1. open the OLE compound file (olefile) and read
the File Information Block at the start of the ``WordDocument`` stream;
2. find the piece table (``Clx``) in the ``0Table`` or ``1Table`` stream;
3. join the pieces, each either UTF-16LE or 8-bit (cp1252) text, keeping the
main document's first ``ccpText`` characters; 4. drop field codes
(between U+0013 and U+0014) and Word's control characters, turn paragraph
marks into line breaks and split into blocks. Formatting, tables' layout,
headers, footers and footnotes are not read.
"""

from __future__ import annotations

import io
import re
import struct

from scsmine.core.errors import EncryptedError, ReaderError
from scsmine.core.models import ParsedDocument
from scsmine.sources._blocks import paragraphs_to_blocks
from scsmine.sources._meta import infer_meta

__all__ = ["NAME", "VERSION", "read_doc"]

NAME = "scsmine.doc.v1"
VERSION = "1"

_WIDENT = 0xA5EC
_FIELD = re.compile("\x13[^\x13\x14\x15]*\x14?([^\x13\x14\x15]*)\x15")
_CONTROL = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x07": "\n", "\x1e": "-", "\x1f": None,
                          "\x01": None, "\x02": None, "\x08": None, "\x05": None, "\x00": None})


def _fib(word: bytes, name: str) -> tuple[bool, int, int, int]:
    """``(uses 1Table, ccpText, fcClx, lcbClx)`` from the File Information Block."""
    if len(word) < 154 or struct.unpack_from("<H", word, 0)[0] != _WIDENT:
        raise ReaderError(f"{name} is not a Word 97-2003 document", "check the file; convert it to DOCX or PDF")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:
        raise EncryptedError(f"{name} is password-protected", "remove the password in Word and fetch or ingest again")
    off = 32
    csw = struct.unpack_from("<H", word, off)[0]
    off += 2 + csw * 2
    cslw = struct.unpack_from("<H", word, off)[0]
    ccp_text = struct.unpack_from("<I", word, off + 2 + 3 * 4)[0]
    off += 2 + cslw * 4
    count = struct.unpack_from("<H", word, off)[0]
    if count < 34 or off + 2 + 34 * 8 > len(word):
        raise ReaderError(f"{name} has no piece table (a Word 6 or older file?)", "convert it to DOCX or PDF")
    fc_clx, lcb_clx = struct.unpack_from("<II", word, off + 2 + 33 * 8)
    return bool(flags & 0x0200), ccp_text, fc_clx, lcb_clx


def _pieces(table: bytes, fc_clx: int, lcb_clx: int, name: str) -> list[tuple[int, int, int, bool]]:
    """``(cp_start, cp_end, fc, compressed)`` of every piece."""
    clx, pos = table[fc_clx:fc_clx + lcb_clx], 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
    if pos + 5 > len(clx) or clx[pos] != 0x02:
        raise ReaderError(f"{name} has a damaged piece table", "open and save it again in Word, or convert it")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out = []
    for i in range(n):
        fc = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        compressed = bool(fc & 0x40000000)
        out.append((cps[i], cps[i + 1], (fc & 0x3FFFFFFF) // 2 if compressed else fc, compressed))
    return out


def doc_text(data: bytes, name: str) -> str:
    """The main text of a .doc file, with line breaks between paragraphs.

    Raises:
        ReaderError: Not an OLE file or not a Word 97-2003 document.
        EncryptedError: Password-protected.
    """
    import olefile

    if not olefile.isOleFile(io.BytesIO(data)):
        raise ReaderError(f"{name} is not an OLE compound file (.doc)", "check the file type")
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if not ole.exists("WordDocument"):
            raise ReaderError(f"{name} is an OLE file without a WordDocument stream", "it is not a Word document")
        word = ole.openstream("WordDocument").read()
        one_table, ccp_text, fc_clx, lcb_clx = _fib(word, name)
        stream = "1Table" if one_table else "0Table"
        if not ole.exists(stream):
            raise ReaderError(f"{name} lacks its {stream} stream", "the file is damaged; convert it to DOCX or PDF")
        table = ole.openstream(stream).read()
    parts: list[str] = []
    for start, end, fc, compressed in _pieces(table, fc_clx, lcb_clx, name):
        size = end - start
        raw = word[fc:fc + size] if compressed else word[fc:fc + 2 * size]
        parts.append(raw.decode("cp1252", "replace") if compressed else raw.decode("utf-16-le", "replace"))
    text = "".join(parts)[:ccp_text] if ccp_text else "".join(parts)
    text = _FIELD.sub(r"\1", text)
    return text.translate(_CONTROL)


def read_doc(data: bytes, name: str) -> ParsedDocument:
    """Read a legacy Word .doc file into blocks (one per paragraph).

    Raises:
        ReaderError: Not a readable Word 97-2003 file, or no text.
    """
    lines = [line.strip() for line in doc_text(data, name).split("\n")]
    blocks = paragraphs_to_blocks("\n\n".join(line for line in lines if line))
    if not blocks:
        raise ReaderError(f"{name} holds no text", "check that the document is not empty or only images")
    return ParsedDocument(tuple(blocks), infer_meta(blocks), NAME, VERSION)

"""The PDF reader ``scsmine.pdf.v1``.

Real PDFs are read from the shared corpus in place, and their text checked
against the Markdown/text files they were rendered from. Bad and synthetic
PDFs are written by the small PDF writer below (our own text only).
"""

from __future__ import annotations

import hashlib
import re
import struct
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scsmine.core.errors import EncryptedError, NoTextLayerError, ReaderError
from scsmine.core.models import Block, ParsedDocument
from scsmine.sources import FORMATS, READERS, read
from scsmine.sources.pdf import read_pdf

SHANGHAI = "shanghai-social-credit-regulations-2017"
TWO_COLUMN = "enterprise-information-disclosure-interim-regulations-2014"
TABLE = "spc-dishonest-judgment-debtor-list-provisions-2013"
KLABISCH = "klabisch-2018-chinas-social-credit-score-rating-a-people"
PDF_NAMES = {
    SHANGHAI: f"{SHANGHAI}_multipage.pdf",
    TWO_COLUMN: f"{TWO_COLUMN}_twocolumn.pdf",
    TABLE: f"{TABLE}_table.pdf",
    KLABISCH: f"{KLABISCH}.pdf",
}
_ARTICLE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条")
_DIGITS = "零一二三四五六七八九"

_cache: dict[str, ParsedDocument] = {}


def parsed(shared: Path, key: str) -> ParsedDocument:
    """Read one shared PDF once per test session."""
    if key not in _cache:
        path = shared / "corpus" / "pdf" / PDF_NAMES[key]
        _cache[key] = read_pdf(path.read_bytes(), path.name)
    return _cache[key]


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 56 → 五十六 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def md_articles(text: str) -> dict[str, str]:
    """Articles of a LawRefBook Markdown file: 第X条 paragraph plus the paragraphs up to the next one."""
    out: dict[str, str] = {}
    current = None
    for para in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not para or para.startswith(("#", "<!--")) or re.match(r"^第\S+[章节]\s", para):
            current = None
        elif m := _ARTICLE.match(para):
            current = m.group()
            out[current] = para
        elif current:
            out[current] += para
    return out


def pdf_articles(blocks: tuple[Block, ...]) -> dict[str, str]:
    """The same grouping over reader blocks (what the segmenter does)."""
    out: dict[str, str] = {}
    current = None
    for block in blocks:
        if block.kind == "heading":
            current = None
        elif m := _ARTICLE.match(block.text):
            current = m.group()
            out[current] = block.text
        elif current:
            out[current] += block.text
    return out


def paragraphs(doc: ParsedDocument) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == "paragraph"]


# ---------------------------------------------------------------- registry and contract


def test_registered_as_the_pdf_reader() -> None:
    assert FORMATS["pdf"] == "scsmine.pdf.v1"
    assert READERS.get("scsmine.pdf.v1") is read_pdf


@pytest.mark.parametrize("key", list(PDF_NAMES))
def test_shared_pdfs_give_clean_blocks(shared: Path, key: str) -> None:
    doc = parsed(shared, key)
    assert doc.parser == "scsmine.pdf.v1" and "pypdfium2" in doc.parser_version
    assert doc.blocks and doc.warnings == ()
    for block in doc.blocks:
        assert block.kind in ("heading", "paragraph") and block.page >= 1
        assert block.text == block.text.strip() and block.text
        assert "\ufffd" not in block.text and "(cid:" not in block.text and "\u00ad" not in block.text
        assert not re.search(r"[\x00-\x08\x0b-\x1f\ue000-\uf8ff]", block.text)
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1
    assert doc.meta["title"] == doc.blocks[0].text


def test_metadata(shared: Path) -> None:
    doc = parsed(shared, SHANGHAI)
    assert doc.meta["pages"] == 8
    assert doc.meta["title"] == doc.meta["pdf_title"] == "上海市社会信用条例"
    assert parsed(shared, TABLE).meta["pages"] == 2


# ---------------------------------------------------------------- Shanghai: articles, chapters, furniture


def test_shanghai_has_56_articles_in_order(shared: Path) -> None:
    starts = [m.group() for t in paragraphs(parsed(shared, SHANGHAI)) if (m := _ARTICLE.match(t))]
    assert starts == [f"第{chinese_number(n)}条" for n in range(1, 57)]


def test_shanghai_chapters_are_headings(shared: Path) -> None:
    heads = [(b.text, b.level) for b in parsed(shared, SHANGHAI).blocks if b.kind == "heading"]
    assert heads[0] == ("上海市社会信用条例", 1)
    chapters = [text.split()[0] for text, level in heads[1:] if level == 2]
    assert chapters == [f"第{chinese_number(n)}章" for n in range(1, 9)]
    assert ("第一章 总则", 2) in heads


def test_shanghai_strips_headers_and_footers(shared: Path) -> None:
    doc = parsed(shared, SHANGHAI)
    md = (shared / "corpus" / "raw" / "laws" / f"{SHANGHAI}.md").read_text("utf-8")
    body = "\n".join(paragraphs(doc))
    assert not re.search(r"第\s*\d+\s*页|共\s*\d+\s*页", body)
    assert "scsmine test corpus" not in body and "derived rendering" not in body
    for furniture in ("上海市人民代表大会常务委员会", "上海市社会信用条例"):
        assert body.count(furniture) == md.split("<!-- INFO END -->")[1].count(furniture)


def test_shanghai_articles_match_the_markdown(shared: Path) -> None:
    md = (shared / "corpus" / "raw" / "laws" / f"{SHANGHAI}.md").read_text("utf-8")
    expected, got = md_articles(md), pdf_articles(parsed(shared, SHANGHAI).blocks)
    assert list(got) == list(expected)
    assert [k for k in expected if squash(expected[k]) != squash(got[k])] == []


# ---------------------------------------------------------------- two columns: reading order


# Each spans a line break of the PDF (several also a first-line indent or a column top).
TWO_COLUMN_SNIPPETS = [
    "促进企业诚信自律，规范企业信息公示，强化",
    "工商行政管理部门登记的企业从事生产经营活动",
    "公示的企业信息涉及国家秘密、国家安全",
    "推动本行政区域企业信用信息公示系统的建设。",
    "其他政府部门(以下简称其他政府部门)应当公示",
    "也可以通过其他系统公示前款规定的企业信息",
    "向工商行政管理部门报送上一年度年度报告",
    "出资额、出资时间、出资方式等信息；",
]


def test_two_column_reading_order(shared: Path) -> None:
    body = paragraphs(parsed(shared, TWO_COLUMN))
    for snippet in TWO_COLUMN_SNIPPETS:
        assert any(snippet in text for text in body), snippet
    starts = [m.group() for t in body if (m := _ARTICLE.match(t))]
    assert starts == [f"第{chinese_number(n)}条" for n in range(1, 26)]


def test_two_column_articles_match_the_markdown(shared: Path) -> None:
    md = (shared / "corpus" / "raw" / "laws" / f"{TWO_COLUMN}.md").read_text("utf-8")
    expected, got = md_articles(md), pdf_articles(parsed(shared, TWO_COLUMN).blocks)
    assert list(got) == list(expected)
    assert [k for k in expected if squash(expected[k]) != squash(got[k])] == []
    body = "\n".join(paragraphs(parsed(shared, TWO_COLUMN)))
    assert "国务院令第654号 —" not in body and "— 1 —" not in body and "scsmine test corpus" not in body


# ---------------------------------------------------------------- tables


def test_table_rows_become_article_paragraphs(shared: Path) -> None:
    body = paragraphs(parsed(shared, TABLE))
    starts = [t for t in body if _ARTICLE.match(t)]
    assert [t.split()[0] for t in starts] == [f"第{chinese_number(n)}条" for n in range(1, 8)]
    assert starts[0].startswith("第一条 被执行人具有履行能力而不履行")
    assert "制定机关 最高人民法院" in body and "施行日期 2013年10月1日" in body
    assert not any(t.startswith("条号") for t in body)  # the repeated header row
    four = body.index(next(t for t in starts if t.startswith("第四条")))
    assert body[four + 6].startswith("（六）人民法院认为应当记载")  # the row a page break split
    assert body[four + 7].startswith("第五条")


def test_table_articles_match_the_markdown(shared: Path) -> None:
    md = (shared / "corpus" / "raw" / "laws" / f"{TABLE}.md").read_text("utf-8")
    expected, got = md_articles(md), pdf_articles(parsed(shared, TABLE).blocks)
    assert list(got) == list(expected)
    assert [k for k in expected if squash(expected[k]) != squash(got[k])] == []


# ---------------------------------------------------------------- Klabisch: English with some Chinese


KLABISCH_SNIPPETS = [
    "ephemeral big-data project",  # a line ends after "big-": the hyphen stays
    "all-encompassing credit system",
    "a more multi-faceted analysis",
    "(Chin.: 社会信用体系) is first and foremost",
    "“Sesame Score” (芝麻Credit: a reward system",
]


def test_klabisch_sentences_are_intact(shared: Path) -> None:
    doc = parsed(shared, KLABISCH)
    body = paragraphs(doc)
    for snippet in KLABISCH_SNIPPETS:
        assert any(snippet in text for text in body), snippet
    raw = (shared / "corpus" / "raw" / "analysis" / f"{KLABISCH}.txt").read_text("utf-8")
    # Paragraphs without Markdown markup (lists, emphasis, links) must come out whole.
    plain = [
        p.strip()
        for p in re.split(r"\n\s*\n", raw)
        if len(p) > 80 and not re.search(r"[*#\[\]<>]", p) and not re.match(r"\s*(\d+\.|[-+] )", p)
    ]
    assert len(plain) > 25
    joined = [" ".join(text.split()) for text in body]
    missing = [p[:40] for p in plain if not any(" ".join(p.split()) in text for text in joined)]
    assert missing == []


def test_klabisch_headers_and_footers_are_gone(shared: Path) -> None:
    doc = parsed(shared, KLABISCH)
    body = "\n".join(b.text for b in doc.blocks)
    assert not re.search(r"Page \d+ of \d+", body)
    assert "rendered to PDF" not in body and "(J. Klabisch, Stiftung Asienhaus, 2018)" not in body
    heads = [(b.text, b.level) for b in doc.blocks if b.kind == "heading"]
    assert heads[0] == ("China's Social Credit Score – rating a people", 1)
    assert ("Origins", 2) in heads


# ---------------------------------------------------------------- a small PDF writer (our own text)


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def make_pdf(pages: list[bytes], font: bytes = b"/Courier", encoding: bytes = b"", crypt: object = None) -> bytes:
    """A PDF whose pages have the given content streams; font F1 (a base-14 font), image Im1."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont %s %s >>" % (font, encoding))
    objects.append(_stream(bytes([30, 200, 200, 30]), b"/Type /XObject /Subtype /Image /Width 2 /Height 2 "
                           b"/ColorSpace /DeviceGray /BitsPerComponent 8"))
    kids = []
    for content in pages:
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                       b"/XObject << /Im1 4 0 R >> >> /Contents %d 0 R >>" % (len(objects) + 2))
        data = crypt(len(objects) + 1, content) if callable(crypt) else content
        objects.append(_stream(data))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _pdf(objects)


def text_ops(lines: list[tuple[float, float, str]], size: int = 10) -> bytes:
    """Content stream showing each ``(x, y, text)`` in font F1."""
    ops = []
    for x, y, text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET" % (size, x, y, escaped.encode("latin-1")))
    return b"\n".join(ops)


def column(text: str, x: float, top: float, width: int = 40, gap: float = 0.0) -> list[tuple[float, float, str]]:
    """Wrap paragraphs (blank-line separated) at ``width`` Courier characters, 12 pt apart."""
    out, y = [], top
    for para in text.strip().split("\n\n"):
        for line in textwrap.wrap(" ".join(para.split()), width, break_on_hyphens=False):
            out.append((x, y, line))
            y -= 12
        y -= gap
    return out


ALPHA = """Our reading group meets on Mondays to compare how newspapers describe credit ratings for firms and
people. Each member brings two cuttings and a short note on the words used.

Last month we looked at stories about small shops that lost access to loans after a missed tax filing, and
at the official answers that the bureau published a week later."""
BETA = """The second column holds a different text so that order errors show. It talks about the weather in the
hills, the long walk to the station, and the bakery that opens at six.

Nothing here should ever be glued to a line of the first column, whatever the order of the content stream."""


def test_two_columns_in_interleaved_stream_order() -> None:
    left, right = column(ALPHA, 50, 760, gap=6), column(BETA, 310, 760, gap=6)
    rows = [line for pair in zip(left, right, strict=False) for line in pair]
    rows += left[len(right):] + right[len(left):]
    doc = read_pdf(make_pdf([text_ops([(200, 800, "Column Test Sheet")], size=16) + b"\n" + text_ops(rows)]), "c.pdf")
    body = paragraphs(doc)
    assert body == [" ".join(p.split()) for p in (ALPHA + "\n\n" + BETA).split("\n\n")]
    assert doc.blocks[0] == Block("heading", "Column Test Sheet", 1, 1)


HYPHENS = [  # Courier lines of 57-60 characters, as a typesetter would break them
    "Information sharing across courts and banks is the core of",
    "the plan, and big data platforms carry the shared informa-",
    "tion from courts, banks and the tax offices to a single big-",
    "data store that also keeps the records about market regu-",
    "lation and about the many rules that all of the local self-",
    "employed traders must follow.",
]


def test_hyphenation_is_undone_unless_the_hyphen_belongs_to_the_word() -> None:
    doc = read_pdf(make_pdf([text_ops([(50, 700 - 12 * i, line) for i, line in enumerate(HYPHENS)])]), "h.pdf")
    (text,) = paragraphs(doc)
    assert "the shared information from courts" in text  # "information" is a word of the document
    assert "a single big-data store" in text  # "big" and "data" are words of the document
    assert "about market regulation and" in text  # neither "regu" nor "lation" is
    assert "the local self-employed traders" in text  # a prefix that takes a hyphen


def test_footnote_marks_stay_in_their_line() -> None:
    head = "Credit ratings spread quickly"
    ops = text_ops([(50, 700, head), (50 + 6 * len(head) + 6, 700, "across the region and far beyond the old city")])
    ops += b"\n" + text_ops([(50 + 6 * len(head), 704, "1")], size=6)
    ops += b"\n" + text_ops([(50, 688, "walls within a single season.")])
    (text,) = paragraphs(read_pdf(make_pdf([ops]), "f.pdf"))
    assert text == f"{head}1 across the region and far beyond the old city walls within a single season."


def test_running_headers_footers_and_page_numbers_are_stripped() -> None:
    pages = []
    for n in range(1, 4):
        lines = [(50, 810, "Reading Group Notes"), (400, 810, "Spring term"), (280, 30, f"Page {n} of 3")]
        words = ["Mondays", "Tuesdays", "Fridays"][n - 1]
        lines += [(50, 760 - 12 * i, f"On {words} line {i} talks about credit ratings") for i in range(3)]
        pages.append(text_ops(lines))
    doc = read_pdf(make_pdf(pages), "r.pdf")
    text = "\n".join(b.text for b in doc.blocks)
    assert "Reading Group" not in text and "Spring" not in text and "Page" not in text
    assert text.count("talks about credit ratings") == 9
    assert doc.meta["pages"] == 3


# ---------------------------------------------------------------- bad input


def test_empty_file() -> None:
    with pytest.raises(ReaderError, match=r"empty\.pdf is empty"):
        read_pdf(b"", "empty.pdf")
    with pytest.raises(ReaderError, match="is empty"):
        read_pdf(b"  \n", "blank.pdf")


def test_not_a_pdf() -> None:
    with pytest.raises(ReaderError, match=r"notes\.pdf is not a valid PDF"):
        read_pdf(b"just some text, not a PDF at all", "notes.pdf")


def test_corrupt_pdf() -> None:
    with pytest.raises(ReaderError, match=r"corrupt\.pdf .*not a valid PDF") as info:
        read_pdf(b"%PDF-1.4\n garbage without objects", "corrupt.pdf")
    assert "qpdf" in info.value.hint


def test_truncated_pdf_without_readable_pages(shared: Path) -> None:
    data = (shared / "corpus" / "pdf" / PDF_NAMES[SHANGHAI]).read_bytes()
    with pytest.raises(ReaderError, match=r"cut\.pdf is not a valid PDF: it is truncated"):
        read_pdf(data[: len(data) // 2], "cut.pdf")


def test_truncated_pdf_keeps_the_readable_pages() -> None:
    long = "the reading group meets again on Monday in the small room"
    pages = [text_ops([(50, 700, f"Page {n} says that {long}"), (50, 688, "upstairs.")]) for n in range(1, 5)]
    data = make_pdf(pages)
    cut = data[: data.index(b"Page 3 says")]  # pages 1 and 2 survive whole
    doc = read_pdf(cut, "cut.pdf")
    assert paragraphs(doc)[:2] == [f"Page {n} says that {long} upstairs." for n in (1, 2)]
    assert any("cut.pdf is truncated" in w for w in doc.warnings)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def encrypted_pdf(user: bytes, owner: bytes) -> bytes:
    """A one-page PDF under the standard security handler (RC4 40-bit, revision 2)."""
    file_id, perms = b"0123456789abcdef", -4
    o_value = _rc4(hashlib.md5((owner + _PAD)[:32]).digest()[:5], (user + _PAD)[:32])
    key = hashlib.md5((user + _PAD)[:32] + o_value + struct.pack("<i", perms) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD)

    def crypt(number: int, data: bytes) -> bytes:
        return _rc4(hashlib.md5(key + number.to_bytes(3, "little") + b"\0\0").digest()[:10], data)

    data = make_pdf([text_ops([(50, 700, "A locked note about credit ratings.")])], crypt=crypt)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (o_value.hex().encode(),
                                                                         u_value.hex().encode(), perms)
    head, tail = data.split(b"xref\n", 1)
    number = int(re.search(rb"/Size (\d+)", tail).group(1))  # type: ignore[union-attr]
    obj = b"%d 0 obj\n%s\nendobj\n" % (number, encrypt)
    offsets = [int(x) for x in re.findall(rb"(\d{10}) 00000 n", tail)] + [len(head)]
    body = head + obj
    rows = b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Encrypt %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (
        number + 1, number, file_id.hex().encode(), file_id.hex().encode(), len(body))
    return body + b"xref\n0 %d\n0000000000 65535 f \n" % (number + 1) + rows + trailer


def test_password_protected_pdf() -> None:
    with pytest.raises(EncryptedError, match=r"locked\.pdf is password-protected") as info:
        read_pdf(encrypted_pdf(b"secret", b"owner"), "locked.pdf")
    assert "qpdf --decrypt" in str(info.value)


def test_pdf_with_only_an_owner_password_is_read() -> None:
    doc = read_pdf(encrypted_pdf(b"", b"owner"), "restricted.pdf")
    assert paragraphs(doc) == ["A locked note about credit ratings."]


def test_scanned_pdf_has_no_text_layer() -> None:
    image = b"q 400 0 0 600 100 100 cm /Im1 Do Q"
    with pytest.raises(NoTextLayerError, match=r"scan\.pdf has no text layer") as info:
        read_pdf(make_pdf([image, image]), "scan.pdf")
    assert "ocrmypdf" in str(info.value)


def test_scanned_page_among_text_pages_is_a_warning() -> None:
    doc = read_pdf(make_pdf([text_ops([(50, 700, "Text on the first page.")]), b"q 400 0 0 600 100 100 cm /Im1 Do Q"]),
                   "mixed.pdf")
    assert paragraphs(doc) == ["Text on the first page."]
    assert any("page 2 of 2 without a text layer" in w and "ocrmypdf" in w for w in doc.warnings)


_UNMAPPED = b"/Encoding << /Type /Encoding /Differences [65 /uniE001 /uniE002 /uniE003] >>"


def test_glyphs_without_unicode_never_reach_the_text() -> None:
    with pytest.raises(NoTextLayerError, match="no usable text layer"):
        read_pdf(make_pdf([text_ops([(50, 700, "ABCABC ABCABC")])], encoding=_UNMAPPED), "glyphs.pdf")
    page = text_ops([(50, 700, "Readable words about credit and trust here"), (50, 688, "and A B C")])
    doc = read_pdf(make_pdf([page], encoding=_UNMAPPED), "some.pdf")
    assert paragraphs(doc) == ["Readable words about credit and trust here and"]
    assert any("without a Unicode mapping" in w for w in doc.warnings)


def test_read_dispatches_pdf_by_magic_bytes() -> None:
    doc = read(make_pdf([text_ops([(50, 700, "Dispatched by magic bytes.")])]), "no-extension")
    assert doc.parser == "scsmine.pdf.v1"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_bytes_raise_reader_errors_only(data: st.DataObject) -> None:
    good = make_pdf([text_ops([(50, 700, "A short line of our own text.")]), text_ops([(50, 700, "Another one.")])])
    raw = bytearray(good)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(10, len(raw)))
    try:
        doc = read_pdf(bytes(raw[:cut]), "fuzz.pdf")
    except ReaderError as exc:
        assert "fuzz.pdf" in str(exc)
    else:
        assert all("\ufffd" not in b.text for b in doc.blocks)


FIXTURES = Path(__file__).resolve().parents[1] / "data" / "pdf"


@pytest.mark.parametrize(
    ("file", "error", "words"),
    [
        ("corrupt.pdf", ReaderError, "not a valid PDF"),
        ("locked.pdf", EncryptedError, "password-protected"),
        ("scanned.pdf", NoTextLayerError, "has no text layer"),
        ("unmapped-glyphs.pdf", NoTextLayerError, "no usable text layer"),
    ],
)
def test_bad_pdf_fixtures(file: str, error: type[ReaderError], words: str) -> None:
    with pytest.raises(error, match=re.escape(f"{file} ") + ".*" + words):
        read_pdf((FIXTURES / file).read_bytes(), file)


def test_truncated_fixture_gives_its_first_page() -> None:
    doc = read_pdf((FIXTURES / "truncated.pdf").read_bytes(), "truncated.pdf")
    assert paragraphs(doc) == ["Page 1 of a note written for the scsmine tests."]
    assert doc.warnings and "truncated.pdf is truncated" in doc.warnings[0]

"""Readers for Markdown, HTML (gov.cn and generic), text and DOCX, and encoding detection."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from scsmine.core.errors import ReaderError
from scsmine.normalize import ARTICLE, segment
from scsmine.sources import detect_format, read
from scsmine.sources._decode import decode

CHINESE = "第一条 为了规范企业信息公示，强化企业信用约束，维护交易安全，制定本条例。"


def test_shanghai_markdown_gives_56_articles_with_chapters(doc: Callable[[str], bytes]) -> None:
    parsed = read(doc("sh-scs-reg-2017"), "sh.md")
    assert parsed.meta["title"] == "上海市社会信用条例"
    text, segments = segment(parsed.blocks, "zh")
    articles = [s for s in segments if s.kind == "article"]
    assert len(articles) == 56
    assert articles[0].label == "第一条" and articles[-1].label == "第五十六条"
    assert articles[0].heading.startswith("第一章")
    assert all(ARTICLE.match(text[s.start : s.end]) for s in articles)
    second = next(s for s in articles if s.label == "第二条")
    assert "本条例所称社会信用信息" in text[second.start : second.end]  # continuation paragraph stays in the article


@pytest.mark.parametrize(
    ("name", "doc_number", "date", "date_written", "theme"),
    [
        ("000014349-2019-00007.html", "国发〔2019〕5号", "2019-02-15", "2019-01-27", "市场监管、安全生产监管\\工商"),
        ("000014349-2004-00204.html", "国发〔2004〕18号", "2018-12-03", "2004-06-26", "综合政务\\文秘工作"),
    ],
)
def test_govcn_metadata_table_in_both_layouts(shared, name, doc_number, date, date_written, theme) -> None:  # type: ignore[no-untyped-def]
    parsed = read((shared / "corpus" / "raw" / "govcn" / name).read_bytes(), name)
    assert parsed.meta["doc_number"] == doc_number
    assert parsed.meta["date"] == date and parsed.meta["date_written"] == date_written
    assert parsed.meta["issuer"] == "国务院" and parsed.meta["theme"] == theme
    assert parsed.meta["index_number"].startswith("000014349/")
    body = "\n".join(b.text for b in parsed.blocks)
    assert "索引号" not in body and "AddFavorite" not in body and "打印" not in body


def test_generic_article_page_keeps_body_and_drops_boilerplate() -> None:
    page = (
        "<html><head><title>Credit repair campaign</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        "<div class='share'>Share on WeChat</div><article><h1>Credit repair campaign widens</h1>"
        + "".join(f"<p>Paragraph {i}: the city lets firms repair their credit records after fixing violations, "
                  f"officials said on Monday in a statement about the campaign.</p>" for i in range(6))
        + "</article><aside><h3>Most read</h3><ul><li>Other story</li></ul></aside>"
        "<footer>Copyright</footer></body></html>"
    )
    parsed = read(page.encode(), "page.html")
    body = " ".join(b.text for b in parsed.blocks)
    assert "Paragraph 5: the city lets firms repair" in body
    assert "Most read" not in body and "Home" not in body and "Copyright" not in body


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_encodings_are_detected(encoding: str) -> None:
    text = "社會信用體系建設規劃綱要。" * 5 if encoding == "big5" else CHINESE * 3
    if encoding.startswith("utf-16-"):
        text = "Social credit (社会信用) in 2014: " + text  # without a BOM
    data = text.encode(encoding)
    decoded, _ = decode(data, "x.txt")
    assert decoded.lstrip("\ufeff") == text


def test_gbk_page_declared_as_utf8_is_not_mojibake() -> None:
    page = f"<html><head><meta charset='utf-8'></head><body><p>{CHINESE}</p></body></html>".encode("gbk")
    parsed = read(page, "wrong.html")
    assert CHINESE in parsed.blocks[0].text


def test_binary_with_text_extension_is_rejected() -> None:
    with pytest.raises(ReaderError, match="binary"):
        read(bytes(range(256)) * 20, "data.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_files_are_rejected(data: bytes) -> None:
    with pytest.raises(ReaderError, match="empty"):
        read(data, "empty.md")


def test_text_reader_unwraps_lines_and_joins_page_breaks() -> None:
    text = "Title Line\n\nThe system is meant\nto rate firms and\n\nindividuals alike.\n\nNext paragraph here.\n"
    parsed = read(text.encode(), "a.txt")
    assert [b.text for b in parsed.blocks] == [
        "Title Line", "The system is meant to rate firms and individuals alike.", "Next paragraph here."]


def test_docx_paragraphs_headings_and_tables() -> None:
    import docx

    document = docx.Document()
    document.add_heading("示范条例", level=1)
    document.add_paragraph("第一章 总则")
    document.add_paragraph(CHINESE)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "第二条"
    table.rows[0].cells[1].text = "本条例适用于本市行政区域内的企业。"
    buf = io.BytesIO()
    document.save(buf)
    parsed = read(buf.getvalue(), "rule.docx")
    assert [b.kind for b in parsed.blocks] == ["heading", "heading", "paragraph", "paragraph"]
    assert parsed.blocks[-1].text == "第二条 本条例适用于本市行政区域内的企业。"
    assert detect_format("rule.docx", buf.getvalue()) == "docx"


def test_unsupported_extension_names_the_file() -> None:
    with pytest.raises(ReaderError, match=r"notes\.xyz.*unsupported"):
        read(b"hello", "notes.xyz")


def test_html_table_rows_are_read_as_one_paragraph_each() -> None:
    page = ("<html><body><p>坐标如下：</p><table><tr><th>点</th><th>X</th><th>Y</th></tr>"
            "<tr><td>A1</td><td>2485.1</td><td>3910.2</td></tr></table>"
            "<table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table></body></html>")
    parsed = read(page.encode(), "table.html")
    assert [b.text for b in parsed.blocks] == ["坐标如下：", "点 X Y", "A1 2485.1 3910.2", "第一段。", "第二段。"]

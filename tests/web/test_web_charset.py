"""gov.cn pages served in several encodings and (wrong) declarations decode without mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest
from webtools import GovPage, Loopback, govcn_page

from scsmine import api
from scsmine.core.web_protocols import WebResponse
from scsmine.sources.web._charset import decode_body, sniff
from scsmine.sources.web.http import FetchOptions
from scsmine.store import Corpus

OPTS = FetchOptions(delay=0.0, timeout=2.0, backoff=0.05)

# (case, index number, encoding of the bytes, <meta> declaration, Content-Type header)
CASES = [
    ("utf8", "000014349/2019-00007", "utf-8", "utf-8", "text/html; charset=utf-8"),
    ("gbk-declared-gb2312", "000014349/2018-00226", "gbk", "gb2312", "text/html"),
    ("gb18030", "000014349/2004-00209", "gb18030", "gb18030", "text/html; charset=GB18030"),
    ("gbk-undeclared", "000014349/2019-00007", "gbk", None, "text/html"),
    ("gbk-header-says-latin1", "000014349/2018-00226", "gbk", None, "text/html; charset=ISO-8859-1"),
    ("utf8-meta-says-gb2312", "000014349/2019-00005", "utf-8", "gb2312", "text/html"),
    ("gbk-header-says-utf8", "000014349/2019-00005", "gbk", "gb2312", "text/html; charset=utf-8"),
]


@pytest.mark.parametrize(("case", "index", "encoding", "declare", "ctype"), CASES, ids=[c[0] for c in CASES])
def test_govcn_page_decodes_in_any_encoding(
    server: Loopback, govcn: dict[str, GovPage], db: Path, case: str, index: str, encoding: str,
    declare: str | None, ctype: str,
) -> None:
    page = govcn[index]
    server.add("/zhengce/content/p.htm", govcn_page(page.fragment, declare=declare).encode(encoding), ctype=ctype)
    report = api.fetch([server.url("/zhengce/content/p.htm")], db=db, options=OPTS)
    assert [i.outcome for i in report.items] == ["added"], report.items
    with Corpus.open(db) as corpus:
        doc = corpus.document(str(report.items[0].doc_id))
    assert "\ufffd" not in doc.text
    assert doc.title == page.title
    assert doc.doc_number == page.doc_number
    assert doc.date == page.date  # 发布日期 as ISO
    assert doc.meta["date_written"] == page.meta["page_written_date"]
    assert page.title[:12] in doc.text.replace("\n", "").replace(" ", "")
    assert doc.meta["encoding"] in (("utf-8",) if encoding == "utf-8" else ("gb18030", "gbk"))
    assert [e.path for e in server.log] == ["/robots.txt", "/zhengce/content/p.htm"]


def _response(body: bytes, ctype: str) -> WebResponse:
    return WebResponse("http://x.test/a", "http://x.test/a", 200, (("Content-Type", ctype),), body)


def test_gbk_only_characters_survive_a_gb2312_declaration() -> None:
    text = '<html><head><meta charset="gb2312"></head><body><p>朱镕基、陶喆：信用</p></body></html>'
    body = text.encode("gbk")
    with pytest.raises(UnicodeEncodeError):
        "镕喆".encode("gb2312")
    assert decode_body(_response(body, "text/html"))[0] == text


def test_a_latin1_declaration_does_not_turn_chinese_into_mojibake() -> None:
    text = "<html><body><p>" + "社会信用体系建设规划纲要" * 5 + "</p></body></html>"
    decoded, encoding = decode_body(_response(text.encode("gbk"), "text/html; charset=iso-8859-1"))
    assert decoded == text and encoding == "gb18030"


def test_a_latin1_declaration_is_kept_for_western_text() -> None:
    text = "<html><body><p>Große Straße, café crème</p></body></html>"
    assert decode_body(_response(text.encode("latin-1"), "text/html; charset=iso-8859-1"))[0] == text


@pytest.mark.parametrize(("body", "kind"), [
    (b"%PDF-1.7\n...", "pdf"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
    (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
    (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', "sitemap"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b"  <div class='wrap'>x</div>", "html"),
    (b"plain words", "text"),
    (b"\x00\x01\x02\x03" * 50, "binary"),
])
def test_sniff_trusts_bytes_not_headers(body: bytes, kind: str) -> None:
    assert sniff(body) == kind

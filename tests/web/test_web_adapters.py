"""Source adapters: the contract over the registry, selection, and what each one extracts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from webtools import GovPage, Loopback, data_text, govcn_page, word_doc

from scsmine import api
from scsmine.core.errors import ReaderError
from scsmine.core.web_protocols import Extraction, SourceAdapter, WebResponse
from scsmine.sources.web import load_adapters, select
from scsmine.sources.web.http import FetchOptions
from scsmine.sources.web.msdoc import read_doc
from scsmine.store import Corpus

OPTS = FetchOptions(delay=0.0, timeout=2.0, backoff=0.05, retries=1)
ADAPTERS = load_adapters()


def _response(body: bytes, url: str = "http://example.test/page", ctype: str = "text/html") -> WebResponse:
    return WebResponse(url, url, 200, (("Content-Type", ctype),), body)


def _samples(shared: Path) -> dict[str, WebResponse]:
    frag = (shared / "corpus" / "raw" / "govcn" / "000014349-2019-00007.html").read_text("utf-8")
    pdf = next((shared / "corpus" / "pdf").glob("shanghai-*.pdf")).read_bytes()
    return {
        "scsmine.web.govcn.v1": _response(govcn_page(frag).encode()),
        "scsmine.web.govpage.v1": _response(data_text("govpage_local.html").encode()),
        "scsmine.web.article.v1": _response(data_text("article_en.html").encode()),
        "scsmine.web.feed.v1": _response(data_text("rss.xml", "http://example.test").encode(), ctype="text/plain"),
        "scsmine.web.sitemap.v1": _response(data_text("sitemap.xml", "http://example.test").encode()),
        "scsmine.web.file.v1": _response(pdf, url="http://example.test/a.pdf", ctype="text/html"),
    }


@pytest.mark.parametrize("name", ADAPTERS.names())
def test_adapter_contract(name: str, shared: Path) -> None:
    adapter = ADAPTERS.get(name)
    assert isinstance(adapter, SourceAdapter)
    assert re.fullmatch(r"scsmine\.web\.[a-z]+\.v\d+", name) and adapter.name == name and adapter.version
    assert adapter.extract.__doc__ and adapter.score.__doc__
    samples = _samples(shared)
    for response in samples.values():
        assert 0.0 <= adapter.score(response) <= 1.0
    result = adapter.extract(samples[name])
    assert isinstance(result, Extraction) and result.adapter == name
    assert result.parsed is not None or result.links, "an adapter yields a document or links"
    assert all(link.url.startswith("http") and "#" not in link.url for link in result.links)
    with pytest.raises(ReaderError):
        adapter.extract(_response(b"\x00\x01\x02\x03" * 64, ctype="text/html"))


def test_each_sample_selects_its_adapter(shared: Path) -> None:
    for name, response in _samples(shared).items():
        assert select(response).name == name


def test_nothing_selects_for_binary_junk() -> None:
    with pytest.raises(ReaderError, match="no adapter"):
        select(_response(b"\x00\x01\x02\x03" * 64))


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_local_government_page_with_attachments(server: Loopback, shared: Path, db: Path) -> None:
    pdf = (shared / "corpus" / "pdf" / "shanghai-social-credit-regulations-2017_multipage.pdf").read_bytes()
    form = _docx(["信用修复申请书", "申请人名称：＿＿＿＿", "申请修复的失信信息：＿＿＿＿",
                  "本单位承诺已纠正失信行为。"])
    server.add("/zwgk/2022/xybf.html", data_text("govpage_local.html"), ctype="text/html")
    server.add("/files/xinyong-banfa.pdf", pdf, ctype="application/octet-stream")
    server.add("/files/shenqingshu.docx", form, ctype="application/msword")
    server.add("/files/chengnuoshu.doc", word_doc([("信用承诺书\r本单位承诺依法诚信经营。\r", False)]),
               ctype="application/octet-stream")
    report = api.fetch([server.url("/zwgk/2022/xybf.html")], db=db, options=OPTS)
    by_kind = {i.kind: i for i in report.items}
    assert [i.outcome for i in report.items] == ["added"] * 4, report.items
    page = api.show(str(by_kind["page"].doc_id), db=db)
    assert page["title"] == "滨江市人民政府办公室关于印发滨江市信用修复工作办法的通知"
    assert page["issuer"] == "滨江市人民政府办公室" and page["doc_number"] == "滨政办发〔2022〕12号"
    assert page["date"] == "2022-05-18" and page["meta"]["adapter"] == "scsmine.web.govpage.v1"
    with Corpus.open(db) as corpus:
        text = corpus.document(str(by_kind["page"].doc_id)).text
        assert "第三条 信用主体申请信用修复" in text and "各区人民政府" in text
        assert not any(junk in text for junk in ("互动交流", "分享", "网站地图", "索引号"))
        children = [corpus.document(str(i.doc_id)) for i in report.items if i.kind == "attachment"]
    assert {c.format for c in children} == {"pdf", "docx", "doc"}
    for child in children:
        assert child.meta["parent_id"] == by_kind["page"].doc_id and child.meta["relation"] == "attachment"
        assert child.issuer == "滨江市人民政府办公室" and child.doc_number == "滨政办发〔2022〕12号"
    assert any("信用修复申请书" in c.text for c in children)
    assert any("本单位承诺依法诚信经营。" in c.text and c.parser == "scsmine.doc.v1" for c in children)
    assert any("社会信用" in c.text for c in children)  # the PDF's own text


def test_govcn_page_stores_doc_number_date_and_articles(server: Loopback, govcn: dict[str, GovPage], db: Path) -> None:
    page = govcn["000014349/2019-00007"]
    server.add("/zhengce/content/2019-02/15/content_5365945.htm", govcn_page(page.fragment))
    report = api.fetch([server.url("/zhengce/content/2019-02/15/content_5365945.htm")], db=db, options=OPTS)
    doc = api.show(str(report.items[0].doc_id), db=db)
    assert doc["doc_number"] == "国发〔2019〕5号" and doc["date"] == "2019-02-15" and doc["issuer"] == "国务院"
    assert doc["meta"]["index_number"] == "000014349/2019-00007" and doc["meta"]["date_written"] == "2019-01-27"
    assert doc["level"] == "national" and doc["origin"] == "domestic" and doc["lang"] == "zh"
    texts = [p["text"] for p in doc["passages"]]
    assert len(texts) > 10 and any("双随机、一公开" in t for t in texts)
    assert not any("运行维护单位" in t or "首页" in t for t in texts)  # site chrome is not a passage


def test_feed_stores_each_article_without_boilerplate(server: Loopback, db: Path) -> None:
    server.add("/feed.xml", data_text("rss.xml", server.base), ctype="text/plain")  # a lying Content-Type
    server.add("/news/credit-pilots.html", data_text("article_en.html"))
    server.add("/news/credit-repair.html", data_text("article_zh.html"))
    report = api.fetch(feed=[server.url("/feed.xml")], db=db, options=OPTS, origin="foreign")
    assert [i.outcome for i in report.items] == ["followed", "added", "added"]
    with Corpus.open(db) as corpus:
        en, zh = (corpus.document(str(i.doc_id)) for i in report.items[1:])
    assert en.title == "Inside the credit pilots: how one city scores its companies"
    assert en.date == "2021-03-14" and en.meta["author"] == "Mara Lindqvist" and en.lang == "en"
    assert en.origin == "foreign" and en.meta["feed"] == "Harbour Ledger: China"
    assert "dishonest judgment debtors" in en.text and "challenge their listing" in en.text
    for junk in ("Most read", "Share on Twitter", "Subscribe", "Cookie settings", "Celebrity chef"):
        assert junk not in en.text
    assert "信用修复渠道" in zh.text and zh.lang == "zh" and zh.date == "2021-12-20"
    for junk in ("阅读排行", "分享到", "下载客户端", "版权所有", "赏花地"):
        assert junk not in zh.text


def test_atom_feed(server: Loopback, db: Path) -> None:
    server.add("/atom.xml", data_text("atom.xml", server.base), ctype="application/atom+xml")
    server.add("/news/credit-pilots.html", data_text("article_en.html"))
    report = api.fetch(feed=[server.url("/atom.xml")], db=db, options=OPTS)
    assert [i.outcome for i in report.items] == ["followed", "added"]


def test_lying_content_types(server: Loopback, shared: Path, db: Path) -> None:
    pdf = (shared / "corpus" / "pdf" / "spc-dishonest-judgment-debtor-list-provisions-2013_table.pdf").read_bytes()
    server.add("/doc.html", pdf, ctype="text/html; charset=utf-8")
    server.add("/page.bin", data_text("article_en.html"), ctype="application/octet-stream")
    server.add("/page.json", data_text("article_zh.html").encode("gbk"), ctype="application/json; charset=utf-8")
    report = api.fetch([server.url(p) for p in ("/doc.html", "/page.bin", "/page.json")], db=db, options=OPTS)
    assert [i.outcome for i in report.items] == ["added"] * 3, report.items
    with Corpus.open(db) as corpus:
        pdf_doc, en, zh = (corpus.document(str(i.doc_id)) for i in report.items)
    assert pdf_doc.format == "pdf" and "失信被执行人" in pdf_doc.text
    assert en.format == "html" and "municipal credit office" in en.text
    assert "信用修复" in zh.text and "\ufffd" not in zh.text


def test_sitemap_lists_pages(server: Loopback, db: Path) -> None:
    server.add("/sitemap.xml", data_text("sitemap.xml", server.base), ctype="application/xml")
    server.add("/news/credit-pilots.html", data_text("article_en.html"))
    server.add("/news/credit-repair.html", data_text("article_zh.html"))
    report = api.fetch(sitemap=[server.url("/sitemap.xml")], match=r"/news/", db=db, options=OPTS)
    assert [i.outcome for i in report.items] == ["followed", "added", "added"]
    assert "/about.html" not in [e.path for e in server.log]


def test_legacy_word_doc_text() -> None:
    data = word_doc([("Annex 1\r", True), ("信用修复申请书\r申请人：\x13 MERGEFIELD name \x14某某公司\x15\r", False),
                     ("\rEnd of form.\x07\r", True)])
    parsed = read_doc(data, "form.doc")
    assert [b.text for b in parsed.blocks] == ["Annex 1", "信用修复申请书", "申请人：某某公司", "End of form."]
    assert parsed.parser == "scsmine.doc.v1"
    with pytest.raises(ReaderError, match="not an OLE"):
        read_doc(b"\xd0\xcf\x11\xe0 not really", "broken.doc")

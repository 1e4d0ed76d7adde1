"""Done-when checks of the foundation issue for PDFs, after segmentation into passages.

Each PDF is a rendering of a Markdown law in the shared corpus: every article
passage of the PDF must equal the Markdown's article (whitespace aside), in
order, and page furniture must never appear inside a passage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scsmine import api

PAIRS = [
    ("pdf-sh-scs-reg-2017", "sh-scs-reg-2017", 56),
    ("pdf-ent-info-disclosure-reg-2014", "ent-info-disclosure-reg-2014", 25),
    ("pdf-spc-dishonest-list-2013", "spc-dishonest-list-2013", 7),
]
FURNITURE = re.compile(r"第\s*\d+\s*页|共\s*\d+\s*页|rendering|WeasyPrint|not an official", re.I)


def _articles(db: Path, doc_id: str) -> dict[str, str]:
    """Article label → text (article and its sentence-group continuations), whitespace removed."""
    out: dict[str, str] = {}
    for p in api.show(doc_id, db=db)["passages"]:
        if p["kind"] in ("article", "sentence_group") and p["label"]:
            out[p["label"]] = out.get(p["label"], "") + re.sub(r"\s+", "", p["text"])
    return out


@pytest.mark.parametrize(("pdf_id", "md_id", "n"), PAIRS)
def test_pdf_articles_equal_the_markdown_articles(shared_db: Path, pdf_id: str, md_id: str, n: int) -> None:
    pdf, md = _articles(shared_db, pdf_id), _articles(shared_db, md_id)
    assert len(pdf) == len(md) == n
    assert list(pdf) == list(md)  # same labels in the same order
    for label in md:
        assert pdf[label] == md[label], label


def test_shanghai_pdf_articles_carry_their_chapters(shared_db: Path) -> None:
    passages = api.show("pdf-sh-scs-reg-2017", db=shared_db)["passages"]
    articles = [p for p in passages if p["kind"] == "article"]
    assert len(articles) == 56
    assert articles[0]["label"] == "第一条" and articles[0]["heading"].startswith("第一章")
    assert articles[-1]["label"] == "第五十六条" and articles[-1]["heading"].startswith("第八章")


@pytest.mark.parametrize("pdf_id", [p[0] for p in PAIRS] + ["pdf-klabisch-2018"])
def test_no_page_furniture_inside_passages(shared_db: Path, pdf_id: str) -> None:
    for p in api.show(pdf_id, db=shared_db)["passages"]:
        assert not FURNITURE.search(p["text"]), p["text"][:80]
        assert "(cid:" not in p["text"] and "\ufffd" not in p["text"]


def test_two_column_pdf_keeps_sentences_in_reading_order(shared_db: Path, shared: Path) -> None:
    """Every sentence of the Markdown law appears whole in one passage of the two-column PDF."""
    source = shared / "corpus" / "raw" / "laws" / "enterprise-information-disclosure-interim-regulations-2014.md"
    text = re.sub(r"\s+", "", source.read_text("utf-8"))
    sentences = [s for s in re.findall(r"[^。；]+[。；]", text.split("第一条", 1)[1]) if len(s) >= 15]
    pdf_text = [
        re.sub(r"\s+", "", p["text"]) for p in api.show("pdf-ent-info-disclosure-reg-2014", db=shared_db)["passages"]
    ]
    missing = [s for s in sentences if not any(s in t for t in pdf_text)]
    assert len(sentences) > 40 and missing == []

"""A small synthetic, tagged corpus for report tests (text written for these tests).

Eleven documents: domestic and foreign, in Chinese and English, 2014–2022,
with a seeded mix of words so that each group has its own vocabulary.
Two taggers: ``test.full.v1`` tags every passage, ``test.half.v1`` every
other one, so the default tagger is ``test.full.v1``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scsmine.core.models import Document, Passage, Tag, doc_key, passage_key
from scsmine.normalize import index_tokens
from scsmine.store import Corpus

WORDS = {
    ("zh", "domestic"): [
        "诚信",
        "守信",
        "联合惩戒",
        "失信被执行人",
        "信用修复",
        "营商环境",
        "市场主体",
        "依法",
        "推进",
        "完善",
        "建设",
        "社会信用",
    ],
    ("zh", "foreign"): [
        "监控",
        "隐私",
        "人脸识别",
        "奥威尔",
        "批评",
        "控制",
        "异见",
        "黑名单",
        "社会信用",
        "评分",
        "担忧",
        "数据",
    ],
    ("en", "domestic"): [
        "sincerity",
        "trustworthiness",
        "market",
        "order",
        "honesty",
        "enterprises",
        "improve",
        "build",
        "governance",
        "law",
        "credit",
        "repair",
        "reward",
    ],
    ("en", "foreign"): [
        "surveillance",
        "privacy",
        "orwellian",
        "control",
        "dissent",
        "blacklist",
        "score",
        "fear",
        "critics",
        "judgment",
        "defaulter",
        "algorithm",
    ],
}
COMMON = {
    "zh": ["的", "和", "在", "信用", "体系", "制度", "管理", "信息"],
    "en": ["the", "and", "of", "credit", "system", "social", "information", "data"],
}
DOCS: list[dict[str, Any]] = [
    {
        "title": "某省社会信用条例",
        "origin": "domestic",
        "lang": "zh",
        "doc_type": "local_rule",
        "level": "provincial",
        "jurisdiction": "Zhejiang",
        "date": "2017-09-30",
        "n": 3 * 14,
    },
    {
        "title": "某市信用促进条例",
        "origin": "domestic",
        "lang": "zh",
        "doc_type": "local_rule",
        "level": "municipal",
        "jurisdiction": "Shenzhen",
        "date": "2020-01-05",
        "n": 3 * 12,
    },
    {
        "title": "关于推进诚信建设的意见",
        "origin": "domestic",
        "lang": "zh",
        "doc_type": "central_policy",
        "level": "national",
        "date": "2014-06-14",
        "n": 3 * 16,
    },
    {
        "title": "某部门信用管理办法",
        "origin": "domestic",
        "lang": "zh",
        "doc_type": "ministry_rule",
        "level": "national",
        "date": "2019-03-01",
        "n": 3 * 10,
    },
    {
        "title": "State media on credit",
        "origin": "domestic",
        "lang": "en",
        "doc_type": "media_article",
        "level": "national",
        "date": "2019-05-01",
        "n": 3 * 12,
        "url": "https://example.org/state-media",
    },
    {
        "title": "Building trust",
        "origin": "domestic",
        "lang": "en",
        "doc_type": "media_article",
        "date": "2021-02-02",
        "n": 3 * 12,
    },
    {
        "title": "Scoring citizens",
        "origin": "foreign",
        "lang": "en",
        "doc_type": "analysis",
        "date": "2018-07-01",
        "n": 3 * 14,
        "url": "https://example.org/scoring",
    },
    {
        "title": "The blacklist state",
        "origin": "foreign",
        "lang": "en",
        "doc_type": "analysis",
        "date": "2020-10-10",
        "n": 3 * 13,
    },
    {
        "title": "Credit and control",
        "origin": "foreign",
        "lang": "en",
        "doc_type": "media_article",
        "date": None,
        "n": 3 * 11,
    },
    {
        "title": "外国媒体评论",
        "origin": "foreign",
        "lang": "zh",
        "doc_type": "media_article",
        "date": "2019-11-11",
        "n": 3 * 12,
    },
    {"title": "海外分析", "origin": "foreign", "lang": "zh", "doc_type": "analysis", "date": "2022-04-04", "n": 3 * 12},
]
DRIVERS = ("finance", "commercial_sincerity", "government_accountability", "individual_behaviour")
FRAMES = ("trust_building", "market_order", "rule_of_law", "surveillance_privacy", "political_control")


def _passage_words(rng: random.Random, lang: str, origin: str) -> list[str]:
    own = WORDS[(lang, origin)]
    return [rng.choice(own) if rng.random() < 0.55 else rng.choice(COMMON[lang]) for _ in range(rng.randint(12, 30))]


def _document(i: int, meta: dict[str, Any], rng: random.Random) -> tuple[Document, list[Passage]]:
    sep = "" if meta["lang"] == "zh" else " "
    words = [_passage_words(rng, meta["lang"], meta["origin"]) for _ in range(meta["n"])]
    texts = [sep.join(w) + ("。" if meta["lang"] == "zh" else ".") for w in words]
    text = "\n\n".join(texts)
    did = doc_key(text)
    raw = text.encode("utf-8")
    doc = Document(
        id=did,
        text=text,
        title=meta["title"],
        manifest_id=f"syn-{i:02d}",
        date=meta.get("date"),
        doc_type=meta["doc_type"],
        level=meta.get("level"),
        jurisdiction=meta.get("jurisdiction"),
        origin=meta["origin"],
        lang=meta["lang"],
        url=meta.get("url"),
        source="written for tests",
        issuer="Test issuer",
        sha256=hashlib.sha256(raw).hexdigest(),
        parser="test",
        parser_version="1",
        ingested_at="2024-01-01T00:00:00+00:00",
    )
    passages, pos = [], 0
    for k, (t, w) in enumerate(zip(texts, words, strict=True)):
        passages.append(
            Passage(
                id=passage_key(did, k),
                doc_id=did,
                ordinal=k,
                kind="paragraph",
                start=pos,
                end=pos + len(t),
                text=t,
                lang=meta["lang"],
                label=f"¶{k + 1}",
                tokens=" ".join(x.lower() for x in w),
            )
        )
        pos += len(t) + 2
    return doc, passages


def _tags(p: Passage, origin: str, tagger: str, rng: random.Random) -> list[Tag]:
    bias = 0.6 if origin == "foreign" else 0.2
    out = []
    for j, label in enumerate(DRIVERS):
        if rng.random() < (bias if j == 3 else 0.25):
            out.append(Tag(p.id, "driver", label, round(rng.random(), 3), tagger, "1.0", "1.1", ("cue",)))
    for j, label in enumerate(FRAMES):
        if rng.random() < (bias if j >= 3 else 0.5 - bias / 2):
            out.append(Tag(p.id, "frame", label, round(rng.random(), 3), tagger, "1.0", "1.1"))
    tone = "negative" if rng.random() < bias else rng.choice(["positive", "neutral"])
    out.append(Tag(p.id, "tone", tone, round(rng.random(), 3), tagger, "1.0", "1.1"))
    return out


def build_corpus(path: Path) -> Path:
    """Write the synthetic corpus and its tags into a new database at ``path``."""
    rng = random.Random(7)
    with Corpus.open(path) as corpus:
        for i, meta in enumerate(DOCS):
            doc, passages = _document(i, meta, rng)
            index = [" ".join(index_tokens(p.text)) for p in passages]
            corpus.add_document(doc, passages, index, raw=doc.text.encode("utf-8"), locator=f"synthetic/{i}")
            for tagger, every in (("test.full.v1", 1), ("test.half.v1", 2)):
                tagged = [(p, _tags(p, meta["origin"], tagger, rng)) for p in passages if p.ordinal % every == 0]
                corpus.add_tags(tagged, tagger=tagger, tagger_version="1.0", codebook_version="1.1")
    return path


@pytest.fixture(scope="session")
def synth_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the synthetic corpus (built once per session; do not modify)."""
    return build_corpus(tmp_path_factory.mktemp("synth") / "synth.db")


@pytest.fixture(scope="session")
def framing_dir(tmp_path_factory: pytest.TempPathFactory, synth_db: Path) -> Path:
    """The framing report of the synthetic corpus (built once per session)."""
    from scsmine import api

    out = tmp_path_factory.mktemp("framing") / "report"
    api.report_framing(out=out, db=synth_db)
    return out


@pytest.fixture
def synth(synth_db: Path) -> Iterator[Corpus]:
    """The synthetic corpus, open."""
    corpus = Corpus.open(synth_db, readonly=True)
    yield corpus
    corpus.close()

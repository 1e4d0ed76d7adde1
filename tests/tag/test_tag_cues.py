"""Cue matching semantics: globs, multi-word entries, word edges, scripts, weights."""

from __future__ import annotations

import pytest

from scsmine.tag.codebook import parse_codebook
from scsmine.tag.cues import CueMatcher

BOOK = """
drivers:
  finance:
    en: [loan*, credit report*, "p2p"]
    zh: [征信, 限制*消费]
    weak:
      en: [bank]
  individual_behaviour:
    en: ["citizen?"]
    zh: [个人信用]
"""


@pytest.fixture(scope="module")
def matcher() -> CueMatcher:
    book, problems = parse_codebook(BOOK, "t.yaml")
    assert book is not None, problems
    return CueMatcher(book, "driver")


def test_glob_and_word_edges(matcher: CueMatcher) -> None:
    hits = matcher.hits("Loans and LOANING, but not sloan or 'calendar'.")
    assert hits.evidence == {"finance": ("loans",)}  # each distinct cue counts once
    assert matcher.hits("sloan calendar").scores == {}


def test_multi_word_matches_hyphen_and_spaces(matcher: CueMatcher) -> None:
    assert matcher.hits("credit-reporting firms").evidence["finance"] == ("credit reporting",)
    assert matcher.hits("credit   reports").evidence["finance"] == ("credit reports",)


def test_question_mark_is_one_character(matcher: CueMatcher) -> None:
    assert matcher.hits("citizens").evidence == {"individual_behaviour": ("citizens",)}
    assert matcher.hits("citizen").evidence == {}


def test_chinese_substring_traditional_and_inner_wildcard(matcher: CueMatcher) -> None:
    hits = matcher.hits("個人信用與徵信；限制高消费")
    assert hits.evidence == {"individual_behaviour": ("个人信用",), "finance": ("征信", "限制高消费")}


def test_weights_and_distinct_cues(matcher: CueMatcher) -> None:
    hits = matcher.hits("bank bank loan loan")
    assert hits.scores == {"finance": 1.5}
    rows = matcher.matrix(["bank", "nothing here", "P2P lending"])
    finance = matcher.labels.index("finance")
    assert rows[:, finance].tolist() == [0.5, 0.0, 1.0]
    assert rows.sum() == 1.5


def test_mixed_script_text(matcher: CueMatcher) -> None:
    hits = matcher.hits("The 征信 centre (credit reference) serves citizens")
    assert hits.scores == {"finance": 1.0, "individual_behaviour": 1.0}

"""Normalisation: clean-up, script, language, tokens, segmentation invariants."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scsmine.core.models import Block
from scsmine.normalize import (
    clean,
    clean_line,
    detect_lang,
    index_tokens,
    query_tokens,
    segment,
    to_simplified,
    tokens,
    user_words,
)

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@given(TEXT)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert "\x00" not in once and "\u200b" not in once


def test_clean_maps_fullwidth_ascii_but_keeps_chinese_punctuation() -> None:
    assert clean_line("ＳＣＳ　２０１４年，信用。") == "SCS 2014年，信用。"
    assert clean_line("a\x00b\u200bc\r\nd") == "abc\nd"


@given(st.lists(st.tuples(st.sampled_from(["heading", "paragraph"]), TEXT), max_size=12))
@example(items=[("heading", "0" * 59 + " 0")])  # a hard cut after a space once kept the space
@settings(max_examples=150, deadline=None)
def test_segment_offsets_rebuild_the_text(items: list[tuple[str, str]]) -> None:
    blocks = [Block(kind, text, level=2 if kind == "heading" else 0) for kind, text in items]
    text, segments = segment(blocks, "zh", max_zh=60, max_en=120)
    for s in segments:
        assert 0 <= s.start < s.end <= len(text)
        piece = text[s.start : s.end]
        assert piece == piece.strip()
    starts = [s.start for s in segments]
    assert starts == sorted(starts)
    assert clean(text) == text or not text.strip()


def test_long_article_is_split_at_sentence_ends() -> None:
    sentence = "信用主体有权依法查询本人的信用信息并提出异议。"
    blocks = [Block("paragraph", "第五条 " + sentence * 40)]
    text, segments = segment(blocks, "zh", max_zh=600)
    assert [s.label for s in segments] == ["第五条"] * len(segments)
    assert segments[0].kind == "article" and all(s.kind == "sentence_group" for s in segments[1:])
    assert all(s.end - s.start <= 600 for s in segments)
    assert all(text[s.end - 1] == "。" for s in segments)


def test_ten_megabyte_single_line_is_cut_into_bounded_passages() -> None:
    line = "word " * 2_000_000  # 10 MB, one line, no sentence end
    _, segments = segment([Block("paragraph", line)], "en", max_en=1200)
    assert len(segments) > 8000
    assert max(s.end - s.start for s in segments) <= 1200


def test_simplified_and_language() -> None:
    assert to_simplified("誠信體系") == "诚信体系"
    assert to_simplified("social credit") == "social credit"
    assert detect_lang("社会信用体系建设规划纲要") == "zh"
    assert detect_lang("The social credit system (社会信用体系) is not one score.") == "en"
    assert detect_lang("12345 ...") == "und"


def test_tokens_use_the_scs_user_dictionary() -> None:
    words = tokens("对失信被执行人实施联合惩戒，推进信用修复。", "zh")
    assert "失信被执行人" in words and "联合惩戒" in words and "信用修复" in words
    assert tokens("Credit Scores, and blacklists!", "en") == ["credit", "scores", "and", "blacklists"]


def test_segmenter_gives_jiebas_tokens_on_the_shared_laws(shared) -> None:  # type: ignore[no-untyped-def]
    """rjieba (jieba-rs) with the user dictionary cuts exactly like jieba with the same dictionary."""
    reference = jieba.Tokenizer()
    for word, freq, tag in user_words():
        reference.add_word(word, freq, tag)
    laws = sorted((shared / "corpus" / "raw" / "laws").glob("*.md"))[:6]
    compared = 0
    for path in laws:
        for line in path.read_text("utf-8").splitlines():
            if len(line) < 20:
                continue
            expected = [t.lower() for t in reference.cut(line) if any(ch.isalnum() for ch in t)]
            assert tokens(line, "zh") == expected, line
            compared += 1
    assert compared > 200


def test_index_and_query_tokens_make_phrases() -> None:
    assert index_tokens("社会信用体系") == ["社会", "会信", "信用", "用体", "体系", "系"]
    assert query_tokens("信用体系") == (["信用", "用体", "体系"], False)
    assert query_tokens("信") == (["信"], True)
    assert query_tokens('"social" (credit) OR') == (["social", "credit", "or"], False)
    assert query_tokens("誠信")[0] == ["诚信"]


@pytest.mark.parametrize("query", ['"', "()", "*", "NEAR(", "AND OR NOT", "'; DROP TABLE passages;--"])
def test_query_tokens_never_contain_fts_syntax(query: str) -> None:
    toks, _ = query_tokens(query)
    assert all('"' not in t and "(" not in t and "*" not in t for t in toks)

"""One contract test over every registered tagger (STYLE.md §9-10)."""

from __future__ import annotations

import pytest

from scsmine.core.models import Passage
from scsmine.core.protocols import Tagger
from scsmine.tag.codebook import DEFAULT_LABELS
from scsmine.tag.taggers import DEFAULT_TAGGER, TAGGERS, DictionaryTagger, LinearTagger, make_tagger

TEXTS = [
    ("p1", "失信被执行人被限制乘坐飞机，法院依法将其纳入名单。", "zh"),
    ("p2", "Companies with poor compliance records face more inspections and higher taxes.", "en"),
    ("p3", "誠信建設需要全社會共同參與，徵信機構應當保護個人隱私。", "zh"),
    ("p4", "!!!", "und"),
]


def _passages() -> list[Passage]:
    return [Passage(pid, "doc", i, "paragraph", 0, len(t), t, lang) for i, (pid, t, lang) in enumerate(TEXTS)]


def test_default_is_registered() -> None:
    assert DEFAULT_TAGGER in TAGGERS
    assert TAGGERS.names() == ["scsmine.cue_dict.v1", "scsmine.linear.v1"]


@pytest.mark.parametrize("name", TAGGERS.names())
def test_contract(name: str) -> None:
    tagger = make_tagger(name)
    assert isinstance(tagger, Tagger)
    assert tagger.name == name and tagger.version and tagger.codebook_version == "1.1"
    passages = _passages()
    first = tagger.tag(passages)
    assert first == tagger.tag(passages)  # pure and deterministic
    assert len(first) == len(passages)
    for passage, tags in zip(passages, first, strict=True):
        tones = [t for t in tags if t.kind == "tone"]
        assert len(tones) == 1 and tones[0].label in DEFAULT_LABELS["tone"]
        for t in tags:
            assert t.passage_id == passage.id
            assert t.label in DEFAULT_LABELS[t.kind]
            assert (t.tagger, t.tagger_version, t.codebook_version) == (name, tagger.version, "1.1")
            assert 0.0 <= t.score <= 1.0
            assert isinstance(t.evidence, tuple)


@pytest.mark.parametrize("name", TAGGERS.names())
def test_sklearn_conventions(name: str) -> None:
    tagger = make_tagger(name)
    assert tagger.fit() is tagger  # type: ignore[attr-defined]
    learned = [k for k in vars(tagger) if k.endswith("_")]
    assert learned, "learned attributes end in _"


def test_dictionary_tags_quote_their_cues() -> None:
    tags = DictionaryTagger().tag(_passages()[:1])[0]
    driver = {t.label: t for t in tags if t.kind == "driver"}
    assert "失信被执行人" in driver["individual_behaviour"].evidence


def test_linear_tags_have_probabilities_and_evidence() -> None:
    tags = LinearTagger().tag(_passages()[:1])[0]
    drivers = {t.label: t for t in tags if t.kind == "driver"}
    assert "individual_behaviour" in drivers
    assert drivers["individual_behaviour"].evidence


def test_classify_rows_follow_the_interface() -> None:
    row = LinearTagger().classify(["Loans and credit reports."])[0].as_row("x")
    assert list(row) == ["id", "drivers", "driver_scores", "frames", "frame_scores", "tone", "tone_scores"]
    assert set(row["driver_scores"]) == set(DEFAULT_LABELS["driver"])
    assert set(row["frame_scores"]) == set(DEFAULT_LABELS["frame"])
    assert set(row["tone_scores"]) == set(DEFAULT_LABELS["tone"])
    assert abs(sum(row["tone_scores"].values()) - 1.0) < 1e-3
    assert row["tone"] == max(row["tone_scores"], key=row["tone_scores"].get)


def test_traditional_and_simplified_agree() -> None:
    tagger = LinearTagger()
    simple, trad = tagger.classify(["征信机构应当依法采集个人信贷信息。", "徵信機構應當依法採集個人信貸信息。"])
    assert simple.drivers == trad.drivers
    assert abs(simple.scores["driver"]["finance"] - trad.scores["driver"]["finance"]) < 0.05

"""The codebook as data: the packaged default, checks with line and fix, LIWC import."""

from __future__ import annotations

from pathlib import Path

import pytest

from scsmine.core.errors import CodebookError
from scsmine.tag.codebook import DEFAULT_LABELS, check_codebook, default_codebook, load_codebook, parse_codebook


def test_default_codebook_is_valid_and_complete() -> None:
    book = default_codebook()
    assert book.version == "1.1"
    assert book.labels == DEFAULT_LABELS
    for kind in ("driver", "frame"):
        for label in DEFAULT_LABELS[kind]:
            cues = [c for c in book.cues_of(kind) if c.label == label]
            assert {c.lang for c in cues} == {"zh", "en"}, label
            assert label in book.definitions
    assert set(book.as_quanteda()) == {"drivers", "frames", "tone"}


def test_default_file_passes_check() -> None:
    path = Path(__file__).resolve().parents[2] / "scsmine" / "tag" / "data" / "codebook.yaml"
    assert check_codebook(path) == []


def _problems(text: str) -> list[str]:
    book, problems = parse_codebook(text, "book.yaml")
    assert book is None
    return [str(p) for p in problems]


def test_unknown_key_names_line_and_suggests_fix() -> None:
    problems = _problems("drivers:\n  finanse:\n    en: [loan*]\n")
    assert problems == ["book.yaml:2: unknown key 'finanse' under drivers; did you mean 'finance'?"]


def test_unknown_top_level_and_leaf_keys() -> None:
    problems = _problems("driver:\n  finance: [loan]\nframes:\n  market_order:\n    cn: [营商环境]\n")
    assert "book.yaml:1: unknown key 'driver' under the top level" in problems[0]
    assert "book.yaml:5: unknown key 'cn' under frames.market_order" in problems[1]


def test_cue_in_two_categories() -> None:
    problems = _problems("drivers:\n  finance: [征信, loan*]\n  commercial_sincerity:\n    - 企业\n    - 征信\n")
    assert len(problems) == 1
    assert problems[0].startswith("book.yaml:5: cue '征信' under drivers.commercial_sincerity is also under finance")
    assert "keep each cue in one category" in problems[0]


def test_same_cue_in_driver_and_frame_groups_is_allowed() -> None:
    book, problems = parse_codebook("drivers:\n  finance: [信贷]\nframes:\n  market_order: [信贷]\n", "b.yaml")
    assert problems == [] and book is not None


@pytest.mark.parametrize("cue, message", [
    ('"loan("', "regex characters"),
    ('"**"', "double wildcard"),
    ('"*"', "only wildcards"),
    ('""', "empty cue"),
    ('" loan"', "stray spaces"),
])
def test_bad_patterns(cue: str, message: str) -> None:
    problems = _problems(f"drivers:\n  finance: [{cue}]\n")
    assert len(problems) == 1 and "book.yaml:2:" in problems[0] and message in problems[0]


def test_yaml_syntax_error_names_line() -> None:
    problems = _problems("drivers:\n  finance: [loan\n  other: x\n")
    assert problems[0].startswith("book.yaml:") and "not valid YAML" in problems[0]


def test_custom_labels_and_version(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("meta:\n  version: '2.0-lab'\n  labels:\n    drivers:\n      housing: Housing credit\n"
                    "drivers:\n  housing:\n    zh: [公积金]\n    en: [housing fund]\n", encoding="utf-8")
    book = load_codebook(path)
    assert book.version == "2.0-lab"
    assert book.labels["driver"] == ("housing",)
    assert book.labels["frame"] == DEFAULT_LABELS["frame"]


def test_plain_quanteda_dictionary_gets_hash_version(tmp_path: Path) -> None:
    path = tmp_path / "plain.yml"
    path.write_text("drivers:\n  finance:\n    - credit report*\n    - 征信\n", encoding="utf-8")
    book = load_codebook(path)
    assert book.version.startswith("custom-")
    assert [c.pattern for c in book.cues] == ["credit report*", "征信"]


def test_traditional_cues_are_simplified(tmp_path: Path) -> None:
    book, _ = parse_codebook("drivers:\n  finance: [徵信, 貸款]\n", "t.yaml")
    assert book is not None and [c.pattern for c in book.cues] == ["征信", "贷款"]


def test_load_raises_codebook_error_with_hint(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("drivers:\n  finanse: [loan]\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert "bad.yaml:2" in err.value.message and "codebook check" in err.value.hint
    with pytest.raises(CodebookError):
        load_codebook(tmp_path / "missing.yaml")


def test_liwc_import(tmp_path: Path) -> None:
    path = tmp_path / "scs.dic"
    path.write_text("%\n1\tfinance\n2\tframes/market_order\n%\n征信\t1\nloan*\t1\nbusiness environment\t2\n",
                    encoding="utf-8")
    book = load_codebook(path)
    assert book.version.startswith("liwc-")
    assert {(c.pattern, c.kind, c.label) for c in book.cues} == {
        ("征信", "driver", "finance"), ("loan*", "driver", "finance"),
        ("business environment", "frame", "market_order")}


def test_liwc_errors_name_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.dic"
    path.write_text("%\n1\tfinanse\n%\nloan\t1\nbank\t3\nnothing\n", encoding="utf-8")
    problems = [str(p) for p in check_codebook(path)]
    assert any(":2: category 'finanse' is not a codebook label" in p for p in problems)
    assert any(":5: category number 3 is not declared" in p for p in problems)
    assert any(":6: entry 'nothing' has no category number" in p for p in problems)

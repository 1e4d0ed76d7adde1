"""The tagging commands through the CLI: classify's interface and bad input, help texts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scsmine.cli import app

GOOD = [
    {"id": "a", "text": "征信机构依法采集个人信贷信息。", "lang": "zh"},
    {"id": 2, "text": "Judgment defaulters cannot buy plane tickets."},
    {"id": "c", "text": "社會信用體系與 credit reports 混合 text。"},
]


def run(*args: object, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_classify_all_good(tmp_path: Path) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(r, ensure_ascii=False) for r in GOOD])
    result = run("classify", src, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "2", "c"]
    assert "finance" in rows[0]["drivers"]
    assert "individual_behaviour" in rows[1]["drivers"]
    for r in rows:
        assert set(r) == {"id", "drivers", "driver_scores", "frames", "frame_scores", "tone", "tone_scores"}
        assert r["tone"] in ("positive", "neutral", "negative")


def test_classify_reports_bad_lines_and_keeps_good_ones(tmp_path: Path) -> None:
    lines = [json.dumps(GOOD[0], ensure_ascii=False), '{"id": "e", "text": "   "}', "{broken json",
             '{"text": "no id"}', '{"id": "n"}', json.dumps({"id": "big", "text": "信" * 1_048_576}),
             json.dumps(GOOD[1])]
    src = _write(tmp_path / "in.jsonl", lines)
    result = run("classify", src, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 1
    out = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert out == ["a", "2"]
    err = result.output
    assert "line 2: field 'text' of id e is empty or whitespace" in err
    assert "line 3: not valid JSON" in err
    assert "line 4: field 'id' is missing" in err
    assert "line 5: field 'text' is missing" in err
    assert "line 6: field 'text' of id big has 1,048,576 characters" in err
    assert "classified 2 passages; 5 lines failed" in err


def test_classify_csv_in_and_out(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "lang"])
        writer.writeheader()
        writer.writerows(GOOD)
    result = run("classify", src, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert "finance" in rows[0]["drivers"].split("|")
    assert json.loads(rows[0]["driver_scores"])["finance"] > 0.5


def test_classify_usage_errors(tmp_path: Path) -> None:
    assert run("classify", tmp_path / "missing.jsonl").exit_code == 2
    (tmp_path / "in.csv").write_text("ident,body\n1,x\n", encoding="utf-8")
    result = run("classify", tmp_path / "in.csv")
    assert result.exit_code == 2 and "no id or text column" in result.output
    assert run("classify", tmp_path / "in.csv", "--tagger", "nope.v1").exit_code == 1


def test_classify_stdout_and_dictionary_tagger(tmp_path: Path) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(GOOD[0], ensure_ascii=False)])
    result = CliRunner().invoke(app, ["classify", str(src), "--tagger", "scsmine.cue_dict.v1"])
    assert result.exit_code == 0
    assert "finance" in json.loads(result.stdout.splitlines()[0])["drivers"]


def test_codebook_check_command(tmp_path: Path) -> None:
    bad = tmp_path / "b.yaml"
    bad.write_text("drivers:\n  finanse: [loan]\n", encoding="utf-8")
    result = run("codebook", "check", bad)
    assert result.exit_code == 1
    assert "b.yaml:2: unknown key 'finanse' under drivers; did you mean 'finance'?" in result.output
    good = tmp_path / "g.yaml"
    good.write_text("drivers:\n  finance: [loan]\n", encoding="utf-8")
    assert run("codebook", "check", good).exit_code == 0


def test_codebook_option_with_dictionary_tagger(tmp_path: Path) -> None:
    book = tmp_path / "mine.yaml"
    book.write_text("drivers:\n  finance: [widget*]\n", encoding="utf-8")
    src = _write(tmp_path / "in.jsonl", [json.dumps({"id": "w", "text": "Widgets everywhere."})])
    result = CliRunner().invoke(app, ["classify", str(src), "--tagger", "scsmine.cue_dict.v1", "--codebook",
                                      str(book)])
    assert json.loads(result.stdout.splitlines()[0])["drivers"] == ["finance"]
    typo = tmp_path / "typo.yaml"
    typo.write_text("drivers:\n  finanse: [widget*]\n", encoding="utf-8")
    result = run("classify", src, "--tagger", "scsmine.cue_dict.v1", "--codebook", typo)
    assert result.exit_code == 2 and "typo.yaml:2" in result.output
    result = run("classify", src, "--codebook", book)
    assert result.exit_code == 2 and "--codebook does not apply" in result.output


@pytest.mark.parametrize("command", [["tag"], ["classify"], ["train"], ["evaluate"], ["agreement"],
                                     ["annotate", "export"], ["annotate", "import"], ["codebook", "check"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert len(result.output) > 200

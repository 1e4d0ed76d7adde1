"""The command line: help for every command, exit codes, output formats, error messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from scsmine.cli import app


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    out: list[list[str]] = []

    def walk(cmd: object, path: list[str]) -> None:
        out.append(path)
        if hasattr(cmd, "commands"):  # a group (typer may vendor its own click)
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(root, [])
    return out


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "scsmine")
def test_every_command_has_help(cli, path: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli(*path, "--help")
    assert result.exit_code == 0
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.strip()) > 10, f"{' '.join(path)} has no help text"


def test_ingest_stats_show_query_roundtrip(cli, tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "x.db"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "spc.md").write_bytes(doc("spc-dishonest-list-2013"))
    result = cli("--db", db, "ingest", tmp_path / "in", "--origin", "domestic", "--doc-type", "judicial_rule")
    assert result.exit_code == 0, result.output
    stats = json.loads(cli("--db", db, "stats", "--format", "json").stdout)
    assert stats["documents"] == 1 and stats["passages"] > 5
    assert stats["counts"] == [
        {"doc_type": "judicial_rule", "lang": "zh", "origin": "domestic", "documents": 1, "passages": stats["passages"]}
    ]
    hits = [
        json.loads(line)
        for line in cli(
            "--db", db, "query", "失信被执行人", "--kwic", "--format", "jsonl", "--limit", "0"
        ).stdout.splitlines()
    ]
    assert hits and {"doc_id", "passage_id", "title", "doc_type", "origin", "lang", "text", "kwic"} <= set(hits[0])
    assert hits[0]["kwic"]["keyword"] == "失信被执行人"
    shown = json.loads(cli("--db", db, "show", hits[0]["doc_id"], "--format", "json").stdout)
    assert shown["doc_type"] == "judicial_rule" and shown["passages"][0]["id"].startswith(shown["id"])
    table = cli("--db", db, "query", "失信被执行人", "--kwic").stdout
    assert "失信被执行人" in table.splitlines()[2]


def test_exit_codes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "x.db"
    (tmp_path / "ok.txt").write_text("Credit records of firms are published.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    partial = cli("--db", db, "ingest", tmp_path / "ok.txt", tmp_path / "bad.txt")
    assert partial.exit_code == 1 and "bad.txt" in partial.stderr and "Traceback" not in partial.output
    assert cli("--db", db, "ingest", "--origin", "mars", tmp_path / "ok.txt").exit_code == 2
    assert cli("--db", db, "query", "x", "--bogus").exit_code == 2
    missing = cli("--db", db, "show", "nope")
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: ") and "Hint:" in missing.stderr
    assert cli("--db", tmp_path / "none.db", "stats").exit_code == 1


def test_stdout_carries_only_data(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "x.db"
    (tmp_path / "a.txt").write_text("Social credit scores are not one number.", encoding="utf-8")
    result = cli("--db", db, "ingest", tmp_path / "a.txt")
    assert result.stdout == "" and "1 added" in result.stderr
    out = cli("--db", db, "query", "credit", "--format", "jsonl").stdout
    assert all(json.loads(line)["text"] for line in out.splitlines())

"""Ingestion: the shared manifest, idempotence, duplicates, versions, bad input, kill -9 resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scsmine import api
from scsmine.core.errors import UsageError
from scsmine.store import Corpus


def _passages(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT id, text FROM passages"))


def test_shared_manifest_ingests_every_entry(shared_db: Path, manifest: dict) -> None:  # type: ignore[type-arg]
    data = api.stats(db=shared_db)
    assert data["documents"] == len(manifest) == 87
    assert data["failures"] == 0
    counts = {(c["doc_type"], c["lang"], c["origin"]): c["documents"] for c in data["counts"]}
    assert counts[("unrelated", "zh", "domestic")] == 64
    assert counts[("analysis", "en", "foreign")] == 7
    shown = api.show("govcn-2019-00007", db=shared_db)
    assert shown["doc_number"] == "国发〔2019〕5号" and shown["date"] == "2019-02-15"
    assert shown["meta"]["index_number"] == "000014349/2019-00007"
    assert shown["title"].startswith("国务院关于在市场监管领域")


def test_reingesting_the_same_bytes_adds_nothing(tmp_path: Path, shared: Path) -> None:
    db = tmp_path / "x.db"
    laws = shared / "corpus" / "raw" / "laws"
    first = api.ingest([laws], db=db)
    before = _passages(db)
    second = api.ingest([laws], db=db)
    assert first.count("added") == 17 and second.count("unchanged") == 17
    assert _passages(db) == before


def test_same_text_under_two_names_is_one_document(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    data = doc("credit-reporting-reg-2013")
    (folder / "a.md").write_bytes(data)
    (folder / "copy of a.md").write_bytes(data)
    (folder / "a-crlf.md").write_bytes(data.replace(b"\n", b"\r\n"))  # other bytes, same text
    result = api.ingest([folder], db=tmp_path / "x.db")
    assert [o.status for o in result.outcomes].count("added") == 1
    assert [o.status for o in result.outcomes].count("duplicate") == 2
    assert api.stats(db=tmp_path / "x.db")["documents"] == 1


def test_changed_file_becomes_a_new_version(tmp_path: Path) -> None:
    path = tmp_path / "rule.md"
    db = tmp_path / "x.db"
    path.write_text("# 示范条例\n\n第一条 企业应当依法公示信用信息。\n", encoding="utf-8")
    api.ingest([path], db=db)
    path.write_text("# 示范条例\n\n第一条 企业和个人应当依法公示信用信息。\n", encoding="utf-8")
    result = api.ingest([path], db=db)
    assert result.outcomes[0].status == "new_version"
    with Corpus.open(db) as corpus:
        docs = list(corpus.documents(api.make_filters(all_versions=True)))
        assert [d.status for d in docs] == ["superseded", "current"]
        assert docs[1].previous_id == docs[0].id
    assert [h["text"] for h in api.query("个人", db=db)] == ["第一条 企业和个人应当依法公示信用信息。"]
    assert api.query("企业应当", db=db) == []  # the old version is not searched by default


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_bytes(doc("sh-scs-reg-2017"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n garbage without objects")
    (folder / "nul.txt").write_bytes("信用\x00信息\x00公示制度。".encode() * 10)
    (folder / "odd name 「信用」 #1.txt").write_text("Credit scores for firms.\n", encoding="utf-8")
    (folder / "gbk.txt").write_bytes("企业信用信息公示暂行条例。".encode("gbk") * 10)
    (folder / "notes.xyz").write_text("x")
    loop = folder / "loop.md"
    os.symlink(loop, loop)
    (folder / "sub").mkdir()
    os.symlink(folder, folder / "sub" / "back")  # a directory loop
    result = api.ingest([folder], db=tmp_path / "x.db")
    failed = {Path(o.locator).name: o.message for o in result.failures}
    assert set(failed) == {"empty.txt", "binary.txt", "corrupt.pdf", "notes.xyz", "loop.md"}
    assert "empty" in failed["empty.txt"] and "binary" in failed["binary.txt"]
    assert "symbolic link loop" in failed["loop.md"] and "unsupported" in failed["notes.xyz"]
    assert all(name in message for name, message in failed.items())
    assert result.count("added") == 4 and result.exit_code == 1
    assert "\x00" not in api.query("信用信息", db=tmp_path / "x.db")[0]["text"]
    with Corpus.open(tmp_path / "x.db") as corpus:
        assert len(corpus.failures()) == 5
        orphans = corpus.conn.execute("SELECT COUNT(*) FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM aliases)")
        assert orphans.fetchone()[0] == 0


def test_manifest_lines_that_cannot_be_used_are_reported(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.md").write_bytes(doc("credit-reporting-reg-2013"))
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        '{"doc_id": "a", "path": "a.md", "origin": "domestic", "date": "2013-01"}\n'
        "{not json\n"
        '{"doc_id": "b"}\n'
        '{"doc_id": "c", "path": "missing.md"}\n'
        '{"doc_id": "d", "path": "a.md", "sha256": "00"}\n',
        encoding="utf-8",
    )
    result = api.ingest(manifest=manifest, db=tmp_path / "x.db")
    messages = [o.message for o in result.failures]
    assert len(messages) == 4
    assert "m.jsonl:2" in messages[0] and "m.jsonl:3" in messages[1] and "missing.md" in messages[2]
    assert "sha256" in messages[3]
    shown = api.show("a", db=tmp_path / "x.db")
    assert shown["date"] == "2013-01" and shown["origin"] == "domestic" and shown["year"] == 2013


def _make_folder(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        articles = "\n\n".join(
            f"第{j + 1}条 第{i}号示范规定要求市场主体依法履行第{j}项信用承诺，信用信息应当及时公示，"
            f"失信行为记录保存期限为{j + 3}年。" * 3
            for j in range(40)
        )
        (folder / f"rule-{i:04d}.md").write_text(f"# 示范规定{i}\n\n{articles}\n", encoding="utf-8")


def test_kill_minus_nine_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _make_folder(folder, 300)
    reference, killed = tmp_path / "ref.db", tmp_path / "killed.db"
    api.ingest([folder], db=reference)
    cmd = [sys.executable, "-m", "scsmine", "--db", str(killed), "ingest", str(folder), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            with sqlite3.connect(killed, timeout=0.1) as conn:
                if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 20:
                    break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(killed) as conn:
        partial = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 0 < partial < 300, "the kill did not land mid-ingest"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _passages(killed) == _passages(reference)
    with sqlite3.connect(killed) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 300


@pytest.mark.parametrize("flag", [{"origin": "abroad"}, {"doc_type": "novel"}, {"level": "county"}])
def test_bad_batch_metadata_is_a_usage_error(tmp_path: Path, flag: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="not allowed"):
        api.ingest([tmp_path], db=tmp_path / "x.db", **flag)


def test_manifest_entries_with_the_same_text_stay_two_documents(tmp_path: Path, doc) -> None:  # type: ignore[no-untyped-def]
    """A law and its identical rendering, declared as two manifest entries, are two documents."""
    (tmp_path / "a.md").write_bytes(doc("credit-reporting-reg-2013"))
    (tmp_path / "b.md").write_bytes(doc("credit-reporting-reg-2013"))
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"doc_id": "law", "path": "a.md"}\n{"doc_id": "law-copy", "path": "b.md"}\n', "utf-8")
    result = api.ingest(manifest=manifest, db=tmp_path / "x.db")
    assert [o.status for o in result.outcomes] == ["added", "added"]
    assert api.show("law", db=tmp_path / "x.db")["id"] != api.show("law-copy", db=tmp_path / "x.db")["id"]
    again = api.ingest(manifest=manifest, db=tmp_path / "x.db")
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]

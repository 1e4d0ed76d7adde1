"""The store: migrations, atomic writes, search, tags, Unicode round trips."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scsmine.core.errors import NotFoundError, SchemaError
from scsmine.core.models import Document, Filters, Passage, doc_key
from scsmine.normalize import index_tokens
from scsmine.store import MIGRATIONS, Corpus


def _doc(text: str, **kw: object) -> tuple[Document, list[Passage], list[str], bytes]:
    raw = text.encode("utf-8")
    did = doc_key(text)
    doc = Document(
        id=did,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        parser="test",
        parser_version="1",
        ingested_at="2026-01-01T00:00:00+00:00",
        **kw,
    )  # type: ignore[arg-type]
    p = Passage(id=f"{did}:0", doc_id=did, ordinal=0, kind="paragraph", start=0, end=len(text), text=text, lang="zh")
    return doc, [p], [" ".join(index_tokens(text))], raw


def test_migrations_are_recorded_in_order(corpus: Corpus) -> None:
    assert [name for name, _ in corpus.migrations()] == [m.__name__ for m in MIGRATIONS]


def test_database_from_a_newer_scsmine_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Corpus.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES ('m999_future', 'now')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="m999_future"):
        Corpus.open(db)


def test_database_behind_is_refused_without_migrate(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    Corpus.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM schema_migrations WHERE name = ?", (MIGRATIONS[-1].__name__,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="scsmine --db"):
        Corpus.open(db, migrate=False)


def test_a_failed_write_leaves_nothing(corpus: Corpus) -> None:
    doc, passages, index, raw = _doc("社会信用体系")
    with pytest.raises(ValueError):
        corpus.add_document(doc, passages, [], raw=raw, locator="a")
    bad = Passage(**{**passages[0].as_dict(), "id": "dup"})
    with pytest.raises(sqlite3.IntegrityError):
        corpus.add_document(doc, [bad, bad], index * 2, raw=raw, locator="a")
    counts = corpus.conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM blobs)"
    ).fetchone()
    assert tuple(counts) == (0, 0, 0)


def test_search_is_a_phrase_and_filters_apply(corpus: Corpus) -> None:
    for text, origin in (("建设社会信用体系", "domestic"), ("信用社会的体系", "foreign")):
        doc, passages, index, raw = _doc(text, origin=origin)
        corpus.add_document(doc, passages, index, raw=raw, locator=text)
    assert [h["text"] for h in corpus.search(["信用", "用体", "体系"], Filters())] == ["建设社会信用体系"]
    assert len(corpus.search(["信用"], Filters())) == 2
    assert [h["origin"] for h in corpus.search(["信用"], Filters(origin="foreign"))] == ["foreign"]
    assert corpus.search(['"', "("], Filters()) == []


def test_resolve_by_manifest_id_and_missing(corpus: Corpus) -> None:
    doc, passages, index, raw = _doc("征信业管理条例", manifest_id="credit-reg")
    corpus.add_document(doc, passages, index, raw=raw, locator="x")
    assert corpus.resolve("credit-reg") == doc.id == corpus.resolve(doc.id)
    with pytest.raises(NotFoundError, match="nope"):
        corpus.resolve("nope")


def test_tags_round_trip_and_untagged(corpus: Corpus, fake_tagger) -> None:  # type: ignore[no-untyped-def]
    doc, passages, index, raw = _doc("信用修复")
    corpus.add_document(doc, passages, index, raw=raw, locator="x")
    batches = list(corpus.untagged(fake_tagger.name))
    assert [p.id for b in batches for p in b] == [passages[0].id]
    tagged = fake_tagger.tag(batches[0])
    corpus.add_tags(
        zip(batches[0], tagged, strict=True), tagger=fake_tagger.name, tagger_version="1", codebook_version="1.1"
    )
    assert list(corpus.untagged(fake_tagger.name)) == []
    tags = corpus.tags_for([passages[0].id])[passages[0].id]
    assert {(t.kind, t.label) for t in tags} == {("tone", "neutral"), ("driver", "finance")}
    assert corpus.search(["信用"], Filters(driver="finance"))[0]["passage_id"] == passages[0].id
    assert corpus.search(["信用"], Filters(driver="individual_behaviour")) == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200))
@settings(max_examples=100, deadline=None)
def test_any_unicode_round_trips_through_the_store(text: str) -> None:
    with Corpus.open(":memory:") as corpus:
        doc, passages, index, raw = _doc(text, title=text)
        corpus.add_document(doc, passages, index, raw=raw, locator=text)
        stored = corpus.document(doc.id)
        assert stored.text == text and stored.title == text
        assert corpus.passages(doc.id)[0].text == text
        assert corpus.blob(doc.sha256) == raw


def test_every_search_plan_agrees_with_a_brute_force_filter(corpus: Corpus) -> None:
    """Streaming, document-set and document-first plans must return the same hits as a plain scan."""
    import itertools
    import random

    rng = random.Random(3)
    words = ["信用", "修复", "企业", "个人", "公示", " credit ", " score "]
    for i in range(60):
        text = "".join(rng.choice(words) for _ in range(6)) + f" 编号{i}"
        origin = "foreign" if i % 10 == 0 else "domestic"
        doc, passages, index, raw = _doc(
            text, origin=origin, level=rng.choice(["national", "municipal"]), date=str(rng.randint(2010, 2024))
        )
        corpus.add_document(doc, passages, index, raw=raw, locator=str(i))
    old = next(iter(corpus.documents()))
    corpus.set_status(old.id, "superseded")
    rows = list(corpus.iter_passages(Filters(all_versions=True)))
    for phrase, filters in itertools.product(
        (["信用"], ["修复", "复企", "企业"], ["credit"]),
        (Filters(), Filters(origin="foreign"), Filters(level="municipal", year_from=2016), Filters(all_versions=True)),
    ):
        needle = "".join(phrase[:1] + [t[-1] for t in phrase[1:]]) if phrase[0] != "credit" else "credit"
        expected = [
            r["passage_id"]
            for r in rows
            if needle in r["text"]
            and (filters.all_versions or r["status"] == "current")
            and (filters.origin is None or r["origin"] == filters.origin)
            and (filters.level is None or r["level"] == filters.level)
            and (filters.year_from is None or r["year"] >= filters.year_from)
        ]
        got = [h["passage_id"] for h in corpus.search(phrase, filters, limit=None)]
        assert got == expected, (phrase, filters)
        assert [h["passage_id"] for h in corpus.search(phrase, filters, limit=3)] == expected[:3]

"""Benchmark sections for bench/ingest.py: Chinese ingest MB/s vs jieba.cut, and query latency.

* :func:`chinese_throughput` ingests the shared Chinese laws (Markdown) and
  gov.cn pages (HTML) into a fresh database and compares MB/s with
  ``jieba.cut`` over the same texts, in the same process.
* :func:`query_latency` builds a corpus of one million passages from the
  shared texts (the shared corpus's passages repeated under many synthetic
  documents with varied metadata, written straight through the store) and
  times a mix of queries with and without filters: p50 and p95.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scsmine import api
from scsmine.core.models import Document, Passage, doc_key
from scsmine.store import Corpus

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("失信被执行人", {}),
    ("失信被执行人", {"doc_type": "judicial_rule"}),
    ("信用修复", {"origin": "domestic"}),
    ("统一社会信用代码", {"level": "provincial", "year_from": 2015}),
    ("联合惩戒", {}),
    ("信用", {"origin": "foreign"}),
    ("信用信息", {"lang": "zh", "year_from": 2018, "year_to": 2020}),
    ("誠信", {}),
    ("诚信", {"jurisdiction": "Shanghai"}),
    ("social credit", {}),
    ("social credit", {"origin": "foreign"}),
    ("surveillance", {"year_from": 2018}),
    ("blacklist", {"lang": "en"}),
    ("credit score", {"origin": "domestic"}),
    ("Sesame Credit", {}),
    ("营商环境", {"doc_type": "central_policy"}),
    ("公共信用信息", {"level": "municipal"}),
    ("犬", {}),
    ("judgment defaulters", {}),
    ("红黑名单", {"origin": "foreign"}),
]


def _median(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def chinese_throughput(shared: Path, repeat: int = 3) -> dict[str, float]:
    """MB/s of scsmine ingest vs jieba.cut over the shared Chinese laws and gov.cn pages."""
    import jieba

    corpus = shared / "corpus" / "raw"
    files = sorted((corpus / "laws").glob("*.md")) + sorted((corpus / "govcn").glob("*.html"))
    texts = [f.read_text("utf-8") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.initialize()
    api.ingest(files[:1], db=Path(tempfile.mkdtemp()) / "warm.db")  # load dictionaries once

    def run_jieba() -> float:
        t = time.perf_counter()
        for text in texts:
            list(jieba.cut(text))
        return time.perf_counter() - t

    def run_ingest() -> float:
        db = Path(tempfile.mkdtemp()) / "zh.db"
        t = time.perf_counter()
        result = api.ingest(files, db=db)
        elapsed = time.perf_counter() - t
        assert not result.failures
        return elapsed

    tj, ts = _median(run_jieba, repeat), _median(run_ingest, repeat)
    return {"mb": mb, "jieba_mb_s": mb / tj, "scsmine_mb_s": mb / ts, "ratio": tj / ts}


def build_million(shared: Path, db: Path, target: int = 1_000_000, seed: int = 7) -> int:
    """Write ``target`` passages made from the shared corpus into ``db``; returns the count."""
    source = Path(tempfile.mkdtemp()) / "src.db"
    api.ingest(manifest=shared / "corpus" / "manifest.jsonl", db=source)
    from scsmine.normalize import index_tokens

    with Corpus.open(source) as src:
        docs = [(d, src.passages(d.id)) for d in src.documents()]
    rng = random.Random(seed)
    levels = ["national", "provincial", "municipal"]
    places = ["Shanghai", "Shandong", "Shenzhen", "Henan", "Zhejiang", "Beijing", "Taizhou", None]
    n = copy = 0
    with Corpus.open(db) as out:
        while n < target:
            for doc, passages in docs:
                if n >= target:
                    break
                copy += 1
                text = doc.text + f"\n\n#{copy}"
                did = doc_key(text)
                year = rng.randint(2010, 2024)
                meta = {k: getattr(doc, k) for k in ("title", "doc_type", "origin", "lang", "format")}
                new = Document(
                    id=did,
                    text=text,
                    sha256=f"{copy:064d}",
                    parser="bench",
                    parser_version="1",
                    ingested_at="2026-01-01T00:00:00+00:00",
                    date=str(year),
                    level=rng.choice(levels),
                    jurisdiction=rng.choice(places),
                    **meta,
                )
                ps = [Passage(**{**p.as_dict(), "id": f"{did}:{p.ordinal}", "doc_id": did}) for p in passages]
                index = [" ".join(index_tokens(p.text_simplified)) for p in ps]
                out.add_document(new, ps, index, raw=b"", locator=f"bench:{copy}")
                n += len(ps)
    return n


def query_latency(shared: Path, db: Path | None = None, repeat: int = 5) -> dict[str, float]:
    """p50/p95 (ms) of the query mix over a one-million-passage corpus (built if ``db`` is missing)."""
    if db is None or not db.exists():
        db = db or Path(tempfile.mkdtemp()) / "million.db"
        t = time.perf_counter()
        n = build_million(shared, db)
        print(f"  built {n:,} passages in {time.perf_counter() - t:.0f} s ({db})")
    times: list[float] = []
    for _ in range(repeat):
        for text, filters in QUERIES:
            t = time.perf_counter()
            api.query(text, db=db, limit=20, with_kwic=True, **filters)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "queries": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "max_ms": times[-1],
    }

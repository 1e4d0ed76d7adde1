"""Report benchmark: the framing report over a synthetic corpus of tagged passages.

Run as ``.venv/bin/python bench/report.py [--passages 100000] [--runs 3] [--shared PATH] [--keep DIR]``.

1. Ingest the shared corpus (``../shared/corpus/manifest.jsonl``) into a
   temporary database, to get real passages with their tokens.
2. Write ``--passages`` passages into a second temporary database through
   the store (``Corpus.add_document`` / ``add_tags``): documents of 100
   passages drawn with a fixed seed from the shared passages of one
   language, with synthetic metadata (origin, type, level, year), and tags
   from a simple cue list (CODEBOOK labels) with jittered scores.
3. Build ``scsmine report framing`` ``--runs`` times and print the median
   total and the median time of each section (goal: under 60 s).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scsmine import api
from scsmine.core.models import Document, Passage, Tag, doc_key, passage_key
from scsmine.normalize import index_tokens
from scsmine.store import Corpus

GOAL_SECONDS = 60.0
PER_DOC = 100
TAGGER = "bench.cues.v1"
CUES = {
    ("driver", "finance"): ("征信", "贷款", "金融", "loan", "bank", "financ"),
    ("driver", "commercial_sincerity"): ("企业", "市场主体", "compan", "enterprise", "business"),
    ("driver", "government_accountability"): ("政务", "公务员", "政府", "government", "official"),
    ("driver", "individual_behaviour"): ("失信被执行人", "个人", "自然人", "citizen", "individual"),
    ("frame", "trust_building"): ("诚信", "守信", "trust", "honest"),
    ("frame", "market_order"): ("市场", "营商", "market", "economic"),
    ("frame", "rule_of_law"): ("依法", "法律", "law", "legal"),
    ("frame", "social_governance"): ("治理", "社会管理", "governance", "stability"),
    ("frame", "surveillance_privacy"): ("监控", "隐私", "surveil", "privacy", "facial"),
    ("frame", "political_control"): ("控制", "control", "authoritarian", "dissent"),
    ("frame", "implementation_critique"): ("问题", "fragment", "arbitrar", "flaw"),
}
DOMESTIC_TYPES = (
    "central_policy",
    "national_regulation",
    "judicial_rule",
    "ministry_rule",
    "local_rule",
    "media_article",
)
FOREIGN_TYPES = ("analysis", "media_article")


def _default_shared() -> Path:
    env = os.environ.get("SCSMINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def _pool(shared: Path, tmp: Path) -> dict[str, list[dict[str, Any]]]:
    """Real passages of the shared corpus by language (text, tokens, index grams, cue labels)."""
    db = tmp / "shared.db"
    api.ingest(manifest=shared / "corpus" / "manifest.jsonl", db=db)
    pools: dict[str, list[dict[str, Any]]] = {}
    with Corpus.open(db) as corpus:
        for row in corpus.iter_passages():
            text, low = row["text"], row["text"].lower()
            labels = [key for key, cues in CUES.items() if any(c in low for c in cues)]
            pools.setdefault(row["lang"], []).append(
                {
                    "text": text,
                    "tokens": row["tokens"],
                    "simplified": row["text_simplified"] or text,
                    "grams": " ".join(index_tokens(row["text_simplified"] or text)),
                    "labels": labels,
                }
            )
    return pools


def _metadata(rng: random.Random, i: int) -> dict[str, Any]:
    lang = "zh" if rng.random() < 0.65 else "en"
    foreign = rng.random() < (0.1 if lang == "zh" else 0.85)
    origin = "foreign" if foreign else "domestic"
    return {
        "lang": lang,
        "origin": origin,
        "doc_type": rng.choice(FOREIGN_TYPES if foreign else DOMESTIC_TYPES),
        "level": rng.choice(("national", "provincial", "municipal")),
        "date": f"{rng.randint(2010, 2023)}-06-01",
        "title": f"Synthetic document {i}",
        "url": f"https://example.org/bench/{i}",
    }


def _tags(p: Passage, labels: list[tuple[str, str]], rng: random.Random, origin: str) -> list[Tag]:
    out = [Tag(p.id, kind, label, round(rng.uniform(0.5, 1.0), 3), TAGGER, "1", "1.1") for kind, label in labels]
    tone = "negative" if rng.random() < (0.4 if origin == "foreign" else 0.1) else rng.choice(("positive", "neutral"))
    return [*out, Tag(p.id, "tone", tone, round(rng.uniform(0.5, 1.0), 3), TAGGER, "1", "1.1")]


def build(db: Path, pools: dict[str, list[dict[str, Any]]], passages: int, seed: int = 0) -> None:
    """Write ``passages`` tagged passages in documents of :data:`PER_DOC` into a new database."""
    rng = random.Random(seed)
    with Corpus.open(db) as corpus:
        for i in range((passages + PER_DOC - 1) // PER_DOC):
            meta = _metadata(rng, i)
            pool = pools[meta["lang"]]
            picks = [pool[rng.randrange(len(pool))] for _ in range(min(PER_DOC, passages - i * PER_DOC))]
            text = "\n\n".join([meta["title"], *(p["text"] for p in picks)])
            did, raw = doc_key(text), text.encode("utf-8")
            doc = Document(
                id=did,
                text=text,
                title=meta["title"],
                manifest_id=f"bench-{i:05d}",
                date=meta["date"],
                doc_type=meta["doc_type"],
                level=meta["level"],
                origin=meta["origin"],
                lang=meta["lang"],
                url=meta["url"],
                source="bench/report.py",
                sha256=hashlib.sha256(raw).hexdigest(),
                parser="bench",
                parser_version="1",
                ingested_at="2024-01-01T00:00:00+00:00",
            )
            pos, made = len(meta["title"]) + 2, []
            for k, p in enumerate(picks):
                simplified = p["simplified"] if p["simplified"] != p["text"] else ""
                made.append(
                    Passage(
                        id=passage_key(did, k),
                        doc_id=did,
                        ordinal=k,
                        kind="paragraph",
                        start=pos,
                        end=pos + len(p["text"]),
                        text=p["text"],
                        lang=meta["lang"],
                        label=f"¶{k + 1}",
                        text_simplified=simplified,
                        tokens=p["tokens"],
                    )
                )
                pos += len(p["text"]) + 2
            corpus.add_document(doc, made, [p["grams"] for p in picks], raw=raw, locator=f"bench/{i}")
            corpus.add_tags(
                [(m, _tags(m, p["labels"], rng, meta["origin"])) for m, p in zip(made, picks, strict=True)],
                tagger=TAGGER,
                tagger_version="1",
                codebook_version="1.1",
            )


def main() -> None:
    """Build the corpus, time the report, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=_default_shared())
    parser.add_argument("--keep", type=Path, default=None, help="keep the database and last report here")
    args = parser.parse_args()
    if not (args.shared / "corpus" / "manifest.jsonl").is_file():
        sys.exit(f"Error: no shared corpus at {args.shared} (set --shared or SCSMINE_SHARED)")
    with tempfile.TemporaryDirectory(prefix="scsmine-bench-") as tmpdir:
        tmp = args.keep or Path(tmpdir)
        tmp.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        pools = _pool(args.shared, tmp)
        db = tmp / "bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        build(db, pools, args.passages)
        print(
            f"corpus: {args.passages:,} passages from {sum(map(len, pools.values())):,} shared passages "
            f"({', '.join(f'{k}: {len(v):,}' for k, v in sorted(pools.items()))}), built in "
            f"{time.perf_counter() - start:.1f} s"
        )
        totals, sections = [], []
        for run in range(args.runs):
            t0 = time.perf_counter()
            result = api.report_framing(out=tmp / "report", db=db)
            totals.append(time.perf_counter() - t0)
            sections.append(result.timings)
            print(f"run {run + 1}: {totals[-1]:.2f} s")
        median = statistics.median(totals)
        print(
            f"\nframing report over {result.passages:,} passages: median {median:.2f} s of {args.runs} run(s) "
            f"(goal < {GOAL_SECONDS:.0f} s: {'met' if median < GOAL_SECONDS else 'MISSED'})"
        )
        print(f"{'section':<10} {'median s':>9}")
        for name in sections[0]:
            print(f"{name:<10} {statistics.median(s.get(name, 0.0) for s in sections):>9.2f}")
        other = median - statistics.median(sum(s.values()) for s in sections)
        print(f"{'other':<10} {other:>9.2f}  (opening the database, options, evaluation file)")


if __name__ == "__main__":
    main()

"""Ingest benchmarks: prints figures, one section per function.

Run as ``.venv/bin/python bench/ingest.py [--shared PATH] [--repeat 5] [--sections pdf,zh,query]``.

Sections:

1. ``pdf``: PDF pages/s over the shared PDFs (``corpus/pdf/*.pdf``), in one
   process, each figure the median of ``--repeat`` runs over all pages:
   scsmine's reader (``scsmine.pdf.v1``) against raw pypdfium2 text
   extraction (``get_textpage().get_text_bounded()`` on every page) and raw
   pdfplumber (``page.extract_text()``), with the ratios and the goals
   (≥ 0.5× pypdfium2, ≥ 4× pdfplumber); then end-to-end ``scsmine.ingest``
   of the same PDFs into a temporary database.
2. ``zh``: Chinese ingest MB/s against ``jieba.cut`` (``bench/_zh_query.py``).
3. ``query``: query latency over one million passages (``bench/_zh_query.py``;
   builds the corpus first, which takes minutes).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOAL_VS_PYPDFIUM2 = 0.5
GOAL_VS_PDFPLUMBER = 4.0


def _default_shared() -> Path:
    env = os.environ.get("SCSMINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


def _median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pdfs(shared: Path) -> list[Path]:
    paths = sorted((shared / "corpus" / "pdf").glob("*.pdf"))
    if not paths:
        sys.exit(f"Error: no PDFs under {shared / 'corpus' / 'pdf'} (set --shared or SCSMINE_SHARED)")
    return paths


def _raw_pypdfium2(datas: list[bytes]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for data in datas:
        doc = pdfium.PdfDocument(data)
        try:
            for index in range(len(doc)):
                page = doc[index]
                textpage = page.get_textpage()
                textpage.get_text_bounded()
                textpage.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    return pages


def _raw_pdfplumber(datas: list[bytes]) -> int:
    import pdfplumber

    pages = 0
    for data in datas:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def _scsmine_reader(datas: list[bytes], names: list[str]) -> int:
    from scsmine.sources.pdf import read_pdf

    return sum(read_pdf(data, name).meta["pages"] for data, name in zip(datas, names, strict=True))


def pdf_pages(shared: Path, repeat: int) -> dict[str, float]:
    """Section 1: PDF pages/s of scsmine's reader vs raw pypdfium2 and raw pdfplumber."""
    paths = _pdfs(shared)
    datas = [p.read_bytes() for p in paths]
    names = [p.name for p in paths]
    runs: dict[str, Callable[[], int]] = {
        "scsmine": lambda: _scsmine_reader(datas, names),
        "pypdfium2": lambda: _raw_pypdfium2(datas),
        "pdfplumber": lambda: _raw_pdfplumber(datas),
    }
    pages = {key: fn() for key, fn in runs.items()}  # warm-up: imports, font caches
    assert len(set(pages.values())) == 1, f"page counts differ: {pages}"
    n = pages["scsmine"]
    times: dict[str, list[float]] = {key: [] for key in runs}
    for _ in range(repeat):  # interleaved, so that load from other processes hits all alike
        for key, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - start)
    rate = {key: n / statistics.median(values) for key, values in times.items()}
    out = {f"{key}_pages_s": value for key, value in rate.items()}
    out["pages"] = n
    out["vs_pypdfium2"] = rate["scsmine"] / rate["pypdfium2"]
    out["vs_pdfplumber"] = rate["scsmine"] / rate["pdfplumber"]
    print(f"PDF reader: {len(paths)} PDFs, {n} pages, median of {repeat} runs")
    for key in runs:
        print(f"  {key:<12} {rate[key]:8.1f} pages/s")
    for key, goal in (("pypdfium2", GOAL_VS_PYPDFIUM2), ("pdfplumber", GOAL_VS_PDFPLUMBER)):
        ratio = out[f"vs_{key}"]
        verdict = "ok" if ratio >= goal else "BELOW GOAL"
        print(f"  scsmine / {key:<11} {ratio:6.2f}x  (goal >= {goal}x: {verdict})")
    return out


def pdf_ingest(shared: Path, repeat: int) -> dict[str, float]:
    """Section 1b: end-to-end ``scsmine.ingest`` of the shared PDFs into a temporary database."""
    try:
        from scsmine.api import ingest
    except ImportError:
        print("PDF ingest: scsmine.api.ingest is not available; skipped")
        return {}
    paths = _pdfs(shared)
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def run() -> None:
            result = ingest(paths=paths, db=Path(tmp) / f"bench{next(counter)}.db")
            if result.failures:
                raise SystemExit(f"Error: ingest failed: {[(o.locator, o.message) for o in result.failures]}")

        run()  # warm-up: dictionaries, models
        seconds = _median_seconds(run, repeat)
    pages = _scsmine_reader([p.read_bytes() for p in paths], [p.name for p in paths])
    rate = pages / seconds
    print(f"PDF ingest (read + segment + store, fresh database): {rate:8.1f} pages/s, median of {repeat} runs")
    return {"ingest_pages_s": rate}


def chinese(shared: Path, repeat: int) -> dict[str, float]:
    """Section 2: Chinese ingest MB/s against jieba.cut."""
    from _zh_query import chinese_throughput

    out = chinese_throughput(shared, repeat=repeat)
    print(f"Chinese ingest: {out['mb']:.2f} MB, scsmine {out['scsmine_mb_s']:.2f} MB/s, "
          f"jieba.cut {out['jieba_mb_s']:.2f} MB/s, ratio {out['ratio']:.2f}x")
    return out


def queries(shared: Path, repeat: int) -> dict[str, float]:
    """Section 3: query latency on one million passages."""
    from _zh_query import query_latency

    out = query_latency(shared, repeat=repeat)
    print(f"Query latency over 1M passages: p50 {out['p50_ms']:.1f} ms, p95 {out['p95_ms']:.1f} ms, "
          f"max {out['max_ms']:.1f} ms ({out['queries']:.0f} queries)")
    return out


SECTIONS: dict[str, list[Callable[[Path, int], dict[str, float]]]] = {
    "pdf": [pdf_pages, pdf_ingest],
    "zh": [chinese],
    "query": [queries],
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=_default_shared(), help="the shared folder (has corpus/)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (the median is shown)")
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, from {', '.join(SECTIONS)}")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown or args.repeat < 1:
        parser.error(f"unknown section(s) {unknown}; use {', '.join(SECTIONS)}" if unknown else "--repeat must be >= 1")
    for name in chosen:
        for section in SECTIONS[name]:
            section(args.shared, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

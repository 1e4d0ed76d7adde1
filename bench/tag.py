"""Benchmark: classify throughput of scsmine's taggers against cntext's dictionary counting.

Usage: python bench/tag.py [--shared ../shared] [--passages 50000] [--runs 3] [--cntext-runs 3]

1. Build passages from the shared corpus: every raw text, Markdown and HTML
   file (tags stripped), split at blank lines or line breaks into
   paragraphs of at least 20 characters, repeated until there are
   ``--passages`` of them.
2. Time ``scsmine.linear.v1`` (the default, supervised) and
   ``scsmine.cue_dict.v1`` over all passages, ``--runs`` times each
   (batch classification, as ``scsmine classify`` does it).
3. Time ``cntext.sentiment`` with a four-category dictionary (the
   codebook's driver cues, wildcards dropped) on the same passages,
   ``--cntext-runs`` times. cntext pins numpy<2 and installs a second
   ``opencc`` module, so it is not installed into scsmine's environment:
   it runs in-process when importable, else in the interpreter given by
   ``--cntext-python`` / ``$SCSMINE_CNTEXT_PYTHON`` or
   ``bench/out/cntext-venv/bin/python`` (``make bench`` creates it). If
   none is found, the report says so clearly.
4. Print the medians (passages per second) side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scsmine.tag.codebook import default_codebook  # noqa: E402
from scsmine.tag.taggers import DictionaryTagger, LinearTagger  # noqa: E402

_TAG = re.compile(r"<[^>]+>")
_SPLIT = re.compile(r"\n\s*\n|\r?\n")

CNTEXT_SCRIPT = r'''
import json, sys, time, warnings, statistics
warnings.simplefilter("ignore")
import cntext
data = json.load(open(sys.argv[1], encoding="utf-8"))
runs = int(sys.argv[2])
texts, langs, zh, en = data["texts"], data["langs"], data["zh"], data["en"]
times = []
for _ in range(runs):
    start = time.perf_counter()
    for text, lang in zip(texts, langs):
        if lang == "zh":
            cntext.sentiment(text, zh, lang="chinese")
        else:
            cntext.sentiment(text, en, lang="english")
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": times, "version": cntext.__version__}))
'''


def corpus_passages(shared: Path, n: int) -> list[str]:
    """Step 1: paragraphs of the shared corpus, repeated to ``n`` passages."""
    base: list[str] = []
    for line in (shared / "corpus" / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("format") not in ("md", "txt", "html"):
            continue
        text = (shared / "corpus" / entry["path"]).read_text(encoding="utf-8", errors="replace")
        if entry["format"] == "html":
            text = _TAG.sub("\n", text)
        base += [p.strip() for p in _SPLIT.split(text) if len(p.strip()) >= 20]
    if not base:
        raise SystemExit(f"no passages found under {shared / 'corpus'}")
    return (base * (n // len(base) + 1))[:n]


def time_tagger(tagger: object, texts: list[str], runs: int) -> list[float]:
    """Step 2: wall-clock seconds of each run."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        tagger.classify(texts, evidence=False)  # type: ignore[attr-defined]
        out.append(time.perf_counter() - start)
    return out


def cntext_dictionary() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The codebook's driver cues as two cntext dictionaries (zh, en), wildcards dropped."""
    zh: dict[str, list[str]] = {}
    en: dict[str, list[str]] = {}
    for cue in default_codebook().cues_of("driver"):
        word = cue.pattern.replace("*", "").replace("?", "").strip()
        if word:
            (zh if cue.lang == "zh" else en).setdefault(cue.label, []).append(word)
    return zh, en


def find_cntext(flag: str | None) -> list[str] | None:
    """The interpreter that can import cntext, or ``None``."""
    candidates = [flag, os.environ.get("SCSMINE_CNTEXT_PYTHON"), sys.executable,
                  str(ROOT / "bench" / "out" / "cntext-venv" / "bin" / "python")]
    for python in candidates:
        if python and Path(python).exists():
            ok = subprocess.run([python, "-c", "import cntext"], capture_output=True, timeout=300)
            if ok.returncode == 0:
                return [python]
    return None


def time_cntext(python: list[str], texts: list[str], langs: list[str], runs: int) -> tuple[list[float], str]:
    """Step 3: seconds of each cntext run, and cntext's version."""
    zh, en = cntext_dictionary()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "passages.json"
        data.write_text(json.dumps({"texts": texts, "langs": langs, "zh": zh, "en": en}, ensure_ascii=False))
        script = Path(tmp) / "run_cntext.py"
        script.write_text(CNTEXT_SCRIPT)
        out = subprocess.run([*python, str(script), str(data), str(runs)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["seconds"], result["version"]


def main() -> int:
    """Steps 1-4 of the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("SCSMINE_SHARED", ROOT.parent / "shared")))
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cntext-runs", type=int, default=3)
    parser.add_argument("--cntext-python", default=None)
    args = parser.parse_args()
    texts = corpus_passages(args.shared, args.passages)
    from scsmine.normalize.lang import detect_lang

    langs = [detect_lang(t) for t in texts]
    print(f"{len(texts):,} passages from {args.shared / 'corpus'} "
          f"({sum(lang == 'zh' for lang in langs):,} zh, median {statistics.median(map(len, texts)):.0f} chars)")
    rows = []
    for tagger in (LinearTagger(), DictionaryTagger()):
        times = time_tagger(tagger, texts, args.runs)
        rows.append((f"scsmine {tagger.name}", len(texts) / statistics.median(times), len(times)))
    python = find_cntext(args.cntext_python)
    cntext_rate = None
    if python is None:
        print("cntext is NOT INSTALLED: no comparison. Create its environment with `make bench` or "
              "`python3.11 -m venv bench/out/cntext-venv && bench/out/cntext-venv/bin/pip install cntext ipython`.")
    else:
        times, version = time_cntext(python, texts, langs, args.cntext_runs)
        cntext_rate = len(texts) / statistics.median(times)
        rows.append((f"cntext {version} sentiment (4 categories)", cntext_rate, len(times)))
    print(f"{'tagger':45s} {'passages/s':>12s} {'runs':>5s} {'vs cntext':>10s}")
    for name, rate, runs in rows:
        ratio = f"{rate / cntext_rate:.1f}x" if cntext_rate else "n/a"
        print(f"{name:45s} {rate:12,.0f} {runs:5d} {ratio:>10s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Select gold passages from the shared corpus and write them as references.

The output, ``tests/data/gold/corpus_refs.jsonl``, holds one reference per
passage (document id, path, character offsets, SHA-1 of the span and a hint)
and never the passage text itself: the corpus is third-party or official text
that stays in ``../shared`` (STYLE.md section 22).

Steps:
    1. Read ``manifest.jsonl`` and keep the Markdown/text documents under
       ``raw/laws/`` (Chinese laws) and ``raw/analysis/`` (English analyses).
       HTML and PDF files are not used.
    2. Split each document into quotable passages (CODEBOOK: a paragraph, a
       numbered article 第X条 or a run of 1-5 sentences):
       - laws: one passage per article, including its continuation
         paragraphs; articles over 600 characters are split at sentence ends
         (。！？；) into balanced parts of at most 600 characters; a preamble
         before the first article is kept; the title, the adoption-note lines
         and chapter/section headings are skipped;
       - analyses: paragraphs of 1-5 sentences and 80-1,200 characters;
         wrapped lines and page-broken paragraphs are joined, very short
         paragraphs are merged with a neighbour, long ones are split at
         sentence ends; headings, front matter, boilerplate, tables,
         references and the whole Kraciuk title page are skipped.
    3. Pick about 520 passages with a fixed seed, spread across each document
       by stratified sampling over its passage order: about 210 from the SCS
       laws, about 70 from the six ``unrelated`` laws (always including the
       articles of the prepaid-card rule that mention credit) and about 240
       from the analyses.
    4. Shuffle with a fixed seed, number the passages c0001..., re-read every
       span from disk to verify offsets, stripping and SHA-1, and write JSONL.

Offsets are character offsets into ``open(path, encoding="utf-8",
newline="").read()``; a span is ``text[start:end]`` and has no surrounding
whitespace.

Usage:
    python scripts/select_corpus_passages.py [--corpus DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEED = 20261121
REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_OUT = REPO / "tests" / "data" / "gold" / "corpus_refs.jsonl"

ZH_MAX = 600
EN_MIN, EN_MAX, EN_MAX_SENTS = 80, 1200, 5

# Target sample sizes (step 3).
N_ZH_CORE = 210
N_ZH_UNRELATED = 70
N_EN = 240
MIN_PER_DOC = 6

CREDIT_RE = re.compile(r"信用|失信|诚信|守信|黑名单")
ARTICLE_RE = re.compile(r"^(第[一二三四五六七八九十百零〇]+条)[ \u3000]")
ZH_SENT_END = "。！？；"

# Per-document cut-offs for the English analyses: a passage must start at or
# after the first line matching `start` and end before the first line matching
# `stop` (both regexes over whole lines). `skip` drops blocks in between.
EN_RULES: dict[str, dict[str, str]] = {
    "an-grote-bonomi-2018": {
        # front matter, copyright, address, title and authors end at line 31;
        # the lead paragraph starts "The Chinese government is engaged".
        "start": r"^The Chinese government is engaged",
        "stop": r"^Jürgen Grote$",
        # epigraphs (Lenin, Mao) and their attributions
        "skip": r"^(Trust is good, control is better|V\.I\. Lenin|In treating an "
        r"ideological|Mao Tse-tung;|Source:|Table \d|Figure \d)",
    },
    "an-klabisch-2018": {
        "start": r"^The words “Social Credit System”",
        "stop": r"^## Literature",
        "skip": r"(?!)",
    },
    "an-kraciuk-2020": {
        # Never before the Abstract: the title page (with the redacted national
        # ID) and the table of contents must not be quoted.
        "start": r"^The overall purpose of my research",
        "stop": r"^Bibliography$",
        "skip": r"^(Contents$|Abstract\t|Introduction\t|Methodology\t|Perceived |Question of privacy\t"
        r"|Freedom of speech|Next-generation autocratic tool\t|Similarities to Black|Political weapon\t"
        r"|Aid in |The Publics approval|Bringing back Trust|Lack of trust|Discussion\t|Conclusion\t"
        r"|Bibliography\t)",
    },
    "an-renaud-2018": {
        "start": r"^I think that the directives",
        "stop": r"(?!)",
        "skip": r"^(!\[|\[Study:)",
    },
    "an-six-drivers": {
        # one paragraph per line, no blank lines between paragraphs
        "lines": "1",
        "start": r"^The Chinese social credit system has to contend",
        "stop": r"(?!)",
        "skip": r"(?!)",
    },
    "an-trivium-2019": {
        "start": r"^Our goal throughout this report",
        "stop": r"^Send us your thoughts",
        "skip": r"^Stricter enforcement: yay\?$",  # a heading ending in "?"
    },
}


@dataclass(frozen=True)
class Span:
    """A candidate passage: offsets into the file text and a hint."""

    start: int
    end: int
    hint: str


# ---------------------------------------------------------------- helpers


def _lines(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of every line, end excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that the span has no surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _balanced_chunks(bounds: list[int], start: int, limit: int, max_items: int = 10**9) -> list[int]:
    """Choose cut points among sentence ends so parts are balanced.

    Args:
        bounds: candidate cut offsets (sentence ends), ascending, last = end.
        start: offset where the text begins.
        limit: maximum characters per part.
        max_items: maximum sentences per part.

    Returns:
        The chosen cut offsets, the last being the end of the text.
    """
    end = bounds[-1]
    n_sent = len(bounds)
    parts = max(math.ceil((end - start) / limit), math.ceil(n_sent / max_items), 1)
    while True:
        cuts, prev, ok = [], start, True
        for k in range(1, parts):
            ideal = start + (end - start) * k / parts
            cands = [b for b in bounds if prev < b < end]
            if not cands:
                ok = False
                break
            best = min(cands, key=lambda b: abs(b - ideal))
            cuts.append(best)
            prev = best
        cuts.append(end)
        prevs = [start, *cuts[:-1]]
        sizes_ok = all(c - p <= limit for p, c in zip(prevs, cuts, strict=True))
        counts_ok = all(sum(1 for b in bounds if p < b <= c) <= max_items for p, c in zip(prevs, cuts, strict=True))
        if ok and sizes_ok and counts_ok:
            return cuts
        if parts >= n_sent:
            return bounds  # one sentence per part; the caller checks sizes
        parts += 1


# ---------------------------------------------------------------- laws


def _zh_sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each Chinese sentence end (。！？；) in a span."""
    ends = [i + 1 for i in range(start, end) if text[i] in ZH_SENT_END]
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def split_law(text: str) -> list[Span]:
    """Split a LawRefBook Markdown law into article passages (step 2).

    Args:
        text: the file text.

    Returns:
        Candidate spans in document order.
    """
    body_from = text.index("<!-- INFO END -->") + len("<!-- INFO END -->")
    units: list[Span] = []  # one unit per article (or preamble), before splitting
    cur: Span | None = None
    for s, e in _lines(text):
        if s < body_from:
            continue
        line = text[s:e]
        m = ARTICLE_RE.match(line)
        if line.startswith("#"):  # chapter or section heading
            if cur:
                units.append(cur)
            cur = None
        elif m:
            if cur:
                units.append(cur)
            cur = Span(s, e, m.group(1))
        elif line.strip():
            # a continuation paragraph, or text before the first article (preamble)
            cur = Span(cur.start, e, cur.hint) if cur else Span(s, e, "序言")
    if cur:
        units.append(cur)
    spans: list[Span] = []
    for unit in units:
        hint = unit.hint
        s, e = _strip(text, unit.start, unit.end)
        if e - s <= ZH_MAX:
            spans.append(Span(s, e, hint))
            continue
        cuts = _balanced_chunks(_zh_sentence_ends(text, s, e), s, ZH_MAX)
        prev = s
        for k, c in enumerate(cuts, 1):
            ps, pe = _strip(text, prev, c)
            spans.append(Span(ps, pe, f"{hint} part {k}/{len(cuts)}"))
            prev = c
    return spans


# ---------------------------------------------------------------- analyses

_ABBREV = {
    "e.g",
    "i.e",
    "et.al",
    "al",
    "vol",
    "p",
    "pp",
    "no",
    "dr",
    "mr",
    "mrs",
    "ms",
    "vs",
    "etc",
    "u.s",
    "chin",
    "st",
    "fig",
    "ed",
    "eds",
    "cf",
    "inc",
    "ltd",
    "co",
    "jr",
    "v.i",
}
_SENT_RE = re.compile(r"[.!?…]+[\"”’)\]*]*(?=\s+[\"“‘(\[*]*[A-Z0-9])")


def _en_sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each English sentence end in text[start:end]."""
    ends = []
    for m in _SENT_RE.finditer(text, start, end):
        word = re.search(r"([\w.]+)$", text[max(start, m.start() - 12) : m.start()])
        w = word.group(1).lower().strip(".") if word else ""
        if w in _ABBREV or (len(w) == 1 and w.isalpha()):
            continue
        ends.append(m.end())
    if not ends or ends[-1] != end:
        ends.append(end)
    return ends


def _blocks(text: str, rules: dict[str, str]) -> list[list[int]]:
    """Blank-line separated blocks inside the document's body, as [start, end]."""
    start_re, stop_re, skip_re = (re.compile(rules[k]) for k in ("start", "stop", "skip"))
    one_per_line = rules.get("lines") == "1"
    blocks: list[list[int]] = []
    started, cur, skipping = False, None, False
    for s, e in _lines(text):
        line = text[s:e]
        if not started:
            started = bool(start_re.search(line))
            if not started:
                continue
        if stop_re.search(line):
            break
        if not line.strip():
            cur, skipping = None, False
            continue
        if skip_re.search(line) or "\t" in line:
            cur, skipping = None, True  # skip the rest of this block too
            continue
        if skipping:
            continue
        if cur is None or one_per_line:
            cur = [s, e]
            blocks.append(cur)
        else:
            cur[1] = e
    return [list(_strip(text, s, e)) for s, e in blocks]


def _is_heading(block: str) -> bool:
    """Headings: Markdown '#', bullets of a few words, or short unpunctuated lines."""
    b = block.strip()
    if b.startswith("#") or b == "---":
        return True
    if re.match(r"^\s*•", b) and len(b) < 80:
        return True
    if len(b) < 150 and not re.search(r"[.!?:;\"”’)…]$", b):
        return True
    if len(b) < 60 and "\n" not in b and b.endswith("?"):  # "What drives this policy?"
        return True
    if len(b) < 60 and b.endswith(":"):  # "Bonding social capital:"
        return True
    return len(b) < 120 and re.match(r"^\d+\.\s", b) is not None and not b.endswith(".")


def _ends_sentence(block: str) -> bool:
    return bool(re.search(r"[.!?:;\"”’)…]$", block.strip()))


@dataclass
class _Para:
    """A paragraph (or heading) of an English analysis while it is being joined."""

    start: int
    end: int
    heading: bool = False
    same_section: bool = False  # a non-heading paragraph precedes it in its section


def _join_blocks(text: str, blocks: list[list[int]]) -> list[_Para]:
    """Join page-broken paragraphs and drop headings.

    A block continues the previous paragraph when it starts in lower case (or
    with a digit, bracket or ellipsis) after a page break, or when the previous
    paragraph is long and does not end a sentence.
    """
    paras: list[_Para] = []
    for s, e in blocks:
        b = text[s:e]
        heading = _is_heading(b)
        cont = re.match(r"^[a-z0-9(…]|^-$", b) is not None or b.startswith("… ")
        prev = text[paras[-1].start : paras[-1].end] if paras else ""
        if paras and not heading and (cont or (not _ends_sentence(prev) and len(prev) >= 150)):
            paras[-1].end = e
        else:
            paras.append(_Para(s, e, heading=heading))
    return _drop_headings(paras)


def _drop_headings(paras: list[_Para]) -> list[_Para]:
    """Remove headings, noting which paragraphs follow another in the same section."""
    out: list[_Para] = []
    section_open = False
    for p in paras:
        if p.heading:
            section_open = False
            continue
        out.append(_Para(p.start, p.end, same_section=section_open))
        section_open = True
    return out


def split_analysis(text: str, rules: dict[str, str]) -> list[Span]:
    """Split an English analysis into passages of 1-5 sentences (step 2).

    Args:
        text: the file text.
        rules: start/stop/skip regexes for this document (EN_RULES).

    Returns:
        Candidate spans in document order, hinted "para N" or "para N part k/m".
    """
    paras = _join_blocks(text, _blocks(text, rules))
    # merge a short paragraph (< EN_MIN) with its neighbour in the same section
    merged: list[list[int]] = []
    for p in paras:
        short = p.end - p.start < EN_MIN or (merged and merged[-1][1] - merged[-1][0] < EN_MIN)
        if merged and p.same_section and short:
            merged[-1][1] = p.end
        else:
            merged.append([p.start, p.end])
    spans: list[Span] = []
    for n, (s, e) in enumerate(merged, 1):
        if e - s < EN_MIN:
            continue
        ends = _en_sentence_ends(text, s, e)
        if e - s <= EN_MAX and len(ends) <= EN_MAX_SENTS:
            spans.append(Span(s, e, f"para {n}"))
            continue
        cuts = _balanced_chunks(ends, s, EN_MAX, EN_MAX_SENTS)
        prev = s
        for k, c in enumerate(cuts, 1):
            ps, pe = _strip(text, prev, c)
            if pe - ps >= EN_MIN:
                spans.append(Span(ps, pe, f"para {n} part {k}/{len(cuts)}"))
            prev = c
    return spans


# ---------------------------------------------------------------- selection


def _stratified(spans: list[Span], k: int, rng: random.Random, must: set[int] | None = None) -> list[int]:
    """Pick k indices spread over the document: one random pick per equal bin.

    Indices in `must` are always kept; the remaining picks are spread over the
    other passages.
    """
    must = set(must or ())
    rest = [i for i in range(len(spans)) if i not in must]
    k_rest = max(0, min(k - len(must), len(rest)))
    picks = set(must)
    for b in range(k_rest):
        lo = b * len(rest) // k_rest
        hi = max(lo + 1, (b + 1) * len(rest) // k_rest)
        picks.add(rest[rng.randrange(lo, hi)])
    return sorted(picks)


def _allocate(counts: dict[str, int], total: int, fixed: dict[str, int]) -> dict[str, int]:
    """Allocate `total` picks over documents, proportional to their sizes."""
    alloc = dict(fixed)
    free = {d: c for d, c in counts.items() if d not in fixed}
    remaining = total - sum(fixed.values())
    size = sum(free.values())
    for d, c in free.items():
        alloc[d] = min(c, max(MIN_PER_DOC, round(remaining * c / size)))
    return alloc


def load_manifest(corpus: Path) -> list[dict[str, Any]]:
    """Manifest entries for the Markdown laws and text/Markdown analyses."""
    docs = []
    for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        p = d["path"]
        if (p.startswith("raw/laws/") and p.endswith(".md")) or (
            p.startswith("raw/analysis/") and p.endswith((".txt", ".md"))
        ):
            docs.append(d)
    return docs


def _read(corpus: Path, path: str) -> str:
    with open(corpus / path, encoding="utf-8", newline="") as fh:
        return fh.read()


def select(corpus: Path) -> list[dict[str, Any]]:
    """Run steps 1-4 and return the reference records."""
    rng = random.Random(SEED)
    docs = load_manifest(corpus)
    cands: dict[str, list[Span]] = {}
    texts: dict[str, str] = {}
    for d in docs:
        text = texts[d["doc_id"]] = _read(corpus, d["path"])
        if d["lang"] == "zh":
            cands[d["doc_id"]] = split_law(text)
        else:
            cands[d["doc_id"]] = split_analysis(text, EN_RULES[d["doc_id"]])
    groups = {
        "core": [d for d in docs if d["lang"] == "zh" and d["doc_type"] != "unrelated"],
        "unrelated": [d for d in docs if d["doc_type"] == "unrelated"],
        "en": [d for d in docs if d["lang"] == "en"],
    }
    targets = {"core": N_ZH_CORE, "unrelated": N_ZH_UNRELATED, "en": N_EN}
    chosen: list[tuple[dict[str, Any], Span]] = []
    for g, gdocs in groups.items():
        counts = {d["doc_id"]: len(cands[d["doc_id"]]) for d in gdocs}
        alloc = _allocate(counts, targets[g], {})
        for d in gdocs:
            spans, text = cands[d["doc_id"]], texts[d["doc_id"]]
            must = set()
            if d.get("scs_relevance") == "incidental":
                must = {i for i, s in enumerate(spans) if CREDIT_RE.search(text[s.start : s.end])}
            for i in _stratified(spans, max(alloc[d["doc_id"]], len(must)), rng, must):
                chosen.append((d, spans[i]))
    rng.shuffle(chosen)
    return [_record(n, d, s, texts[d["doc_id"]]) for n, (d, s) in enumerate(chosen, 1)]


def _record(n: int, d: dict[str, Any], s: Span, text: str) -> dict[str, Any]:
    span = text[s.start : s.end]
    return {
        "id": f"c{n:04d}",
        "doc_id": d["doc_id"],
        "path": d["path"],
        "start": s.start,
        "end": s.end,
        "sha1": hashlib.sha1(span.encode("utf-8")).hexdigest(),
        "lang": d["lang"],
        "origin": d["origin"],
        "doc_type": d["doc_type"],
        "hint": s.hint,
    }


def verify(corpus: Path, refs: list[dict[str, Any]]) -> list[str]:
    """Re-read every span from disk and return a list of problems (empty = ok)."""
    problems = []
    seen = set()
    for r in refs:
        text = _read(corpus, r["path"])
        span = text[r["start"] : r["end"]]
        if hashlib.sha1(span.encode("utf-8")).hexdigest() != r["sha1"]:
            problems.append(f"{r['id']}: sha1 mismatch")
        if span != span.strip() or not span:
            problems.append(f"{r['id']}: span not stripped")
        if (r["path"], r["start"]) in seen:
            problems.append(f"{r['id']}: duplicate span")
        seen.add((r["path"], r["start"]))
        n = len(span)
        if r["lang"] == "zh" and n > ZH_MAX:
            problems.append(f"{r['id']}: {n} chars > {ZH_MAX}")
        if r["lang"] == "en" and not EN_MIN <= n <= EN_MAX:
            problems.append(f"{r['id']}: {n} chars outside {EN_MIN}-{EN_MAX}")
        if "[redacted]" in span or "Kt.:" in span:
            problems.append(f"{r['id']}: quotes the Kraciuk title page")
        if r["doc_id"] == "an-kraciuk-2020" and r["start"] < text.index("The overall purpose of my research"):
            problems.append(f"{r['id']}: starts before the Kraciuk abstract")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Parse options, select, verify and write the references."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="shared corpus folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSONL")
    ap.add_argument("--dry-run", action="store_true", help="print counts, write nothing")
    args = ap.parse_args(argv)
    refs = select(args.corpus)
    problems = verify(args.corpus, refs)
    for p in problems:
        print(f"Error: {p}", file=sys.stderr)
    if problems:
        return 1
    if not args.dry_run:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as fh:
            for r in refs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    by: dict[tuple[str, str, str], int] = {}
    for r in refs:
        key = (r["lang"], r["origin"], r["doc_type"])
        by[key] = by.get(key, 0) + 1
    print(f"{len(refs)} passages" + ("" if args.dry_run else f" -> {args.out}"), file=sys.stderr)
    for key, n in sorted(by.items()):
        print("  " + " / ".join(key) + f": {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Vocabulary of the passages in scope: sparse counts, keyness and glossary concepts.

1. :func:`load_text` reads the ``tokens`` column once and builds one sparse
   passages × terms count matrix per language (``tokens`` are jieba words for
   Chinese and lower-case words for English, made at ingest time).
2. :func:`keyness` compares one group with the rest of its language:
   log-likelihood G², log ratio and a Bonferroni-corrected p-value.
3. :func:`load_text` also counts the glossary's concepts in each group, both
   languages together, per 10,000 tokens, with G² and log ratio against the rest.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy import stats as sps
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from scsmine.report import glossary, stats
from scsmine.store import reporting as sql

__all__ = ["LangData", "TextData", "eligible", "keyness", "load_text", "stopwords"]

_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words never listed as distinctive: sklearn's English list and ``stopwords_zh.txt``."""
    text = resources.files("scsmine.report").joinpath("stopwords_zh.txt").read_text("utf-8")
    zh = {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}
    return frozenset(ENGLISH_STOP_WORDS) | frozenset(zh)


def eligible(term: str) -> bool:
    """Whether a term may be listed: two or more characters, a letter, not a stop word."""
    return len(term) >= 2 and bool(_LETTER.search(term)) and term not in stopwords()


@dataclass
class LangData:
    """Passages of one language as a sparse count matrix.

    Attributes:
        lang: Language code.
        rowids: Passage rowids, in corpus order.
        group: Index of each passage's group in :attr:`TextData.groups`.
        counts: Passages × terms token counts (CSR).
        vocab: The terms, sorted.
        ok: Which terms may be listed (:func:`eligible`).
        group_counts: Groups × terms token counts (dense).
    """

    lang: str
    rowids: NDArray[np.int64]
    group: NDArray[np.int64]
    counts: sparse.csr_matrix
    vocab: NDArray[np.str_]
    ok: NDArray[np.bool_]
    group_counts: NDArray[np.float64]


@dataclass
class TextData:
    """Everything the vocabulary sections need, read in one pass."""

    groups: list[str]
    langs: dict[str, LangData]
    concepts: list[dict[str, Any]]


def _matrix(lang: str, rowids: list[int], group: list[int], docs: list[str], n_groups: int) -> LangData:
    vec = CountVectorizer(analyzer=str.split, dtype=np.int32)
    counts = vec.fit_transform(docs).tocsr()
    vocab = vec.get_feature_names_out()
    ok = np.fromiter((eligible(t) for t in vocab), dtype=bool, count=len(vocab))
    g = np.asarray(group, dtype=np.int64)
    indicator = sparse.csr_matrix((np.ones(len(g)), (g, np.arange(len(g)))), shape=(n_groups, len(g)))
    group_counts = np.asarray((indicator @ counts).todense(), dtype=float)
    return LangData(lang, np.asarray(rowids, dtype=np.int64), g, counts, vocab, ok, group_counts)


def load_text(conn: sqlite3.Connection, scope: sql.Scope, by: str, groups: Sequence[str]) -> TextData:
    """Read the tokens of every passage in scope and count terms and concepts per group."""
    index = {g: i for i, g in enumerate(groups)}
    per_lang: dict[str, tuple[list[int], list[int], list[str]]] = {}
    zh_text: list[list[str]] = [[] for _ in groups]
    en_text: list[list[str]] = [[] for _ in groups]
    for rowid, grp, lang, tokens, text in sql.token_rows(conn, scope, by):
        rows, gs, docs = per_lang.setdefault(lang, ([], [], []))
        rows.append(rowid)
        gs.append(index[grp])
        docs.append(tokens)
        if lang == "zh":
            zh_text[index[grp]].append(text)
        elif lang == "en":
            en_text[index[grp]].append(glossary.pad_tokens(tokens))
    langs = {lang: _matrix(lang, *per_lang[lang], len(groups)) for lang in sorted(per_lang) if any(per_lang[lang][2])}
    totals = sum((d.group_counts.sum(axis=1) for d in langs.values()), np.zeros(len(groups)))
    concepts = _concepts(groups, ["\n".join(t) for t in zh_text], ["\n".join(t) for t in en_text], totals)
    return TextData(list(groups), langs, concepts)


def keyness(data: LangData, g: int, *, top: int = 25, min_freq: int = 5) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The terms most over-used by group ``g`` against the rest of its language.

    Args:
        data: One language's counts.
        g: Index of the target group.
        top: How many terms to list.
        min_freq: Least frequency in the target group.

    Returns:
        Rows (term, freq, per_10k, freq_rest, per_10k_rest, g2, log_ratio, p_value, significant), by G²
        (then term), and the totals used (tokens, tokens_rest, candidates).
    """
    a = data.group_counts[g]
    b = data.group_counts.sum(axis=0) - a
    c, d = float(a.sum()), float(b.sum())
    info = {"tokens": int(c), "tokens_rest": int(d), "candidates": 0}
    if c == 0 or d == 0:
        return [], info
    score = stats.g2(a, b, c, d)
    ratio = stats.log_ratio(a, b, c, d)
    keep = data.ok & (a >= min_freq) & (a / c > b / d)
    info["candidates"] = int(keep.sum())
    idx = np.flatnonzero(keep)
    order = idx[np.lexsort((data.vocab[idx], -score[idx]))][:top]
    pvals = sps.chi2.sf(score[order], 1)
    alpha = 0.05 / max(1, int(data.ok.sum()))
    rows = [
        {
            "term": str(data.vocab[i]),
            "freq": int(a[i]),
            "per_10k": round(a[i] / c * 1e4, 3),
            "freq_rest": int(b[i]),
            "per_10k_rest": round(b[i] / d * 1e4, 3),
            "g2": round(float(score[i]), 4),
            "log_ratio": round(float(ratio[i]), 4),
            "p_value": float(f"{p:.4g}"),
            "significant": bool(p < alpha),
        }
        for i, p in zip(order, pvals, strict=True)
    ]
    return rows, info


def _concepts(groups: Sequence[str], zh: list[str], en: list[str], totals: NDArray[np.float64]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    concepts = glossary.load_glossary()
    counts = np.array(
        [[glossary.count_terms(c, zh[i], en[i]) for i in range(len(groups))] for c in concepts], dtype=float
    )
    if counts.size == 0:
        return out
    occurrences = counts.sum(axis=2)  # concepts × groups
    for ci, concept in enumerate(concepts):
        for gi, group in enumerate(groups):
            a, tokens = occurrences[ci, gi], totals[gi]
            b, rest = occurrences[ci].sum() - a, totals.sum() - tokens
            valid = tokens > 0 and rest > 0
            out.append(
                {
                    "concept": concept.id,
                    "label": concept.label,
                    "group": group,
                    "zh": int(counts[ci, gi, 0]),
                    "en": int(counts[ci, gi, 1]),
                    "occurrences": int(a),
                    "tokens": int(tokens),
                    "per_10k": round(a / tokens * 1e4, 3) if tokens else 0.0,
                    "g2": round(float(stats.g2(np.array([a]), np.array([b]), tokens, rest)[0]), 4) if valid else None,
                    "log_ratio": round(float(stats.log_ratio(np.array([a]), np.array([b]), tokens, rest)[0]), 4)
                    if valid and a + b > 0
                    else None,
                }
            )
    return out

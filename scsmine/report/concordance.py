"""Keyword in context and collocates of a term (pure functions over passage texts and tokens)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from scsmine.report import glossary, stats
from scsmine.report.text import eligible

__all__ = ["collocates", "is_chinese", "kwic", "spans"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACE = re.compile(r"\s+")


def is_chinese(term: str) -> bool:
    """Whether a term contains Han characters."""
    return bool(_HAN.search(term))


def _pattern(term: str) -> re.Pattern[str]:
    if is_chinese(term):
        return re.compile(re.escape(term))
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"\b" + r"\W+".join(words) + r"\w*", re.IGNORECASE)


def kwic(text: str, terms: Sequence[str], width: int = 40) -> list[tuple[str, str, str]]:
    """(left, match, right) for each occurrence of any term in ``text``, in text order, non-overlapping."""
    flat = _SPACE.sub(" ", text)
    found: list[tuple[int, int]] = []
    for term in terms:
        found += [(m.start(), m.end()) for m in _pattern(term).finditer(flat)]
    out, last = [], -1
    for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
        if start < last:
            continue
        left = flat[max(0, start - width) : start]
        right = flat[end : end + width]
        out.append(
            (("…" if start > width else "") + left, flat[start:end], right + ("…" if end + width < len(flat) else ""))
        )
        last = end
    return out


def spans(tokens: Sequence[str], term: str, longest: int = 6) -> list[tuple[int, int]]:
    """Token spans [i, j) that spell ``term`` (Chinese: joined without spaces; English: words, plural allowed)."""
    out = []
    if is_chinese(term):
        for i in range(len(tokens)):
            text = ""
            for j in range(i, min(len(tokens), i + longest)):
                text += tokens[j]
                if text == term:
                    out.append((i, j + 1))
                if len(text) >= len(term):
                    break
        return out
    forms = [p.split() for p in glossary.en_patterns(term)]
    for i in range(len(tokens)):
        for form in forms:
            if list(tokens[i : i + len(form)]) == form:
                out.append((i, i + len(form)))
                break
    return out


def collocates(
    token_lists: Iterable[Sequence[str]],
    terms: Sequence[str],
    corpus: Counter[str],
    corpus_size: int,
    *,
    window: int = 5,
    top: int = 25,
    min_freq: int = 2,
) -> list[dict[str, Any]]:
    """Words over-represented within ``window`` tokens of the terms, against the whole corpus of that language.

    Args:
        token_lists: Tokens of the passages holding the terms.
        terms: The terms (any of them is a node).
        corpus: Token frequencies of every passage of the language in scope.
        corpus_size: Total tokens of that corpus.
        window: Tokens on each side.
        top: Rows to return.
        min_freq: Least co-occurrence count.

    Returns:
        Rows (collocate, window_freq, corpus_freq, g2, log_ratio), by G² then collocate.
    """
    near: Counter[str] = Counter()
    for tokens in token_lists:
        for term in terms:
            for i, j in spans(tokens, term):
                near.update(tokens[max(0, i - window) : i])
                near.update(tokens[j : j + window])
    for term in terms:
        for part in [term, *term.split()]:
            near.pop(part, None)
    size = sum(near.values())
    words = [w for w, n in near.items() if n >= min_freq and eligible(w) and corpus.get(w, 0) >= n]
    if not words or size == 0 or corpus_size <= size:
        return []
    a = np.array([near[w] for w in words], dtype=float)
    f = np.array([corpus[w] for w in words], dtype=float)
    b = f - a
    g = stats.g2(a, b, size, corpus_size - size)
    lr = stats.log_ratio(a, b, size, corpus_size - size)
    keep = [i for i in range(len(words)) if a[i] / size > b[i] / (corpus_size - size)]
    keep.sort(key=lambda i: (-g[i], words[i]))
    return [
        {
            "collocate": words[i],
            "window_freq": int(a[i]),
            "corpus_freq": int(f[i]),
            "g2": round(float(g[i]), 4),
            "log_ratio": round(float(lr[i]), 4),
        }
        for i in keep[:top]
    ]

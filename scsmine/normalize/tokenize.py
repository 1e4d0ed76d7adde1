"""Word tokens for analysis and index tokens for full-text search.

* :func:`tokens` segments Chinese with jieba's algorithm (the ``rjieba``
  binding of jieba-rs, which gives jieba's tokens much faster) and an SCS
  user dictionary (``scs_userdict.txt``: 失信被执行人, 联合惩戒, 信用修复, ...);
  English is split into lower-cased words.
* :func:`index_tokens` makes the full-text index column: overlapping
  bigrams for each run of Han characters (plus the run's last character)
  and words for everything else, so that any Chinese substring of two or
  more characters is a phrase of consecutive bigrams (exact phrase search
  without relying on segmentation), and English words go through FTS5's
  Porter stemmer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import rjieba

from scsmine.normalize.cleanup import clean_line
from scsmine.normalize.script import to_simplified

__all__ = ["USERDICT", "index_tokens", "query_tokens", "segmenter", "tokens", "user_words"]

USERDICT = "scs_userdict.txt"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KEEP = re.compile(r"\w", re.UNICODE)


def user_words() -> list[tuple[str, int, str]]:
    """The SCS user dictionary as (word, frequency, POS tag)."""
    text = resources.files("scsmine.normalize").joinpath(USERDICT).read_text("utf-8")
    out = []
    for line in text.splitlines():
        parts = line.split()
        if parts:
            out.append((parts[0], int(parts[1]) if len(parts) > 1 else 0, parts[2] if len(parts) > 2 else ""))
    return out


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """The shared jieba-rs segmenter with the SCS user dictionary loaded."""
    jieba = rjieba.Jieba()
    for word, freq, tag in user_words():
        jieba.add_word(word, freq or None, tag or None)
    return jieba


def tokens(text: str, lang: str = "zh") -> list[str]:
    """Word tokens of ``text``, without punctuation or spaces.

    Chinese is cut with jieba's algorithm (HMM on, like ``jieba.cut``);
    Latin-script words are lower-cased. Mixed text is handled in one pass:
    jieba passes Latin words through as tokens.
    """
    if lang == "zh" or _HAN_CHAR.search(text):
        return [t.lower() for t in segmenter().cut(text, True) if _KEEP.search(t)]
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def _gram_run(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_tokens(text: str) -> list[str]:
    """Index tokens of (simplified) ``text``: Han bigrams plus words, in order."""
    out: list[str] = []
    pos = 0
    for m in _HAN_RUN.finditer(text):
        out.extend(w.lower() for w in _WORD.findall(text[pos : m.start()]))
        out.extend(_gram_run(m.group(0)))
        pos = m.end()
    out.extend(w.lower() for w in _WORD.findall(text[pos:]))
    return out


def query_tokens(query: str) -> tuple[list[str], bool]:
    """Index tokens for a search query, and whether to match as a prefix.

    The query is cleaned and converted to simplified script, so 誠信 finds
    诚信. A single Han character is matched as a prefix of the bigrams.
    Every character that means something to FTS5 is dropped here or quoted
    by the store, so no query can break the search.
    """
    simple = to_simplified(clean_line(query))
    out: list[str] = []
    pos = 0
    for m in _HAN_RUN.finditer(simple):
        out.extend(w.lower() for w in _WORD.findall(simple[pos : m.start()]))
        run = m.group(0)
        out.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        pos = m.end()
    out.extend(w.lower() for w in _WORD.findall(simple[pos:]))
    prefix = len(out) == 1 and len(out[0]) == 1 and bool(_HAN_RUN.fullmatch(out[0]))
    return out, prefix

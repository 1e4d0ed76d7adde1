"""Features of the supervised tagger: word and character n-grams plus cue counts.

Implements the input side of the classifier for the labels of CODEBOOK.md
§1-3. For each passage:

1. Clean it (:func:`scsmine.normalize.cleanup.clean_line`), put it into
   simplified script and lower case, and find its language when not given.
2. Words: jieba-algorithm tokens (:func:`scsmine.normalize.tokenize.tokens`)
   for Chinese, lower-cased words for English; unigrams and bigrams.
3. Characters: 1-3-grams of every run of Han characters (robust to
   segmentation errors and to traditional script, already simplified) and,
   optionally, character n-grams of Latin-script words (robust to
   inflection, spelling variants and unseen compounds).
4. Cues: summed weights of the codebook cues per driver, frame and tone
   label (:class:`scsmine.tag.cues.CueMatcher`), as ``log1p``.

Blocks 2 and 3 are TF-IDF weighted (sublinear tf, smoothed idf, l2 norm per
block), exactly as scikit-learn's ``TfidfVectorizer`` computes them, so the
fitted vocabularies and idf can be stored and applied with numpy alone.
When a stored model predicts, the Han n-grams of step 3 are not built as
strings: :class:`HanIndex` packs each into an integer of its code points
and finds it among the vocabulary's with numpy, giving the same counts
(most of the time of tagging Chinese text went into those strings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise, repeat

import numpy as np
from scipy import sparse

from scsmine.normalize.cleanup import clean_line
from scsmine.normalize.lang import detect_lang
from scsmine.normalize.script import to_simplified
from scsmine.normalize.tokenize import segmenter, tokens
from scsmine.tag.codebook import KINDS, Codebook
from scsmine.tag.cues import CueMatcher, match_text

__all__ = ["Analyzed", "FeatureConfig", "HanIndex", "Vocabulary", "analyze", "analyze_many", "cue_block", "tfidf"]

_KEEP = re.compile(r"\w", re.UNICODE)
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))  # CJK extension A, unified, compatibility
_HAN_RUN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES) + "]+")


@dataclass(frozen=True)
class FeatureConfig:
    """How passages become features (stored with a model).

    Attributes:
        char_max: Longest Han character n-gram (1..char_max).
        word_bigrams: Add word bigrams to unigrams.
        min_df: Minimum document frequency of an n-gram when fitting.
        word_weight: Scale of the word block.
        char_weight: Scale of the character block.
        cue_weight: Scale of the cue block.
        lang_cues: Add a Chinese copy of the cue columns and a language
            indicator, so cues can weigh differently per language.
        latin_char_max: Longest character n-gram of Latin-script words
            (``latin_char_min``..``latin_char_max`` of `` word ``, added to
            the character block); 0 for none.
        latin_char_min: Shortest such n-gram.
    """

    char_max: int = 3
    word_bigrams: bool = True
    min_df: int = 2
    word_weight: float = 1.0
    char_weight: float = 1.0
    cue_weight: float = 0.5
    lang_cues: bool = False
    latin_char_max: int = 0
    latin_char_min: int = 3


@dataclass(frozen=True)
class Analyzed:
    """One passage broken into feature strings."""

    words: list[str]
    chars: list[str]
    cue_text: str
    lang: str


def _words(simple: str, lang: str) -> list[str]:
    """:func:`~scsmine.normalize.tokenize.tokens` of lower-case simplified text, with a fast path
    for the common case (a token that is all letters or digits)."""
    if lang != "zh" and not _HAN_RUN.search(simple):
        return tokens(simple, lang)
    keep = _KEEP.search
    return [t for t in segmenter().cut(simple, True) if t.isalnum() or keep(t)]


@lru_cache(maxsize=65536)
def _word_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    """Character ``low``..``high``-grams of one word padded with spaces (cached: words repeat)."""
    padded = f" {word} "
    size = len(padded)
    return tuple(padded[i:i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1))


def _latin_chars(words: list[str], low: int, high: int) -> list[str]:
    """Character ``low``..``high``-grams of each Latin-script word padded with spaces."""
    if high <= 0:
        return []
    out: list[str] = []
    for word in words:
        if word.isascii() and word.isalpha():
            out += _word_grams(word, low, high)
    return out


def analyze(text: str, lang: str | None, config: FeatureConfig, *, han_grams: bool = True) -> Analyzed:
    """Steps 1-3 of the module docstring for one passage.

    With ``han_grams`` false, ``chars`` holds the Latin character n-grams
    only; :class:`HanIndex` then counts the Han n-grams of ``cue_text``
    (same runs: it differs from the simplified text only in whitespace).
    """
    simple = to_simplified(clean_line(text)).lower()
    lang = lang if lang in ("zh", "en") else detect_lang(simple)
    words = _words(simple, lang)
    chars: list[str] = _latin_chars(words, config.latin_char_min, config.latin_char_max)
    if config.word_bigrams and len(words) > 1:
        words = words + [a + " " + b for a, b in pairwise(words)]
    top = config.char_max
    for run in _HAN_RUN.findall(simple) if han_grams else ():
        size = len(run)
        chars += run
        for n in range(2, min(top, size) + 1):
            chars += [run[i:i + n] for i in range(size - n + 1)]
    return Analyzed(words, chars, match_text(simple), lang)


def analyze_many(texts: Sequence[str], langs: Sequence[str | None], config: FeatureConfig, *,
                 han_grams: bool = True) -> list[Analyzed]:
    """:func:`analyze` for many passages."""
    return [analyze(t, lang, config, han_grams=han_grams) for t, lang in zip(texts, langs, strict=True)]


@dataclass(frozen=True)
class Vocabulary:
    """A fitted TF-IDF block: term → column, and the idf of each column."""

    terms: dict[str, int]
    idf: np.ndarray

    @property
    def size(self) -> int:
        """Number of columns."""
        return len(self.idf)


_BITS = 21  # code points fit in 21 bits, so up to three pack into one int64


def _is_han(points: np.ndarray) -> np.ndarray:
    out = np.zeros(len(points), dtype=bool)
    for lo, hi in _HAN_RANGES:
        out |= (points >= lo) & (points <= hi)
    return out


class HanIndex:
    """Counts the Han character 1..3-grams of many texts with numpy, for one vocabulary.

    Gives exactly the (row, column) pairs that looking up every Han n-gram
    of :func:`analyze` in the vocabulary gives, without building the
    strings: each n-gram is packed into an int64 of its code points and
    found by binary search among the packed in-vocabulary terms.
    """

    def __init__(self, vocab: Vocabulary, char_max: int) -> None:
        if not 1 <= char_max <= 3:
            raise ValueError("HanIndex packs at most three characters")
        self.char_max = char_max
        pairs = sorted((self.pack(term), col) for term, col in vocab.terms.items()
                       if len(term) <= char_max and _HAN_RUN.fullmatch(term))
        self.keys = np.array([k for k, _ in pairs], dtype=np.int64)
        self.cols = np.array([c for _, c in pairs], dtype=np.int64)

    @staticmethod
    def pack(term: str) -> int:
        """The int64 key of a Han n-gram."""
        key = 0
        for ch in term:
            key = (key << _BITS) | ord(ch)
        return key

    def pairs(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every in-vocabulary Han n-gram occurrence in ``texts``."""
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        joined = "\n".join(texts) + "\n"  # the separator is not Han, so no n-gram crosses texts
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        row_of = np.repeat(np.arange(len(texts)), lengths)
        han = _is_han(points)
        rows, cols = [], []
        key = np.where(han, points, 0)
        run = han.copy()
        for n in range(1, self.char_max + 1):
            if n > 1:  # extend every n-1-gram that starts at i by the character at i + n - 1
                key = (key[:-1] << _BITS) | points[n - 1:]
                run = run[:-1] & han[n - 1:]
            at = np.flatnonzero(run)
            found = np.searchsorted(self.keys, key[at])
            found[found == len(self.keys)] = 0
            hit = self.keys[found] == key[at] if len(self.keys) else np.zeros(len(at), dtype=bool)
            rows.append(row_of[at[hit]])
            cols.append(self.cols[found[hit]])
        return np.concatenate(rows), np.concatenate(cols)


def tfidf(docs: Sequence[list[str]], vocab: Vocabulary,
          extra: tuple[np.ndarray, np.ndarray] | None = None) -> sparse.csr_matrix:
    """TF-IDF rows as scikit-learn computes them (sublinear tf, idf, l2 norm).

    ``extra`` adds (row, column) occurrences found otherwise (:class:`HanIndex`).
    """
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    terms = list(chain.from_iterable(docs))
    ids = np.fromiter(map(vocab.terms.get, terms, repeat(-1, len(terms))), dtype=np.int64, count=len(terms))
    keep = ids >= 0
    rows = np.repeat(np.arange(len(docs)), lengths)[keep]
    indices = ids[keep]
    if extra is not None:
        rows = np.concatenate([rows, extra[0]])
        indices = np.concatenate([indices, extra[1]])
    counts = sparse.csr_matrix((np.ones(len(indices)), (rows, indices)), shape=(len(docs), vocab.size))
    counts.sum_duplicates()
    counts.data = (np.log(counts.data) + 1.0) * vocab.idf[counts.indices]
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    counts.data /= np.repeat(norms, np.diff(counts.indptr))
    return counts


def cue_block(analyzed: Sequence[Analyzed], matchers: Sequence[CueMatcher], lang_cues: bool = False) -> np.ndarray:
    """Step 4: ``log1p`` of cue weights, one column per label of each kind.

    With ``lang_cues``, the columns are repeated for Chinese passages only
    (zero for English), followed by a Chinese-language indicator.
    """
    texts = [a.cue_text for a in analyzed]
    blocks = [np.log1p(m.matrix(texts, prepared=True)) for m in matchers]
    base = np.hstack(blocks) if blocks else np.zeros((len(texts), 0))
    if not lang_cues:
        return base
    zh = np.array([a.lang == "zh" for a in analyzed], dtype=np.float64)[:, None]
    return np.hstack([base, base * zh, zh])


def matchers_for(codebook: Codebook) -> list[CueMatcher]:
    """One cue matcher per kind, in :data:`~scsmine.tag.codebook.KINDS` order."""
    return [CueMatcher(codebook, kind) for kind in KINDS]

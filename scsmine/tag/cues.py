"""Fast cue matching with an Aho-Corasick automaton per group.

Implements the cue semantics of the codebook file (labels of CODEBOOK.md
§1-3, quanteda-style globs):

1. The text is put into simplified script and lower case, and every run of
   spaces or hyphens becomes one space (:func:`match_text`).
2. Each cue's literal head (the part before its first wildcard) goes into
   one Aho-Corasick automaton per group (drivers, frames, tone); a scan
   yields leftmost-longest, non-overlapping head matches, so at each
   position the longest cue wins.
3. A head match is confirmed: English cues need word edges (no letter or
   digit on either side); cues with ``*`` (any characters of a word; in
   Chinese up to six characters) or ``?`` (one character) are checked with
   a small regex at that position.
4. Each distinct cue counts once per passage with its weight (1, or 0.5
   under ``weak``); its matched text is the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick
import numpy as np

from scsmine.normalize.script import to_simplified
from scsmine.tag.codebook import Codebook, Cue

__all__ = ["CueMatcher", "GroupHits", "match_text"]

_SPACES = re.compile(r"[\s\-‐‑–—]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_EN_STAR = r"[a-z0-9'’]*"
_ZH_STAR = r"[^\s，。；：！？、,.;:!?]{0,6}?"
_ONE = r"[^\s，。；：！？、,.;:!?]"


def match_text(text: str) -> str:
    """The form of ``text`` that cues are matched against."""
    return _SPACES.sub(" ", to_simplified(text).lower())


def _head(pattern: str) -> str:
    """The literal part of a pattern before its first wildcard."""
    cut = min((i for i in (pattern.find("*"), pattern.find("?")) if i >= 0), default=len(pattern))
    return pattern[:cut]


def _cue_regex(cue: Cue) -> re.Pattern[str]:
    """Regex for a whole cue, matched at the head's start."""
    star = _EN_STAR if cue.lang == "en" else _ZH_STAR
    body = "".join(star if ch == "*" else _ONE if ch == "?" else re.escape(ch) for ch in _pattern(cue))
    return re.compile(body + (r"(?![a-z0-9])" if cue.lang == "en" else ""))


def _pattern(cue: Cue) -> str:
    # Chinese has no spaces between words: a multi-word Chinese cue matches its parts joined.
    return cue.pattern.replace(" ", "") if cue.lang == "zh" else cue.pattern


@dataclass(frozen=True)
class GroupHits:
    """Cue hits of one passage in one group.

    Attributes:
        scores: Label → summed weight of the distinct cues that fired.
        evidence: Label → the matched text of each distinct cue, in order.
    """

    scores: dict[str, float]
    evidence: dict[str, tuple[str, ...]]


class CueMatcher:
    """All cues of one kind of a codebook, compiled for fast matching.

    Args:
        codebook: The codebook whose cues to use.
        kind: ``driver``, ``frame`` or ``tone``.
    """

    def __init__(self, codebook: Codebook, kind: str) -> None:
        self.kind = kind
        self.labels = codebook.labels[kind]
        self.cues: tuple[Cue, ...] = codebook.cues_of(kind)
        self._index = {label: i for i, label in enumerate(self.labels)}
        self._regex: list[re.Pattern[str] | None] = []
        self._leading: list[int] = []
        heads: dict[str, list[int]] = {}
        for i, cue in enumerate(self.cues):
            pattern = _pattern(cue)
            head = _head(pattern)
            self._regex.append(None if head == pattern else _cue_regex(cue))
            if head:
                heads.setdefault(head, []).append(i)
            else:
                self._leading.append(i)
        self._automaton = ahocorasick.Automaton()
        for head, ids in heads.items():
            self._automaton.add_word(head, (len(head), tuple(ids)))
        self._empty = not heads
        if heads:
            self._automaton.make_automaton()

    def _confirm(self, text: str, start: int, end: int, i: int) -> str | None:
        """The matched text of cue ``i`` whose head spans ``text[start:end]``, or ``None``."""
        cue = self.cues[i]
        if cue.lang == "en" and start > 0 and text[start - 1] in _ALNUM:
            return None
        rx = self._regex[i]
        if rx is None:
            if cue.lang == "en" and end < len(text) and text[end] in _ALNUM:
                return None
            return text[start:end]
        m = rx.match(text, start)
        return m.group(0) if m else None

    def _found(self, text: str) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        if not self._empty:
            for last, (size, ids) in self._automaton.iter_long(text):
                start = last - size + 1
                for i in ids:
                    found = self._confirm(text, start, last + 1, i)
                    if found is not None:
                        out.append((i, found))
        for i in self._leading:
            rx = self._regex[i]
            assert rx is not None
            out.extend((i, m.group(0)) for m in rx.finditer(text))
        return out

    def hits(self, text: str, *, prepared: bool = False) -> GroupHits:
        """Cue hits of one passage.

        Args:
            text: The passage text.
            prepared: ``text`` is already :func:`match_text` output.
        """
        scores: dict[str, float] = {}
        evidence: dict[str, list[str]] = {}
        fired: set[int] = set()
        for i, found in self._found(text if prepared else match_text(text)):
            if i in fired:
                continue
            fired.add(i)
            cue = self.cues[i]
            scores[cue.label] = scores.get(cue.label, 0.0) + cue.weight
            evidence.setdefault(cue.label, []).append(found)
        return GroupHits(scores, {k: tuple(v) for k, v in evidence.items()})

    def matrix(self, texts: Sequence[str], *, prepared: bool = False) -> np.ndarray:
        """Summed cue weights, one row per text and one column per label."""
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float64)
        index = self._index
        for row, text in enumerate(texts):
            fired: set[int] = set()
            for i, _ in self._found(text if prepared else match_text(text)):
                if i not in fired:
                    fired.add(i)
                    cue = self.cues[i]
                    out[row, index[cue.label]] += cue.weight
        return out

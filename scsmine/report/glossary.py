"""The bilingual concept glossary (``glossary.tsv``) and concept counting.

A concept joins Chinese and English terms (失信被执行人 ↔ judgment
defaulter). Chinese terms are counted as substrings of the simplified text;
English terms as whole words of the ``tokens`` column, with a regular plural
of the last word added. The glossary lets the report compare groups across
languages and lets ``scsmine report topic`` expand a query to both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Concept", "count_terms", "en_patterns", "find_concept", "load_glossary", "nested_terms", "pad_tokens"]

GLOSSARY = "glossary.tsv"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Concept:
    """One concept of the glossary.

    Attributes:
        id: Stable identifier, e.g. ``judgment_defaulter``.
        label: English label for tables and figures.
        zh: Chinese terms (simplified script).
        en: English terms (lower case, words separated by one space).
    """

    id: str
    label: str
    zh: tuple[str, ...]
    en: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """All terms, Chinese first."""
        return self.zh + self.en


def _words(term: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(term))


@lru_cache(maxsize=1)
def load_glossary() -> tuple[Concept, ...]:
    """The packaged glossary, in file order."""
    text = resources.files("scsmine.report").joinpath(GLOSSARY).read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("concept\t"):
            continue
        cid, label, zh, en = [*line.split("\t"), "", "", "", ""][:4]
        out.append(
            Concept(cid, label, tuple(t for t in zh.split("|") if t), tuple(_words(t) for t in en.split("|") if t))
        )
    return tuple(out)


def find_concept(query: str) -> Concept | None:
    """The concept whose id, label or any term equals ``query`` (case-insensitive), if any."""
    key = query.strip().casefold()
    words = _words(query)
    for concept in load_glossary():
        if (
            key in (concept.id.casefold(), concept.label.casefold())
            or query.strip() in concept.zh
            or words in concept.en
        ):
            return concept
    return None


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def en_patterns(term: str) -> list[str]:
    """Search strings of an English term in :func:`pad_tokens` text: the term and its plural."""
    words = term.split()
    forms = dict.fromkeys([" ".join(words), " ".join([*words[:-1], _plural(words[-1])])])
    return [" " + form.replace(" ", "  ") + " " for form in forms]


def pad_tokens(tokens: str) -> str:
    """A ``tokens`` string with every word between spaces, so ``" word "`` finds whole words only."""
    return " " + tokens.replace(" ", "  ") + " "


def count_terms(concept: Concept, zh_text: str, en_padded: str) -> tuple[int, int]:
    """Occurrences of a concept in Chinese text and in padded English tokens.

    Args:
        concept: The concept.
        zh_text: Chinese passages (simplified), joined with newlines.
        en_padded: English passages through :func:`pad_tokens`, joined with newlines.

    Returns:
        (Chinese occurrences, English occurrences).
    """
    zh = sum(zh_text.count(t) for t in concept.zh) if zh_text else 0
    en = sum(en_padded.count(p) for t in concept.en for p in en_patterns(t)) if en_padded else 0
    return zh, en


def nested_terms(concepts: Iterable[Concept]) -> list[tuple[str, str, str]]:
    """(concept, term, longer term) wherever one term of a concept contains another (should be none)."""
    out = []
    for c in concepts:
        zh_pairs = [(a, b) for a in c.zh for b in c.zh if a != b and a in b]
        en_forms = {p: t for t in c.en for p in en_patterns(t)}
        en_pairs = [
            (en_forms[a], en_forms[b]) for a in en_forms for b in en_forms if en_forms[a] != en_forms[b] and a in b
        ]
        out += [(c.id, a, b) for a, b in zh_pairs + en_pairs]
    return out

"""The ``--where`` filter language: parsed into conditions, never into SQL.

Grammar (keywords and field names are case-insensitive)::

    filter    := condition ( "and" condition )*
    condition := field op value
               | field "in" "(" value ( "," value )* ")"
    field     := origin | lang | doc_type | level | jurisdiction | year
    op        := "=" | "!=" | ">=" | "<=" | ">" | "<"
    value     := word | 'single quoted' | "double quoted"
    word      := letters (any script), digits, _ . - /

Examples: ``doc_type!=unrelated and lang=zh and year>=2015``,
``origin in (domestic, foreign) and jurisdiction='Shanghai'``.

Rules: ``>``, ``>=``, ``<`` and ``<=`` apply to ``year`` only and ``year``
takes whole numbers; ``origin``, ``doc_type`` and ``level`` take the values of
:mod:`scsmine.core.models`; ``lang`` is the passage's language code. There is
no ``or``: use ``in``. ``!=`` keeps documents where the field is empty, and
a comparison on ``year`` drops undated documents. The store turns the parsed
conditions into parameterized SQL (:func:`scsmine.store.reporting.scope_sql`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scsmine.core.errors import UsageError
from scsmine.core.models import DOC_TYPES, LEVELS, ORIGINS

__all__ = ["FIELDS", "OPERATORS", "Condition", "describe_where", "parse_where"]

FIELDS = ("origin", "lang", "doc_type", "level", "jurisdiction", "year")
OPERATORS = ("=", "!=", ">=", "<=", ">", "<", "in")
_ORDERED = (">=", "<=", ">", "<")
_CHOICES: dict[str, tuple[str, ...]] = {"origin": ORIGINS, "doc_type": DOC_TYPES, "level": LEVELS}
_TOKEN = re.compile(
    r"\s*(?:(?P<op>!=|>=|<=|=|>|<)|(?P<punct>[(),])|'(?P<sq>[^']*)'|\"(?P<dq>[^\"]*)\"|(?P<word>[\w.\-/]+))"
)
_EXAMPLE = "doc_type!=unrelated and lang=zh and year>=2015"


class Condition(NamedTuple):
    """One parsed condition: ``field op values`` (one value unless ``op`` is ``in``)."""

    field: str
    op: str
    values: tuple[str | int, ...]


class _Tok(NamedTuple):
    kind: str  # op, punct, str, word
    text: str
    pos: int


def _bad(text: str, problem: str) -> UsageError:
    return UsageError(
        f"bad --where filter {text!r}: {problem}",
        f"valid fields: {', '.join(FIELDS)}; operators: {' '.join(OPERATORS)}; join conditions with 'and'"
        f" (e.g. {_EXAMPLE}); see docs/reports.md",
    )


def _lex(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].lstrip()[:1]
            raise _bad(text, f"unexpected character {bad!r} at position {pos + 1}")
        kind = m.lastgroup or "word"
        value = m.group(kind)
        out.append(_Tok("str" if kind in ("sq", "dq") else kind, value, m.start(kind)))
        pos = m.end()
    return out


def _value(text: str, field: str, tok: _Tok, op: str) -> str | int:
    if tok.kind not in ("word", "str"):
        raise _bad(text, f"expected a value for {field} but found {tok.text!r}")
    if field == "year":
        if not re.fullmatch(r"\d{4}", tok.text):
            raise _bad(text, f"year takes a four-digit number, not {tok.text!r}")
        return int(tok.text)
    if op in _ORDERED:
        raise _bad(text, f"operator {op} applies to year only, not to {field}")
    choices = _CHOICES.get(field)
    if choices and tok.text not in choices:
        raise _bad(text, f"{field} has no value {tok.text!r} (valid: {', '.join(choices)})")
    if field == "lang" and not re.fullmatch(r"[a-z]{2,3}", tok.text):
        raise _bad(text, f"lang takes a language code such as zh or en, not {tok.text!r}")
    return tok.text


def _condition(text: str, toks: list[_Tok], i: int) -> tuple[Condition, int]:
    head = toks[i]
    field = head.text.lower()
    if head.kind != "word" or field not in FIELDS:
        raise _bad(text, f"unknown field {head.text!r}")
    if i + 1 >= len(toks):
        raise _bad(text, f"{head.text!r} needs an operator and a value")
    op_tok = toks[i + 1]
    op = op_tok.text.lower() if op_tok.kind in ("op", "word") else op_tok.text
    if op not in OPERATORS:
        raise _bad(text, f"unknown operator {op_tok.text!r} after {field}")
    if op != "in":
        if i + 2 >= len(toks):
            raise _bad(text, f"{field} {op} needs a value")
        return Condition(field, op, (_value(text, field, toks[i + 2], op),)), i + 3
    j = i + 2
    if j >= len(toks) or toks[j].text != "(":
        raise _bad(text, f"{field} in needs a list in parentheses, e.g. {field} in (a, b)")
    values: list[str | int] = []
    j += 1
    while True:
        if j >= len(toks):
            raise _bad(text, f"the list after {field} in is not closed with ')'")
        values.append(_value(text, field, toks[j], op))
        sep = toks[j + 1] if j + 1 < len(toks) else None
        if sep is None:
            raise _bad(text, f"the list after {field} in is not closed with ')'")
        if sep.text not in (",", ")"):
            raise _bad(text, f"expected ',' or ')' in the list after {field} in")
        j += 2
        if sep.text == ")":
            break
    return Condition(field, "in", tuple(dict.fromkeys(values))), j


def parse_where(text: str | None) -> tuple[Condition, ...]:
    """Parse a ``--where`` filter into conditions (all must hold).

    Args:
        text: The filter, e.g. ``doc_type!=unrelated and year>=2015``;
            ``None`` or blank means no filter.

    Returns:
        The conditions in the order written.

    Raises:
        UsageError: A token that does not fit the grammar; the message names
            it and the hint lists the valid fields and operators.
    """
    if text is None or not text.strip():
        return ()
    toks = _lex(text)
    out: list[Condition] = []
    i = 0
    while True:
        cond, i = _condition(text, toks, i)
        out.append(cond)
        if i >= len(toks):
            return tuple(out)
        if toks[i].kind != "word" or toks[i].text.lower() != "and":
            raise _bad(text, f"expected 'and' but found {toks[i].text!r}")
        i += 1
        if i >= len(toks):
            raise _bad(text, "the filter ends with 'and'")


def _quote(value: str | int) -> str:
    text = str(value)
    if re.fullmatch(r"[\w.\-/]+", text):
        return text
    return f'"{text}"' if "'" in text else f"'{text}'"


def describe_where(conditions: tuple[Condition, ...]) -> str:
    """The conditions written back in the filter language (``all passages`` when empty).

    Conditions on fields outside :data:`FIELDS` (the report builders' own,
    e.g. leaving out copies of an identical text) are not part of the filter
    language and are left out; the report states them separately.
    """
    conditions = tuple(c for c in conditions if c.field in FIELDS)
    if not conditions:
        return "all passages"
    parts = []
    for c in conditions:
        if c.op == "in":
            parts.append(f"{c.field} in ({', '.join(_quote(v) for v in c.values)})")
        else:
            parts.append(f"{c.field}{c.op}{_quote(c.values[0])}")
    return " and ".join(parts)

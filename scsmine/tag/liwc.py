"""Import LIWC-style ``.dic`` dictionaries as a codebook (CODEBOOK.md §1-3 labels).

The format has a category block between two ``%`` lines, then one entry per
line followed by category numbers::

    %
    1   finance
    2   frames/market_order
    %
    征信        1
    loan*       1
    business environment    2

A category name is a codebook label (``finance``), optionally prefixed by
its group (``drivers/finance``, ``driver:finance``). Entries are glob
patterns; an entry may hold spaces (multi-word), so the category numbers are
the trailing whole numbers of the line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from scsmine.normalize.script import has_han
from scsmine.tag.codebook import (
    DEFAULT_LABELS,
    GROUPS,
    Codebook,
    Cue,
    Problem,
    normalize_pattern,
    pattern_problem,
)

__all__ = ["parse_liwc"]

_PREFIX = re.compile(r"^(drivers?|frames?|tone)[:/.]", re.IGNORECASE)


def _resolve(name: str) -> tuple[str, str] | None:
    """(kind, label) for a LIWC category name, or ``None``."""
    match = _PREFIX.match(name)
    label = name[match.end():] if match else name
    if match:
        group = match.group(1).lower()
        kind = GROUPS.get(group) or GROUPS.get(group + "s") or group
        return (kind, label) if label in DEFAULT_LABELS.get(kind, ()) else None
    hits = [(kind, label) for kind, labels in DEFAULT_LABELS.items() if label in labels]
    return hits[0] if len(hits) == 1 else None


def _categories(lines: list[str], source: str) -> tuple[dict[str, tuple[str, str]], int, list[Problem]]:
    problems: list[Problem] = []
    cats: dict[str, tuple[str, str]] = {}
    if not lines or lines[0].strip() != "%":
        return cats, 0, [Problem(source, 1, "a LIWC .dic file starts with a line holding only %",
                                 "add the % category block at the top")]
    for i in range(1, len(lines)):
        line = lines[i].strip()
        if line == "%":
            return cats, i + 1, problems
        if not line:
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or not parts[0].isdigit():
            problems.append(Problem(source, i + 1, f"category line {line!r} is not `number<TAB>name`",
                                    "write e.g. `1\tfinance`"))
            continue
        target = _resolve(parts[1].strip())
        if target is None:
            problems.append(Problem(source, i + 1, f"category {parts[1].strip()!r} is not a codebook label",
                                    "use a label from CODEBOOK.md, e.g. finance or frames/market_order"))
            continue
        cats[parts[0]] = target
    problems.append(Problem(source, len(lines), "the category block is not closed", "add a line holding only %"))
    return cats, len(lines), problems


def parse_liwc(text: str, source: str = "<dic>") -> tuple[Codebook | None, list[Problem]]:
    """Parse a LIWC ``.dic`` file into a :class:`Codebook`.

    Returns:
        The codebook (``None`` when there are problems) and the problems.
    """
    lines = text.lstrip("\ufeff").splitlines()
    cats, start, problems = _categories(lines, source)
    cues: list[Cue] = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for i in range(start, len(lines)):
        parts = lines[i].split()
        if not parts:
            continue
        nums: list[str] = []
        while len(parts) > 1 and parts[-1].isdigit():
            nums.insert(0, parts.pop())
        entry = " ".join(parts)
        if not nums:
            problems.append(Problem(source, i + 1, f"entry {entry!r} has no category number",
                                    "add the category numbers after a tab"))
            continue
        why = pattern_problem(entry)
        if why:
            problems.append(Problem(source, i + 1, why, "fix or remove the entry"))
            continue
        pattern = normalize_pattern(entry)
        for num in nums:
            if num not in cats:
                problems.append(Problem(source, i + 1, f"category number {num} is not declared",
                                        "declare it in the % block or fix the number"))
                continue
            kind, label = cats[num]
            prior = seen.get((kind, pattern))
            if prior and prior[0] != label:
                problems.append(Problem(source, i + 1,
                                        f"entry {entry!r} is in {prior[0]} (line {prior[1]}) and {label}",
                                        "keep each entry in one category of a group"))
                continue
            seen[(kind, pattern)] = (label, i + 1)
            cues.append(Cue(pattern, kind, label, "zh" if has_han(pattern) else "en", 1.0, i + 1))
    if problems:
        return None, problems
    version = "liwc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return Codebook(Path(source).stem, version, dict(DEFAULT_LABELS), {}, tuple(cues), source, ""), []

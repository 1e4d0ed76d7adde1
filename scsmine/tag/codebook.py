"""The codebook as data: labels, definitions and bilingual cue lexicons.

Implements the label sets of CODEBOOK.md §1 (drivers), §2 (frames) and §3
(tone). A codebook file is YAML whose cue part is a quanteda dictionary
(nested keys, glob patterns, multi-word entries); see
``scsmine/tag/data/codebook.yaml`` and docs/tagging.md. LIWC-style ``.dic``
files are imported by :mod:`scsmine.tag.liwc`.

Loading works in three steps:

1. Compose the YAML into nodes, keeping line numbers.
2. Walk ``meta`` and the groups (``drivers``, ``frames``, ``tone``),
   collecting every problem with its line and a fix.
3. Build a frozen :class:`Codebook`, or raise :class:`CodebookError`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from scsmine.core.errors import CodebookError
from scsmine.core.models import CODEBOOK_LABELS
from scsmine.normalize.script import has_han, to_simplified

__all__ = [
    "DEFAULT_CODEBOOK",
    "DEFAULT_LABELS",
    "GROUPS",
    "KINDS",
    "Codebook",
    "Cue",
    "Problem",
    "check_codebook",
    "default_codebook",
    "load_codebook",
    "normalize_pattern",
    "parse_codebook",
]

DEFAULT_CODEBOOK = "codebook.yaml"
GROUPS = {"drivers": "driver", "frames": "frame", "tone": "tone"}
KINDS = tuple(GROUPS.values())
DEFAULT_LABELS: dict[str, tuple[str, ...]] = dict(CODEBOOK_LABELS)
WEAK_WEIGHT = 0.5
_META_KEYS = ("name", "version", "labels", "description")
_LEAF_KEYS = ("zh", "en", "weak")
_BAD_CHARS = re.compile(r"[\[\]{}()|\\^$+]")
_LABEL = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Cue:
    """One cue pattern of a category.

    Attributes:
        pattern: The glob pattern, simplified script and lower case.
        kind: ``driver``, ``frame`` or ``tone``.
        label: The category it signals.
        lang: ``zh`` when it contains Han characters, else ``en``.
        weight: 1.0, or 0.5 for cues under a ``weak`` key.
        line: 1-based line in the codebook file (0 when built in code).
    """

    pattern: str
    kind: str
    label: str
    lang: str
    weight: float = 1.0
    line: int = 0


@dataclass(frozen=True)
class Problem:
    """A problem in a codebook file: where, what, and how to fix it."""

    source: str
    line: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.source}:{self.line}: {self.message}"
        return f"{text}; {self.fix}" if self.fix else text


@dataclass(frozen=True)
class Codebook:
    """Labels, definitions and cues (CODEBOOK.md §1-3).

    Attributes:
        name: Human-readable name.
        version: Recorded on every tag (``codebook_version``).
        labels: Labels per kind (``driver``, ``frame``, ``tone``), in order.
        definitions: Label → definition.
        cues: All cue patterns.
        source: File the codebook came from.
        text: The file's text, so a model can carry the exact lexicon.
    """

    name: str
    version: str
    labels: dict[str, tuple[str, ...]]
    definitions: dict[str, str] = field(default_factory=dict)
    cues: tuple[Cue, ...] = ()
    source: str = ""
    text: str = ""

    def cues_of(self, kind: str) -> tuple[Cue, ...]:
        """The cues of one kind (``driver``, ``frame`` or ``tone``)."""
        return tuple(c for c in self.cues if c.kind == kind)

    def as_quanteda(self) -> dict[str, dict[str, list[str]]]:
        """The cue lexicon as a plain quanteda dictionary: group → label → patterns."""
        out: dict[str, dict[str, list[str]]] = {}
        for group, kind in GROUPS.items():
            for cue in self.cues_of(kind):
                out.setdefault(group, {}).setdefault(cue.label, []).append(cue.pattern)
        return out


def normalize_pattern(pattern: str) -> str:
    """A cue pattern as it is matched: simplified script, lower case, single spaces."""
    return " ".join(to_simplified(pattern).lower().split())


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` is not a valid glob cue, or ``""`` when it is."""
    if not pattern.strip():
        return "empty cue"
    if pattern != pattern.strip() or "  " in pattern:
        return f"cue {pattern!r} has stray spaces"
    if _BAD_CHARS.search(pattern):
        return f"cue {pattern!r} uses regex characters; globs allow only * and ?"
    if "**" in pattern:
        return f"cue {pattern!r} has a double wildcard"
    if not pattern.replace("*", "").replace("?", "").replace(" ", ""):
        return f"cue {pattern!r} is only wildcards and would match everything"
    return ""


class _Walker:
    """Collects labels, cues and problems from a composed YAML tree."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.labels: dict[str, tuple[str, ...]] = dict(DEFAULT_LABELS)
        self.definitions: dict[str, str] = {}
        self.cues: list[Cue] = []
        self.meta: dict[str, str] = {}
        self._seen: dict[tuple[str, str], tuple[str, int]] = {}

    def problem(self, node: yaml.Node, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.source, node.start_mark.line + 1, message, fix))

    def mapping(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} must be a mapping of keys", "indent the entries under it as `key: value`")
            return []
        out: list[tuple[str, yaml.Node, yaml.Node]] = []
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                self.problem(key, f"key {name!r} appears twice under {where}", "merge the two entries")
            seen.add(name)
            out.append((name, key, value))
        return out

    def unknown(self, key: yaml.Node, name: str, where: str, allowed: tuple[str, ...]) -> None:
        close = difflib.get_close_matches(name, allowed, n=1)
        fix = f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(allowed)}"
        self.problem(key, f"unknown key {name!r} under {where}", fix)

    def walk(self, root: yaml.Node) -> None:
        entries = self.mapping(root, "the top level")
        for name, _key, value in entries:
            if name == "meta":
                self.walk_meta(value)
        for name, key, value in entries:
            if name in GROUPS:
                self.walk_group(GROUPS[name], name, value)
            elif name != "meta":
                self.unknown(key, name, "the top level", ("meta", *GROUPS))
        if not any(name in GROUPS for name, _, _ in entries):
            self.problem(root, "no cue groups found", "add at least one of drivers:, frames:, tone:")

    def walk_meta(self, node: yaml.Node) -> None:
        for name, key, value in self.mapping(node, "meta"):
            if name == "labels":
                self.walk_labels(value)
            elif name in _META_KEYS:
                if not isinstance(value, yaml.ScalarNode):
                    self.problem(value, f"meta.{name} must be a single value", "write it as text")
                else:
                    self.meta[name] = str(value.value)
            else:
                self.unknown(key, name, "meta", _META_KEYS)

    def walk_labels(self, node: yaml.Node) -> None:
        for name, key, value in self.mapping(node, "meta.labels"):
            if name not in GROUPS:
                self.unknown(key, name, "meta.labels", tuple(GROUPS))
                continue
            labels = []
            for label, lkey, definition in self.mapping(value, f"meta.labels.{name}"):
                if not _LABEL.match(label):
                    self.problem(lkey, f"label {label!r} is not a snake_case name", "use lower-case letters, digits, _")
                labels.append(label)
                if isinstance(definition, yaml.ScalarNode):
                    self.definitions[label] = str(definition.value)
            if labels:
                self.labels[GROUPS[name]] = tuple(labels)

    def walk_group(self, kind: str, group: str, node: yaml.Node) -> None:
        allowed = self.labels[kind]
        for label, key, value in self.mapping(node, group):
            if label not in allowed:
                self.unknown(key, label, group, allowed)
                continue
            self.walk_cues(kind, label, value, f"{group}.{label}", weight=1.0)

    def walk_cues(self, kind: str, label: str, node: yaml.Node, where: str, *, weight: float) -> None:
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.add_cue(kind, label, item, where, weight)
            return
        if isinstance(node, yaml.ScalarNode):
            self.add_cue(kind, label, node, where, weight)
            return
        for name, key, value in self.mapping(node, where):
            if name not in _LEAF_KEYS:
                self.unknown(key, name, where, _LEAF_KEYS)
                continue
            self.walk_cues(kind, label, value, f"{where}.{name}", weight=WEAK_WEIGHT if name == "weak" else weight)

    def add_cue(self, kind: str, label: str, node: yaml.Node, where: str, weight: float) -> None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"a cue under {where} is not a single pattern", "write each cue as one list item")
            return
        raw = str(node.value)
        why = pattern_problem(raw)
        if why:
            self.problem(node, f"{why} under {where}", "fix or remove the cue")
            return
        pattern = normalize_pattern(raw)
        line = node.start_mark.line + 1
        seen = self._seen.get((kind, pattern))
        if seen and seen[0] != label:
            self.problem(node, f"cue {raw!r} under {where} is also under {seen[0]} (line {seen[1]})",
                         "keep each cue in one category of a group")
            return
        self._seen[(kind, pattern)] = (label, line)
        lang = "zh" if has_han(pattern) else "en"
        self.cues.append(Cue(pattern, kind, label, lang, weight, line))


def parse_codebook(text: str, source: str = "<codebook>") -> tuple[Codebook | None, list[Problem]]:
    """Parse codebook YAML text.

    Args:
        text: The YAML text.
        source: File name for messages.

    Returns:
        The codebook (``None`` when there are problems) and the problems.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        detail = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(source, line, f"not valid YAML: {detail}", "check indentation, colons and quotes")]
    if root is None:
        return None, [Problem(source, 1, "the file is empty", "start from scsmine/tag/data/codebook.yaml")]
    walker = _Walker(source)
    walker.walk(root)
    if walker.problems:
        return None, walker.problems
    version = walker.meta.get("version") or "custom-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    book = Codebook(
        name=walker.meta.get("name", Path(source).stem),
        version=version,
        labels=walker.labels,
        definitions=walker.definitions,
        cues=tuple(walker.cues),
        source=source,
        text=text,
    )
    return book, []


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(f"codebook {path} does not exist", "check the path given to --codebook") from None
    except UnicodeDecodeError as exc:
        raise CodebookError(f"codebook {path} is not UTF-8 (byte {exc.start})", "save it as UTF-8") from None


def check_codebook(path: str | Path) -> list[Problem]:
    """All problems of a codebook file (YAML or LIWC ``.dic``); empty when it is valid."""
    path = Path(path)
    if path.suffix.lower() == ".dic":
        from scsmine.tag.liwc import parse_liwc

        return parse_liwc(_read(path), str(path))[1]
    return parse_codebook(_read(path), str(path))[1]


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load a codebook file, or the packaged default when ``path`` is ``None``.

    Raises:
        CodebookError: The file is missing or has problems; the message lists
            up to five, each with its line and fix.
    """
    if path is None:
        return default_codebook()
    path = Path(path)
    if path.suffix.lower() == ".dic":
        from scsmine.tag.liwc import parse_liwc

        book, problems = parse_liwc(_read(path), str(path))
    else:
        book, problems = parse_codebook(_read(path), str(path))
    if problems or book is None:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise CodebookError(f"codebook has {len(problems)} problem(s): {shown}{more}",
                            f"run `scsmine codebook check {path}` for the full list")
    return book


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The packaged default codebook (CODEBOOK.md version 1.1)."""
    text = resources.files("scsmine.tag").joinpath("data", DEFAULT_CODEBOOK).read_text("utf-8")
    book, problems = parse_codebook(text, f"scsmine/tag/data/{DEFAULT_CODEBOOK}")
    if book is None:  # pragma: no cover - guarded by tests
        raise CodebookError(f"the packaged codebook is broken: {problems[0]}", "reinstall scsmine")
    return book

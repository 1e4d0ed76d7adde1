"""Dependencies point one way (STYLE.md §4, §11): checked by parsing imports with ast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scsmine"
ALLOWED = {
    "core": set(),
    "sources": {"core"},
    "normalize": {"core"},
    "store": {"core"},
    "tag": {"core", "normalize"},
    "report": {"core", "store"},
    "api": {"core", "sources", "normalize", "store", "tag", "report", "api"},
    "cli": {"api", "core", "cli"},
}
HEAVY_IN_CLI = {"sqlite3", "pdfplumber", "pypdfium2", "jieba", "rjieba", "sklearn", "opencc"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


FILES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path: Path) -> None:
    layer = path.relative_to(PACKAGE).parts[0]
    allowed = ALLOWED[layer] | {layer}
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] != "scsmine":
            if layer == "cli":
                assert parts[0] not in HEAVY_IN_CLI, f"{path.name} imports {name}: keep it in the library"
            continue
        if len(parts) == 1:
            assert layer == "cli", f"{path.name} imports the top-level scsmine package"
            continue
        assert parts[1] in allowed, f"{path.relative_to(PACKAGE)} imports {name}; {layer} may import {sorted(allowed)}"


def test_sql_lives_only_in_the_store() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] in ("store",):
            continue
        text = path.read_text("utf-8")
        assert ".execute(" not in text and "executemany(" not in text, f"{path}: SQL belongs in scsmine/store"

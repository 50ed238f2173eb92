"""The layers hold: data layers never import Textual; the TUI never touches SQL or the store."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "csat_tui"
ORDER = ["scoring", "importers", "store", "services", "tui", "cli"]
# What each layer may import from the package (besides shared root modules).
ALLOWED = {
    "scoring": set(),
    "importers": {"scoring"},
    "store": {"scoring"},
    "services": {"scoring", "importers", "store"},
    "tui": {"scoring", "services"},
    "cli": {"scoring", "importers", "services", "tui"},
}
ROOT_MODULES = {"errors", "filters", "safe_text", "config", "text_search", "records"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def files_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ORDER)
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    for path in files_of(layer):
        for name in imports_of(path):
            if name.startswith("textual"):
                assert layer == "tui", f"{path.name} imports {name}"
            if not name.startswith("csat_tui."):
                continue
            top = name.split(".")[1]
            if top in ROOT_MODULES or top == layer:
                continue
            assert top in ALLOWED[layer], f"{layer}/{path.name} imports {name}"


def test_the_tui_writes_no_sql_and_opens_no_connection() -> None:
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s")
    for path in files_of("tui"):
        text = path.read_text(encoding="utf-8")
        assert not sql.search(text), path.name
        assert not {"sqlite3", "sqlite_utils"} & {n.split(".")[0] for n in imports_of(path)}


def test_root_modules_import_no_layer_above_scoring() -> None:
    for name in ROOT_MODULES:
        for imported in imports_of(PACKAGE / f"{name}.py"):
            if imported.startswith("csat_tui."):
                assert imported.split(".")[1] in ROOT_MODULES | {"scoring"}, (name, imported)

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


OPENS_A_STORE = {"open_store", "connect", "Database"}
"""Calls that open a store or a connection: `open_store(…)`, `sqlite3.connect(…)`, `Database(…)`."""


def store_openings(path: Path) -> list[str]:
    """The calls in `path` that open a store or a SQLite connection, as `name:line`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in OPENS_A_STORE:
            found.append(f"{name}:{node.lineno}")
    return found


def test_only_services_and_store_open_a_store() -> None:
    outside = [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in ("services", "store")
    ]
    assert len(outside) > 50  # the TUI, the CLI, the importers, the root modules
    opened = {str(p.relative_to(PACKAGE)): store_openings(p) for p in outside}
    assert {path: calls for path, calls in opened.items() if calls} == {}


def test_the_store_opening_check_sees_every_way_of_opening(tmp_path: Path) -> None:
    source = tmp_path / "opens.py"
    source.write_text(
        "import sqlite3\nfrom sqlite_utils import Database\n"
        "from csat_tui.services import open_store\n"
        "a = open_store(p)\nb = sqlite3.connect(p)\nc = Database(p)\nd = services.open_store(p)\n",
        encoding="utf-8",
    )
    assert store_openings(source) == ["open_store:4", "connect:5", "Database:6", "open_store:7"]


def test_the_store_imports_no_importer() -> None:
    for path in files_of("store"):
        assert not any(n.startswith("csat_tui.importers") for n in imports_of(path)), path.name


def test_root_modules_import_no_layer_above_scoring() -> None:
    for name in ROOT_MODULES:
        for imported in imports_of(PACKAGE / f"{name}.py"):
            if imported.startswith("csat_tui."):
                assert imported.split(".")[1] in ROOT_MODULES | {"scoring"}, (name, imported)


def test_nothing_in_the_tui_but_the_app_depends_on_the_app() -> None:
    """Screens, widgets and helpers read the app through `AppContext` (tui/context.py) and
    post messages up: none imports the concrete app, names it or casts to it."""
    app = PACKAGE / "tui" / "app.py"
    others = [path for path in files_of("tui") if path != app]
    assert len(others) > 30 and (PACKAGE / "tui" / "screens" / "queue.py") in others
    for path in others:
        assert "csat_tui.tui.app" not in imports_of(path), path.name
        assert "CsatApp" not in path.read_text(encoding="utf-8"), path.name

"""Helpers for importer tests: write a file, import it, split records from problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from csat_tui.importers import (
    FilePlan,
    ImportOptions,
    Problem,
    Record,
    open_file,
)


@dataclass
class Imported:
    """Everything one import produced, in order."""

    plan: FilePlan
    items: list[Record | Problem]
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def column(self, header: str) -> Any:
        """The plan of one column."""
        return next(c for c in self.plan.columns if c.header == header)


def run_import(path: Path, **options: Any) -> Imported:
    """Import a file with the given ImportOptions fields."""
    options.setdefault("timezone", "UTC")
    with open_file(path, ImportOptions(**options)) as opened:
        items = list(opened)
        assert opened.position() == opened.size
        result = Imported(opened.plan, items)
    result.records = [i for i in items if isinstance(i, Record)]
    result.problems = [i for i in items if isinstance(i, Problem)]
    return result


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in tmp_path: write("a.csv", "csat\\n5\\n")."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def load(write: Callable[..., Path]) -> Callable[..., Imported]:
    """Write a file and import it: load("a.csv", text, encoding=..., **options)."""

    def _load(name: str, content: str | bytes, encoding: str = "utf-8", **options: Any) -> Imported:
        return run_import(write(name, content, encoding), **options)

    return _load


@pytest.fixture
def run() -> Callable[..., Imported]:
    """Import an existing file: run(path, **options)."""
    return run_import

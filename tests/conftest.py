"""Shared fixtures: a real temporary store, and an environment that never touches the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from csat_tui.store.db import Store, open_store


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user data folder; output width is fixed."""
    monkeypatch.setenv("CSAT_TUI_DB", str(tmp_path / "default-store.db"))
    monkeypatch.setenv("CSAT_TUI_USER", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TERMINAL_WIDTH", "200")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's store lives."""
    return tmp_path / "store.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A fresh store in a temporary SQLite file."""
    with open_store(db_path) as opened:
        yield opened

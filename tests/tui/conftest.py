"""TUI fixtures: preferences in a temporary folder, never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from csat_tui.tui.prefs import CONFIG_DIR_ENV


@pytest.fixture(autouse=True)
def _prefs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The theme choice is remembered in a temporary folder, never the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    return folder

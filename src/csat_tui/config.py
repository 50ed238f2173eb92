"""Settings read from the environment and the command line, passed into the app; no globals."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DB_ENV = "CSAT_TUI_DB"
"""Environment variable naming the store file."""


def default_db_path() -> Path:
    """The store used when neither --db nor $CSAT_TUI_DB names one."""
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_data_dir("csat-tui", appauthor=False)) / "csat.db"


@dataclass(frozen=True)
class Settings:
    """What the app needs to start."""

    db_path: Path
    """The store file."""
    screen: str = "dashboard"
    """The screen to open on."""
    demo: bool = False
    """True when the store is a throwaway copy of the demo data."""
    tour: bool = True
    """Show the guided tour when the demo opens (`csat-tui demo --no-tour` turns it off)."""
    theme: str | None = None
    """A Textual theme name; None keeps the default."""

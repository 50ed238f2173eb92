"""The user's remembered choices (the theme), in a small JSON file in the user config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_DIR_ENV = "CSAT_TUI_CONFIG_DIR"
"""Overrides the folder the preferences file lives in (tests point it at a temporary folder)."""

FILE_NAME = "tui.json"


def prefs_path() -> Path:
    """Where the preferences file is (it may not exist yet)."""
    folder = os.environ.get(CONFIG_DIR_ENV) or platformdirs.user_config_dir(
        "csat-tui", appauthor=False
    )
    return Path(folder).expanduser() / FILE_NAME


def load_prefs() -> dict[str, Any]:
    """The saved preferences; an unreadable or missing file counts as none."""
    try:
        data = json.loads(prefs_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_pref(key: str, value: Any) -> None:
    """Remember one preference; failing to write is not worth interrupting the user for."""
    data = load_prefs()
    data[key] = value
    path = prefs_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    except OSError:
        return

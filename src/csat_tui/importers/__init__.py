"""Importers: survey exports (CSV, TSV, XLSX, JSON, JSON Lines) read into records and problems.

    with open_file("export.csv", ImportOptions()) as opened:
        for item in opened:  # Record or Problem
            ...

`open_file` raises `ImportFileError` for a file that cannot be imported at all, before
yielding anything.
"""

from __future__ import annotations

from pathlib import Path

from csat_tui.importers.generic import open_generic
from csat_tui.importers.model import (
    ROLES,
    Answer,
    ColumnPlan,
    FilePlan,
    ImportOptions,
    OpenedFile,
    Problem,
    Recalled,
    Record,
    Role,
)
from csat_tui.importers.presets import PRESETS, Preset

__all__ = [
    "PRESETS",
    "ROLES",
    "Answer",
    "ColumnPlan",
    "FilePlan",
    "ImportOptions",
    "OpenedFile",
    "Preset",
    "Problem",
    "Recalled",
    "Record",
    "Role",
    "open_file",
]


def open_file(path: str | Path, options: ImportOptions) -> OpenedFile:
    """Open an export for import: checks and plans it, then streams its records.

    The preset is `options.preset`, or detected from the headers and first rows (`generic`
    when none fits); `options.recall` brings back the mapping of an earlier file of the same
    layout.
    """
    return open_generic(path, options)

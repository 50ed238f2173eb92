"""Ask where to write the responses of the current filter; the extension picks the format."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from csat_tui.services.exporting import EXPORT_FORMATS, ExportFormat
from csat_tui.tui.screens.file_dialog import FileDialog


def format_of(path: Path) -> ExportFormat | None:
    """The export format a file name asks for (.csv, .json, .jsonl), or None."""
    suffix = path.suffix.lower().lstrip(".")
    for fmt in EXPORT_FORMATS:
        if suffix == fmt:
            return fmt
    return None


class ExportDialog(FileDialog):
    """A file name, prefilled; enter writes it, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close, write nothing"),
    ]
    QUESTION = "Export the responses of this filter"
    HINT = "enter writes · esc cancels · .csv (formula-safe), .json or .jsonl"
    NEEDS = " needs .csv, .json or .jsonl at the end."
    FIELD_ID = "export-path"

    def accepts(self, path: Path) -> bool:
        """A .csv, .json or .jsonl name."""
        return format_of(path) is not None

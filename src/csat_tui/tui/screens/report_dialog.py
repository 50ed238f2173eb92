"""Ask where to write the report of the current filter; .html or .md picks the format."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen

from csat_tui.services.report import format_of
from csat_tui.tui.screens.file_dialog import FileDialog
from csat_tui.tui.screens.triage_dialogs import ConfirmDialog
from csat_tui.tui.text import literal_content


class ReportDialog(FileDialog):
    """A file name, prefilled; enter writes the report, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="report.cancel", tooltip="Close, write nothing"),
    ]
    QUESTION = "Write the report of this filter"
    HINT = "enter writes · esc cancels · .html (one file, for a browser) or .md (for chat)"
    NEEDS = " needs .html or .md."
    FIELD_ID = "report-path"
    BOX_CLASSES = "report-dialog"

    def accepts(self, path: Path) -> bool:
        """A .html or .md name."""
        return format_of(path) is not None


async def ask_for_file(app: App[None], dialog: ModalScreen[Path | None]) -> Path | None:
    """Ask for a file with `dialog`; a file that exists is replaced only if the user says so.

    The file to write, or None. Call it from an async worker (it waits for the dialogs).
    """
    output = await app.push_screen_wait(dialog)
    if output is None or not output.exists():
        return output
    question = Content.assemble(literal_content(output, limit=200), " exists. Replace it?")
    replace = await app.push_screen_wait(ConfirmDialog(question, "y: replace · n: keep it"))
    return output if replace else None

"""Ask where to write the responses of the current filter; the extension picks the format."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from csat_tui.services.exporting import EXPORT_FORMATS, ExportFormat
from csat_tui.tui.text import literal_content, safe


def format_of(path: Path) -> ExportFormat | None:
    """The export format a file name asks for (.csv, .json, .jsonl), or None."""
    suffix = path.suffix.lower().lstrip(".")
    for fmt in EXPORT_FORMATS:
        if suffix == fmt:
            return fmt
    return None


class ExportDialog(ModalScreen[Path | None]):
    """A file name, prefilled; enter writes it, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close, write nothing"),
    ]

    def __init__(self, description: str, suggested: Path) -> None:
        super().__init__()
        self.description = description
        """The filter being exported, in words."""
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label(Content.styled("Export the responses of this filter", "bold"))
            yield Label(Content.assemble(("Filter: ", "$text-muted"), safe(self.description)))
            yield Input(str(self.suggested), id="export-path", compact=True)
            yield Label(Content(""), id="export-error")
            hint = "enter writes · esc cancels · .csv (formula-safe), .json or .jsonl"
            yield Label(Content.styled(hint, "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        error = self.query_one("#export-error", Label)
        if not text:
            error.update(Content("Name a file to write."))
            return
        path = Path(text).expanduser()
        if format_of(path) is None:
            error.update(
                Content.assemble(
                    literal_content(path.name, limit=80), " needs .csv, .json or .jsonl at the end."
                )
            )
            return
        if path.is_dir():
            error.update(Content("That is a folder: add a file name."))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)

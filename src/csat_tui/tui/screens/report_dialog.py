"""Ask where to write the report of the current filter; .html or .md picks the format."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from csat_tui.services.report import format_of
from csat_tui.tui.screens.triage_dialogs import ConfirmDialog
from csat_tui.tui.text import literal_content, safe


class ReportDialog(ModalScreen[Path | None]):
    """A file name, prefilled; enter writes the report, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="report.cancel", tooltip="Close, write nothing"),
    ]

    def __init__(self, description: str, suggested: Path) -> None:
        super().__init__()
        self.description = description
        """The filter and period of the report, in words."""
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        # The export dialog's look (styles/app.tcss): the same kind of question.
        with Vertical(id="export-dialog", classes="report-dialog"):
            yield Label(Content.styled("Write the report of this filter", "bold"))
            yield Label(Content.assemble(("Filter: ", "$text-muted"), safe(self.description)))
            yield Input(str(self.suggested), id="report-path", compact=True)
            yield Label(Content(""), id="export-error")
            hint = "enter writes · esc cancels · .html (one file, for a browser) or .md (for chat)"
            yield Label(Content.styled(hint, "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one("#report-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted, "#report-path")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        error = self.query_one("#export-error", Label)
        if not text:
            error.update(Content("Name a file to write."))
            return
        path = Path(text).expanduser()
        if format_of(path) is None:
            error.update(
                Content.assemble(literal_content(path.name, limit=80), " needs .html or .md.")
            )
            return
        if path.is_dir():
            error.update(Content("That is a folder: add a file name."))
            return
        if not path.parent.is_dir():
            error.update(Content("That folder does not exist."))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)


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

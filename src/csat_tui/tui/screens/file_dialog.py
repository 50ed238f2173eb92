"""Ask for a file to write the current filter's responses or report to: the shared question."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from csat_tui.tui.text import literal_content, safe


class FileDialog(ModalScreen[Path | None]):
    """A file name, prefilled; enter dismisses with it when it can be written, escape with None.

    A subclass says what it writes (`QUESTION`, `HINT`), which names it takes (`accepts`,
    `NEEDS`) and its field's id; the look is the export dialog's (styles/app.tcss).
    """

    QUESTION: ClassVar[str] = ""
    HINT: ClassVar[str] = ""
    NEEDS: ClassVar[str] = ""
    """Said after a file name `accepts` refuses, e.g. " needs .html or .md."."""
    FIELD_ID: ClassVar[str] = "file-path"
    BOX_CLASSES: ClassVar[str] = ""

    def __init__(self, description: str, suggested: Path) -> None:
        super().__init__()
        self.description = description
        """The filter (and period) being written, in words."""
        self.suggested = suggested

    def accepts(self, path: Path) -> bool:
        """Whether the file name says a format this dialog writes."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes=self.BOX_CLASSES):
            yield Label(Content.styled(self.QUESTION, "bold"))
            yield Label(Content.assemble(("Filter: ", "$text-muted"), safe(self.description)))
            yield Input(str(self.suggested), id=self.FIELD_ID, compact=True)
            yield Label(Content(""), id="export-error")
            yield Label(Content.styled(self.HINT, "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one(f"#{self.FIELD_ID}", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id != self.FIELD_ID:
            return
        text = event.value.strip()
        error = self.query_one("#export-error", Label)
        if not text:
            error.update(Content("Name a file to write."))
            return
        path = Path(text).expanduser()
        if not self.accepts(path):
            error.update(Content.assemble(literal_content(path.name, limit=80), self.NEEDS))
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

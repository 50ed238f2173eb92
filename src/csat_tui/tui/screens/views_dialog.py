"""Save the current filter as a named view."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from csat_tui.tui.text import safe


class SaveViewDialog(ModalScreen[str | None]):
    """Ask for a name; returns it, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="view.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, description: str, names: list[str]) -> None:
        super().__init__()
        self.description = description
        """The filter to save, in words."""
        self.names = names
        """The names saved already (a name used again replaces its view)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="view-dialog"):
            yield Label(Content.styled("Save this filter as a view", "bold"))
            yield Label(Content.assemble(("Filter: ", "$text-muted"), safe(self.description)))
            yield Input(placeholder="name, e.g. billing complaints", id="view-name", compact=True)
            yield Label(Content(""), id="view-error")
            saved = ", ".join(self.names)
            if saved:
                yield Label(
                    Content.assemble(("Saved: ", "$text-muted"), safe(saved, limit=300)),
                    id="view-saved",
                )
            hint = "enter saves · esc cancels · ctrl+p, “Open view” opens"
            yield Label(Content.styled(hint, "$text-muted"), classes="dialog-hint")

    @on(Input.Submitted, "#view-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.query_one("#view-error", Label).update(Content("A view needs a name."))
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

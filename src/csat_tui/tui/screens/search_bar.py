"""The search box: one line over the filter bar; Enter makes it the filter's search."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

HINT = 'words (all of them) · "a phrase" · -word leaves out · enter searches · esc cancels'


class SearchBar(ModalScreen[str | None]):
    """Edit the filter's search; returns the new text (empty clears it), None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="search.cancel",
                tooltip="Close without changing the search"),
    ]  # fmt: skip

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        """The search the filter holds now."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-bar"):
            yield Input(
                self.text,
                placeholder="Search comments: refund, 退款, jättebra…",
                id="search-input",
                compact=True,
            )
            yield Label(Content.styled(HINT, "$text-muted"), id="search-hint")

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close and keep the search as it was."""
        self.dismiss(None)

"""Help: every key of the screen the user came from, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KeyHelp = tuple[str, str, str]
"""(key, name, what it does)."""


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, as a list; any of Escape, ? or q closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]  # fmt: skip

    def __init__(self, title: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _, _ in self.keys), default=4)
        lines = [
            Content.assemble((f"{key:>{width}}  ", "bold $text-accent"), (f"{name}", "bold"),
                             (f" — {tip}" if tip else "", "$text-muted"))
            for key, name, tip in self.keys
        ]  # fmt: skip
        with Vertical(id="help-dialog"):
            yield Label(Content.styled(f"Keys on {self.title_text}", "bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(Content("\n").join(lines), id="help-keys")
            yield Label(
                Content.styled("ctrl+p finds any action or screen by name · escape closes",
                               "$text-muted")
            )  # fmt: skip

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(result)

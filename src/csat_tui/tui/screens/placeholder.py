"""Screens that come with the next issue (triage queue, follow-ups): a note saying so."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

TITLES = {"queue": "Triage queue", "followups": "Follow-ups"}


class PlaceholderScreen(Screen[None]):
    """A screen not built yet."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.screen_name = name

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.assemble(
                (TITLES.get(self.screen_name, self.screen_name), "bold"),
                " is coming in the next version of csat-tui.\n\n"
                "For now: d opens the dashboard, r the responses; from a shell, "
                "csat-tui tag and csat-tui followup do triage.",
            ),
            id="placeholder",
        )
        yield Footer()

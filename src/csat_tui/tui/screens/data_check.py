"""The data check in the app: a one-line summary on the dashboard and the list of findings.

The findings are the same as `csat-tui check` prints, for the app's filter; they come
from the service layer in a worker, like every other load.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from csat_tui.services.quality import CheckReport, Finding
from csat_tui.tui.messages import Loaded
from csat_tui.tui.text import safe


@dataclass
class CheckLoaded(Loaded):
    """The data check's findings for the dashboard's filter."""

    report: CheckReport


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class DataCheckLine(Static):
    """ "data check: N findings", shown only when there are some; a click opens the list."""

    class Opened(Message):
        """The user asked for the list of findings."""

    def show(self, report: CheckReport | None) -> None:
        """Say how many findings there are, or hide when there are none."""
        n = len(report.findings) if report else 0
        self.display = n > 0
        if n:
            self.update(
                Content.assemble(
                    ("data check: ", "bold"),
                    (_plural(n, "finding"), "bold $text-warning"),
                    ("   k to see them", "$text-muted"),
                )
            )

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Opened())


def _finding(finding: Finding) -> Content:
    return Content.assemble(
        (f"{finding.count:>7,}  ", "bold" if finding.warning else "$text-muted"),
        safe(finding.title, limit=400),
        ("\n         list them: ", "$text-muted"),
        (safe(finding.command, limit=400), "$text-accent"),
    )


class DataCheckScreen(ModalScreen[None]):
    """The data check's findings, each with its count and the command that lists it."""

    BINDINGS = [
        Binding("escape,k,q", "dismiss", "Close", id="data_check.close",
                tooltip="Close the data check"),
    ]  # fmt: skip

    def __init__(self, report: CheckReport, described: str) -> None:
        super().__init__()
        self.report = report
        self.described = described
        """The filter in words, for the title."""

    def compose(self) -> ComposeResult:
        n = len(self.report.findings)
        with Vertical(id="data-check-dialog"):
            yield Label(
                Content.assemble(
                    (f"Data check: {_plural(n, 'finding')}", "bold"),
                    (" for ", "$text-muted"),
                    safe(self.described, limit=200),
                ),
                id="data-check-title",
                classes="dialog-hint",
            )
            with VerticalScroll(id="data-check-body"):
                for finding in self.report.findings:
                    yield Static(_finding(finding), classes="data-check-finding")
            yield Label(
                Content.styled(
                    "the same list: csat-tui check · rejects: csat-tui rejects · escape closes",
                    "$text-muted",
                ),
                classes="dialog-hint",
            )

    async def action_dismiss(self, result: None = None) -> None:
        """Close the list."""
        self.dismiss(result)

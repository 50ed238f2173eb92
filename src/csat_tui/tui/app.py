"""The Textual app. For now one screen: the overall scores (the dashboard comes next)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from csat_tui.config import Settings
from csat_tui.errors import CsatError
from csat_tui.filters import Filter
from csat_tui.services import ScoreReport, open_store, scores


@dataclass
class ScoresLoaded(Message):
    """A worker finished computing the scores."""

    report: ScoreReport


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def summary_content(report: ScoreReport) -> Content:
    """The overall scores as styled text; data goes in as values, never as markup."""
    o = report.overall
    if o.responses == 0:
        return Content.from_markup(
            "[b]No responses yet.[/b]\n\nImport an export file:  csat-tui import FILE\n"
            "or try the demo:        csat-tui demo"
        )
    return Content.from_markup(
        "[b]Responses[/b] $responses\n"
        "[b]CSAT[/b] $csat  (n=$csat_n)\n"
        "[b]NPS[/b]  $nps  (n=$nps_n)\n"
        "[b]CES[/b]  $ces  (n=$ces_n)",
        responses=f"{o.responses:,}",
        csat=_pct(o.csat.pct),
        csat_n=str(o.csat.n),
        nps="–" if o.nps.score is None else f"{o.nps.score:+.0f}",
        nps_n=str(o.nps.n),
        ces="–" if o.ces.mean is None else f"{o.ces.mean:.2f}",
        ces_n=str(o.ces.n),
    )


class CsatApp(App[None]):
    """csat-tui."""

    TITLE = "csat-tui"
    CSS_PATH = "styles/app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave csat-tui"),
        Binding("r", "refresh_scores", "Refresh", id="refresh", tooltip="Recompute the scores"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.filter = Filter()
        if settings.demo:
            self.sub_title = "DEMO: changes are discarded on exit"
        if settings.theme:
            self.theme = settings.theme

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Loading…"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh_scores()

    def action_refresh_scores(self) -> None:
        """Recompute the scores off the UI thread."""
        self.query_one("#summary", Static).update(Content("Loading…"))
        self._load_scores(self.filter)

    @work(thread=True, exclusive=True, group="scores", exit_on_error=False)
    def _load_scores(self, flt: Filter) -> None:
        # A connection per call: SQLite connections cannot cross threads.
        with open_store(self.settings.db_path) as store:
            report = scores(store, flt)
        self.post_message(ScoresLoaded(report))

    @on(ScoresLoaded)
    def _show_scores(self, message: ScoresLoaded) -> None:
        self.query_one("#summary", Static).update(summary_content(message.report))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        text = str(error) if isinstance(error, CsatError) else f"{type(error).__name__}: {error}"
        self.query_one("#summary", Static).update(Content(text))
        self.notify(text, title="Could not load", severity="error", markup=False)

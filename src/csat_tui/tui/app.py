"""The Textual app: wires the screens, holds the shared filter, routes worker failures.

The guided tour's side of it (the step shown, its keys) is its base, `TourApp` (tour_host.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from textual import on, work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.services import Facets
from csat_tui.services.demo import DEMO_TODAY
from csat_tui.services.exporting import export_to, suggested_name
from csat_tui.services.opening import opener_for
from csat_tui.services.periods import LABELS, Preset
from csat_tui.services.report import report_to
from csat_tui.tui.context import (
    ASKING,
    FacetsLoaded,
    FilterAsked,
    GroupOpened,
    ResponseOpened,
    StoreChanged,
    TriageAsked,
    WorkerEnded,
)
from csat_tui.tui.demo_copy import DemoCopy
from csat_tui.tui.filter_state import DEFAULT_PRESET, FilterState
from csat_tui.tui.keys import APP_KEYS
from csat_tui.tui.palette import app_commands, said, save_screenshot, screen_commands
from csat_tui.tui.prefs import load_prefs, save_pref
from csat_tui.tui.saved_views import SavedViews, ViewCommands
from csat_tui.tui.screen_table import SCREENS, TITLES
from csat_tui.tui.screens.detail import DetailScreen
from csat_tui.tui.screens.export_dialog import ExportDialog, format_of
from csat_tui.tui.screens.filter_dialog import FilterChoice, FilterDialog
from csat_tui.tui.screens.help import HelpScreen, keys_shown
from csat_tui.tui.screens.import_dialog import ImportDialog
from csat_tui.tui.screens.report_dialog import ReportDialog, ask_for_file
from csat_tui.tui.screens.search_bar import SearchBar
from csat_tui.tui.screens.views_dialog import SaveViewDialog
from csat_tui.tui.text import safe
from csat_tui.tui.tour import Seen
from csat_tui.tui.tour_host import TourApp
from csat_tui.tui.triage_runner import GROUP as TRIAGE_GROUP
from csat_tui.tui.triage_runner import TriageRunner, undo_action
from csat_tui.tui.widgets.filter_line import describe

DARK, LIGHT = "textual-dark", "textual-light"
COMPACT_BELOW = 100
"""Terminals narrower than this get the compact layout (80×24 is designed for)."""


def _today() -> date:
    return datetime.now(UTC).date()


def _demo_today() -> date:
    return DEMO_TODAY


class CsatApp(TourApp):
    """csat-tui: the dashboard, the responses and (next) the triage queue, over one store."""

    TITLE = "csat-tui"
    COMMANDS = App.COMMANDS | {ViewCommands}
    CSS_PATH = str(Path(__file__).parent / "styles" / "app.tcss")
    """Absolute: a subclass elsewhere (the tests') finds it too."""
    HORIZONTAL_BREAKPOINTS = [(0, "-compact"), (COMPACT_BELOW, "-roomy")]
    """Below 100 columns every screen is -compact: the tour is a one-line hint (app.tcss)."""
    MODES = {entry.name: entry.screen_class() for entry in SCREENS}
    BINDINGS = APP_KEYS

    filter: reactive[Filter] = reactive(Filter, init=False)
    """The one filter every screen shows."""
    preset: reactive[Preset] = reactive(DEFAULT_PRESET, init=False)
    """The period preset the filter's dates come from (custom when typed in)."""
    data_version: reactive[int] = reactive(0, init=False)
    """Goes up when the store's content changes (an import): screens reload."""

    def __init__(self, settings: Settings, *, today: Callable[[], date] = _today) -> None:
        super().__init__()
        self.settings = settings
        self.db_path: Path = settings.db_path
        """The store every worker opens (the demo store once the user asks for it)."""
        self.today: Callable[[], date] = _demo_today if settings.demo else today
        """Today's date for periods and due dates (the demo has its own clock)."""
        self.facets = Facets()
        """The filter's choices, as last loaded."""
        self.triage = TriageRunner(self)
        """Runs tag, follow-up, triaged and undo writes one after another."""
        self.demo = DemoCopy()
        """The demo store's throwaway copy, once the user opens it (`D`)."""
        self._widened = False
        self.views = SavedViews(self)
        """The saved views, for the palette."""
        self.set_reactive(CsatApp.filter, FilterState.first(self.today()).filter)
        if settings.demo:
            self.sub_title = "DEMO: changes are discarded on exit"
            if settings.tour:
                self.start_tour_on_story()
        self.theme = settings.theme or str(load_prefs().get("theme") or DARK)

    def on_mount(self) -> None:
        # One detail screen, reused: building a screen per response costs a visible moment.
        self.install_screen(DetailScreen(), "detail")
        self.views.refresh()
        start = self.settings.screen if self.settings.screen in self.MODES else "dashboard"
        self.switch_mode(start)
        if self.settings.demo and self.settings.tour:
            self.show_tour()

    def on_unmount(self) -> None:
        self.demo.remove()

    # The filter (its changes are FilterState's, tested without Textual).

    @property
    def state(self) -> FilterState:
        """The filter and its period preset, as one value."""
        return FilterState(self.filter, self.preset)

    def set_state(self, state: FilterState) -> None:
        """Make `state` the filter of every screen."""
        self.preset = state.preset
        self.filter = state.filter

    def set_filter(self, flt: Filter, preset: Preset | None = None) -> None:
        """Make `flt` the filter of every screen (`preset`: where its dates come from)."""
        self.set_state(FilterState(flt, preset or self.preset))

    def watch_filter(self, flt: Filter) -> None:
        self.tour_saw(Seen("filter", filter=flt))

    def open_group(self, by: str, key: str) -> None:
        """Show the responses of one breakdown row: the filter narrowed to it."""
        self.set_state(self.state.group(by, key))
        self.switch_mode("responses")

    def widen_first_period(self, last_day: str | None) -> bool:
        """At start, on the default period, with nothing in it: show all time instead (once).

        Someone who has just imported last year's survey should see it, not an empty period.
        """
        if self._widened or self.preset != DEFAULT_PRESET or last_day is None:
            return False
        self._widened = True
        if not self.state.is_first(self.today()):
            return False  # more than the period is set: the user chose this
        self.set_state(self.state.cleared())
        period = LABELS[DEFAULT_PRESET].lower()
        self.notify(
            f"Nothing in the {period} (the latest response is from {last_day}): "
            "showing all time. p changes the period.",
            timeout=6,
        )
        return True

    def action_next_period(self) -> None:
        """Step the period: 7, 30, 90 days, this quarter, all time."""
        self.set_state(self.state.next_period(self.today()))
        self.notify(LABELS[self.preset], timeout=2)

    def action_next_band(self) -> None:
        """Step the score band: low, neutral, high, any."""
        self.set_state(self.state.next_band())
        self.notify(self.state.band_said(), timeout=2)

    def action_toggle_complete(self) -> None:
        """Complete responses only, or all."""
        self.set_state(self.state.toggle_complete())

    def action_clear_filter(self) -> None:
        """All responses of all time."""
        self.set_state(self.state.cleared())

    def action_edit_filter(self) -> None:
        """Open the filter dialog."""

        def chosen(choice: FilterChoice | None) -> None:
            if choice is not None:
                self.set_state(self.state.chosen(choice.filter, choice.preset, self.today()))

        dialog = FilterDialog(self.filter, self.preset, self.facets, self.today(), self.db_path)
        self.push_screen(dialog, chosen)

    def action_search(self) -> None:
        """Open the search box: its text becomes the filter's search."""

        def searched(text: str | None) -> None:
            if text is not None and text != self.filter.text:
                self.set_state(self.state.searched(text))

        self.push_screen(SearchBar(self.filter.text), searched)

    def action_save_view(self) -> None:
        """Ask for a name and save the current filter under it."""

        def named(name: str | None) -> None:
            if name:
                self.views.save(name, self.filter)

        dialog = SaveViewDialog(describe(self.filter, self.preset), self.views.names)
        self.push_screen(dialog, named)

    # What screens ask for (tui/context.py).

    @on(FilterAsked)
    def _filter_asked(self, message: FilterAsked) -> None:
        self.set_filter(message.filter, message.preset)
        if message.then_show is not None:
            self.action_show(message.then_show)

    @on(GroupOpened)
    def _group_opened(self, message: GroupOpened) -> None:
        self.open_group(message.by, message.key)

    @on(ResponseOpened)
    def _response_opened(self, message: ResponseOpened) -> None:
        self.show_detail(message.response_id)

    @on(TriageAsked)
    def _triage_asked(self, message: TriageAsked) -> None:
        self.triage.run(message.action)

    @on(FacetsLoaded)
    def _facets_loaded(self, message: FacetsLoaded) -> None:
        self.facets = message.facets

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.data_imported()

    @on(WorkerEnded)
    def _worker_ended(self, message: WorkerEnded) -> None:
        self.worker_changed(message.event)

    def take_restored(self) -> tuple[int, ...]:
        """The responses the latest undo brought back to the queue (once)."""
        restored, self.triage.restored = self.triage.restored, ()
        return restored

    # Screens and dialogs.

    def action_show(self, name: str) -> None:
        """Switch to a screen by name."""
        if self.current_mode != name:
            self.switch_mode(name)
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the key of the screen already shown (the footer has room for the others)."""
        return not (action == "show" and parameters and parameters[0] == self.current_mode)

    def show_detail(self, response_id: int) -> None:
        """Show one response in full."""
        detail = self.get_screen("detail", DetailScreen)
        detail.show(response_id)
        self.push_screen(detail)

    def action_import_file(self) -> None:
        """Open the import dialog."""
        self.push_screen(ImportDialog())

    def data_imported(self) -> None:
        """The store changed: every screen reloads."""
        self.data_version += 1

    def action_help(self) -> None:
        """List the keys of the current screen."""
        title = TITLES.get(self.current_mode, self.screen.__class__.__name__)
        self.push_screen(HelpScreen(title, keys_shown(self)))

    def action_toggle_theme(self) -> None:
        """Switch light/dark and remember the choice."""
        self.theme = LIGHT if self.current_theme.dark else DARK
        save_pref("theme", self.theme)

    def action_open_demo(self) -> None:
        """Build the demo store in a temporary folder and show it."""
        self.notify("Building the demo store…", timeout=3)
        self._build_demo()

    @work(thread=True, exclusive=True, group="demo", exit_on_error=False)
    def _build_demo(self) -> None:
        path = self.demo.build()
        self.call_from_thread(self._demo_ready, path)

    def _demo_ready(self, path: Path) -> None:
        self.db_path = path
        self.sub_title = "DEMO: changes are discarded on exit"
        self.today = _demo_today
        if self.settings.tour:
            self.start_tour_on_story()
            self.show_tour()
        else:
            self.set_state(self.state.dated(self.today()))
        self.data_imported()
        self.views.refresh()

    # The guided tour's needs (the rest of it is TourApp's).

    def show_story(self, flt: Filter) -> None:
        """The demo's story weeks become the filter (a custom period)."""
        self.set_filter(flt, "custom")

    @property
    def in_demo(self) -> bool:
        """The store is a throwaway copy of the demo store."""
        return self.settings.demo or self.demo.path is not None

    # Export and report: ask where (and whether to replace), then write in a thread.

    @work(group=ASKING, exit_on_error=False)
    async def action_export(self) -> None:
        """Ask for a file name, then write the filter's responses to it."""
        flt = self.filter
        suggested = Path.cwd() / suggested_name(flt, "csv", self.today())
        output = await ask_for_file(self, ExportDialog(describe(flt, self.preset), suggested))
        if output is not None:
            self._export(flt, output)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, flt: Filter, output: Path) -> None:
        n = export_to(opener_for(self.db_path), flt, format_of(output) or "csv", output)
        self.call_from_thread(self._exported, flt, output, n)

    def _exported(self, flt: Filter, output: Path, n: int) -> None:
        self.notify(f"Wrote {n:,} responses to {safe(output, limit=200)}", markup=False)
        self.tour_saw(Seen("export", filter=flt))

    @work(group=ASKING, exit_on_error=False)
    async def action_report(self) -> None:
        """Ask for a file name, then write the report of the filter to it (issue 15)."""
        flt, today = self.filter, self.today()
        suggested = Path.cwd() / f"csat-report-{today.isoformat()}.html"
        output = await ask_for_file(self, ReportDialog(describe(flt, self.preset), suggested))
        if output is not None:
            self._report(flt, today, output)

    @work(thread=True, group="report", exit_on_error=False)
    def _report(self, flt: Filter, today: date, output: Path) -> None:
        report_to(opener_for(self.db_path), flt, today, output)
        said = f"Wrote the report to {safe(output, limit=200)}"
        self.call_from_thread(self.notify, said, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from app_commands(self, TITLES, self.action_show, self.action_restart_tour)
        # The keys of the screen shown (queue, follow-ups, tags…) by name too.
        yield from screen_commands(screen)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot: an SVG in the current folder, saying where or why not."""
        message, saved = save_screenshot(self, Path(path) if path else Path.cwd())
        self.notify(message, title="Screenshot", severity="information" if saved else "error",
                    markup=False)  # fmt: skip
        return None

    def action_undo(self) -> None:
        """Undo the latest triage action; a notification says what was undone."""
        self.triage.run(undo_action)

    # Failures from any worker: a notification with the reason; the app keeps running.

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == TRIAGE_GROUP:
            self.triage.changed(event)
            return
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """Say why a worker failed, as a notification (screens pass their workers' events on)."""
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        if event.worker.is_cancelled:
            return  # replaced by a newer load, which interrupted its query
        title, text = said(event.worker.error, self.db_path)
        self.notify(text, title=title, severity="error", markup=False, timeout=10)

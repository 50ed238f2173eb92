"""What every data screen shares: the app's filter, reloading when it changes, a busy mark."""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from csat_tui.services.opening import Opener, Running
from csat_tui.tui.context import AppContext, WorkerEnded, context_of
from csat_tui.tui.widgets.filter_line import FilterLine
from csat_tui.tui.widgets.tour_panel import TourPanel


class DataScreen(Screen[None]):
    """A screen showing data for the app's filter; it reloads when the filter or data change."""

    LOADING_PARTS: dict[str, str] = {}
    """Which widgets (a selector) each part dims while it reloads."""

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        """Number of the current load; results of older loads are dropped."""
        self._stale = True
        self._pending: set[str] = set()
        self.running = Running()
        """Connections of this screen's loads in progress."""

    @property
    def context(self) -> AppContext:
        """The app, as far as a screen may know it."""
        return context_of(self)

    def on_mount(self) -> None:
        # Textual calls this as well as a subclass's own on_mount (handlers run down the MRO).
        self.mount(TourPanel())
        self.watch(self.app, "filter", self._changed, init=False)
        self.watch(self.app, "data_version", self._changed, init=False)

    def on_screen_resume(self) -> None:
        if self._stale:
            self.reload()

    def _changed(self) -> None:
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        """Start loading everything the screen shows for the current filter."""
        self._stale = False
        self.generation += 1
        self._pending.clear()
        app = self.context
        for line in self.query(FilterLine):
            line.show(app.filter, app.preset)
        self.start_loads()

    def start_loads(self) -> None:
        """Start the workers (each screen says which)."""

    def opener(self, part: str) -> Opener:
        """How a load of `part` opens the store (a newer load of that part interrupts it)."""
        return self.running.opener(self.context.db_path, part, self.cancelled)

    def stop(self, part: str) -> None:
        """Stop a load of `part` in progress: its result is dropped, its query interrupted."""
        # Cancel first, then interrupt: an older load not yet querying sees it is cancelled.
        self.workers.cancel_group(self, part)
        self.running.interrupt(part)
        self._pending.discard(part)
        self._show_busy()

    def started(self, part: str) -> None:
        """A part of the screen began loading: an older load of it is stopped."""
        self.stop(part)
        self._pending.add(part)
        self._show_busy()

    def finished(self, part: str) -> None:
        """A part of the screen is up to date."""
        self._pending.discard(part)
        self._show_busy()

    def _show_busy(self) -> None:
        for line in self.query(FilterLine):
            line.busy = bool(self._pending)
        # Classes on the parts themselves (restyling the whole screen costs ~100 ms).
        for part, selectors in self.LOADING_PARTS.items():
            for widget in self.query(selectors):
                widget.set_class(part in self._pending, "-loading")

    def current(self, generation: int) -> bool:
        """True when a result belongs to the latest load (stale ones are dropped)."""
        return generation == self.generation

    @on(Worker.StateChanged)
    def _worker_ended(self, event: Worker.StateChanged) -> None:
        # The state message does not bubble: pass it to the app, which says why it failed.
        self.post_message(WorkerEnded(event))
        # A cancelled load was replaced by a newer one, which owns the busy mark now.
        if event.state == WorkerState.ERROR and not event.worker.is_cancelled:
            self.finished(event.worker.group)

    @staticmethod
    def cancelled() -> bool:
        """Inside a worker: has a newer load replaced this one."""
        worker: Worker[object] = get_current_worker()
        return worker.is_cancelled

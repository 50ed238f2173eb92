"""Saved views for the app: the names kept in memory for the palette, store calls in workers."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from csat_tui.filters import Filter
from csat_tui.services.opening import Opener, opener_for
from csat_tui.services.views import views_deleted, views_listed, views_saved
from csat_tui.tui.context import FilterAsked, context_of
from csat_tui.tui.text import safe


class SavedViews:
    """The store's saved views as last read; every read and write runs in a thread worker.

    Any app that hosts the screens will do (an `AppContext`: the store is its `db_path`);
    opening a view asks it for the view's filter with `FilterAsked`.
    """

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.views: list[tuple[str, Filter]] = []
        """(name, filter) of every saved view, by name."""

    @property
    def names(self) -> list[str]:
        """The names of the saved views."""
        return [name for name, _ in self.views]

    def refresh(self) -> None:
        """Read the list again (the store changed)."""
        self._run(partial(views_listed, self._store()), "")

    def save(self, name: str, flt: Filter) -> None:
        """Save `flt` under `name` (replacing a view of that name)."""
        self._run(partial(views_saved, self._store(), name, flt), f"Saved view “{name}”.")

    def delete(self, name: str) -> None:
        """Forget a view."""
        self._run(partial(views_deleted, self._store(), name), f"Deleted view “{name}”.")

    def open(self, name: str) -> None:
        """Make a saved view's filter the app's filter."""
        for saved, flt in self.views:
            if saved == name:
                dated = flt.since is not None or flt.until is not None
                self.app.post_message(FilterAsked(flt, preset="custom" if dated else "all"))
                self.app.notify(f"Opened view “{name}”.", timeout=3, markup=False)
                return

    def _store(self) -> Opener:
        return opener_for(context_of(self.app).db_path)

    def _run(self, job: Callable[[], list[tuple[str, Filter]]], done: str) -> None:
        def work() -> None:
            views = job()
            self.app.call_from_thread(self._show, views, done)

        # Failures reach the app's Worker.StateChanged handler, which notifies.
        self.app.run_worker(work, thread=True, group="views", exit_on_error=False)

    def _show(self, views: list[tuple[str, Filter]], done: str) -> None:
        self.views = views
        if done:
            self.app.notify(done, timeout=3, markup=False)


@runtime_checkable
class ViewsHost(Protocol):
    """An app with saved views, which the palette lists."""

    @property
    def views(self) -> SavedViews:
        """The saved views, as last read."""


class ViewCommands(Provider):
    """Palette entries “Open view: NAME” and “Delete view: NAME” (names shown literally)."""

    def _commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        if not isinstance(self.app, ViewsHost):
            return []
        views = self.app.views
        found: list[tuple[str, str, Callable[[], None]]] = []
        for name, flt in views.views:
            # The palette reads help as markup: brackets escaped (the one escape that holds).
            words = safe(flt.describe(), limit=200).replace("[", "\\[")
            found.append((f"Open view: {safe(name, limit=80)}", words, partial(views.open, name)))
        for name, _ in views.views:
            title = f"Delete view: {safe(name, limit=80)}"
            found.append((title, "Forget this view", partial(views.delete, name)))
        return found

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            if title.startswith("Open"):
                yield DiscoveryHit(Content(title), command, title, help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                # Content, never matcher.highlight: a name could hold markup.
                yield Hit(score, Content(title), command, title, help_text)

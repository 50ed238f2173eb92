"""The app's side of the guided tour: the step shown, the keys that drive it, what it hears.

`TourApp` is the base of the app. It holds the tour (tui/tour.py) and `tour_at`, the step
the tour panel shows, tells the tour about every screen switched to, and runs the tour's
keys (ctrl+t shows or hides it, `>` skips a step, the palette's "Tour: restart"). It hears
what else the user did as `ActionSeen` messages (or `tour_saw`); the app tells it today's
date (`today`), whether the store is the demo's (`in_demo`) and how to show the demo's
story (`show_story`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import App
from textual.reactive import reactive
from textual.widget import AwaitMount

from csat_tui.filters import Filter
from csat_tui.tui.context import ActionSeen
from csat_tui.tui.tour import STORY_SINCE, STORY_UNTIL, Seen, Tour


class TourApp(App[None]):
    """An app that runs the guided tour over its screens."""

    tour_at: reactive[int | None] = reactive(None, init=False, always_update=True)
    """The tour step shown; None when the tour is hidden."""

    today: Callable[[], date]
    """Today's date (the app's: the demo has its own clock); steps may depend on it."""

    def __init__(self) -> None:
        super().__init__()
        self.tour = Tour()
        """The guided tour's steps and where the user is in them."""

    # What the app says of itself.

    @property
    def in_demo(self) -> bool:
        """The store is a throwaway copy of the demo store, whose story the tour tells."""
        return False

    def show_story(self, flt: Filter) -> None:
        """Make `flt`, the weeks of the demo's story, the filter every screen shows."""
        raise NotImplementedError(f"{type(self).__name__} does not show the demo's story")

    # Where the tour is, and what moves it on.

    def start_tour_on_story(self) -> None:
        """Back to the first step, on the weeks where the demo's story is (not shown yet)."""
        self.tour.restart()
        self.show_story(Filter(since=STORY_SINCE, until=STORY_UNTIL))

    def show_tour(self) -> None:
        """Show the tour where it is."""
        self.tour_at = self.tour.index

    def tour_saw(self, seen: Seen) -> None:
        """The user did something: the tour moves on if its step was waiting for it."""
        if self.tour_at is not None and self.tour.saw(seen, self.today()):
            self.tour_at = self.tour.index

    @on(ActionSeen)
    def _action_seen(self, message: ActionSeen) -> None:
        self.tour_saw(message.seen)

    def switch_mode(self, mode: str) -> AwaitMount:
        """Show a screen by name (and tell the tour)."""
        done = super().switch_mode(mode)
        self.tour_saw(Seen("screen", screen=mode))
        return done

    def watch_tour_at(self, at: int | None) -> None:
        # Dialogs make room for the panel while it shows (styles/app.tcss).
        self.set_class(at is not None, "-touring")
        self.set_class(at is not None and self.tour.expanded, "-tour-expanded")

    # The tour's keys (tui/keys.py) and the palette's "Tour: restart".

    def action_toggle_tour(self) -> None:
        """Show or hide the tour where it was (small terminal: its hint, all of it, hidden)."""
        if self.tour_at is not None:
            if self.screen.has_class("-compact") and not self.tour.expanded:
                self.tour.expanded = True
                self.show_tour()
                return
            self.tour.expanded = False
            self.tour_at = None
            return
        if self.tour.index == 0 and self.in_demo:
            self.start_tour_on_story()  # the first step talks about the story's weeks
        self.show_tour()

    def action_skip_tour_step(self) -> None:
        """Go to the tour's next step."""
        if self.tour_at is not None:
            self.tour.skip()
            self.show_tour()

    def action_restart_tour(self) -> None:
        """Start the tour again from its first step (the demo's story period in the demo)."""
        if self.in_demo:
            self.start_tour_on_story()
        else:
            self.tour.restart()
        self.switch_mode("dashboard")
        self.show_tour()

"""What a screen may know of the app it runs in, and what it may ask of it.

Screens read the shared state through `AppContext` (the filter, its period preset, the
store's path, the filter's choices, today's date) and ask for changes by posting the
messages below, which bubble up to the app and are handled there with `@on`. No screen
imports the app: any app with these members hosts them (tests/tui/test_host.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import Worker

from csat_tui.filters import Filter
from csat_tui.services import Facets
from csat_tui.services.periods import Preset
from csat_tui.tui.tour import Seen

if TYPE_CHECKING:
    from csat_tui.tui.triage_runner import Action  # which posts these messages itself

ASKING = "asking"
"""The worker group of the app's workers that wait for the user (a dialog opened with
`push_screen_wait`): they end when the user answers, not when a load does."""


@runtime_checkable
class AppContext(Protocol):
    """The app as screens see it. `filter` and `data_version` are reactive: screens watch
    them and reload when either changes."""

    @property
    def filter(self) -> Filter:
        """The one filter every screen shows."""

    @property
    def preset(self) -> Preset:
        """The period preset the filter's dates come from."""

    @property
    def data_version(self) -> int:
        """Goes up when the store's content changes."""

    @property
    def db_path(self) -> Path:
        """The store the screens' loads open (through services)."""

    @property
    def facets(self) -> Facets:
        """The filter's choices, as last loaded."""

    def today(self) -> date:
        """Today's date for periods and due dates (the demo has its own)."""

    def widen_first_period(self, last_day: str | None) -> bool:
        """At start, on an empty default period: show all time instead; True if it did."""

    def take_restored(self) -> tuple[int, ...]:
        """The responses the latest undo brought back to the queue (once)."""


def context_of(node: MessagePump) -> AppContext:
    """The app `node` runs in, as an `AppContext` (a TypeError if it is none)."""
    app = node.app
    if not isinstance(app, AppContext):
        raise TypeError(f"{type(app).__name__} does not host csat-tui's screens")
    return app


# Requests screens post; they bubble up to the app.


@dataclass
class FilterAsked(Message):
    """Make `filter` the app's filter, then show the screen `then_show` (if any)."""

    filter: Filter
    then_show: str | None = None
    preset: Preset | None = None
    """Where the filter's dates come from (None: the period preset stays as it is)."""


@dataclass
class GroupOpened(Message):
    """Show the responses of one breakdown row: the filter narrowed to `by` = `key`."""

    by: str
    key: str


@dataclass
class ResponseOpened(Message):
    """Show one response in full."""

    response_id: int


@dataclass
class TriageAsked(Message):
    """Run a triage write (tag, follow-up, triaged, tag rename…) after the ones before."""

    action: Action


@dataclass
class FacetsLoaded(Message):
    """The filter's choices were read again."""

    facets: Facets


@dataclass
class WorkerEnded(Message):
    """A screen's worker changed state (its own message does not bubble): a failure is
    said to the user by the app."""

    event: Worker.StateChanged


class StoreChanged(Message):
    """The store's content changed (an import): every screen reloads."""


@dataclass
class ActionSeen(Message):
    """The user did something the guided tour may be waiting for (a tag saved, an undo…)."""

    seen: Seen

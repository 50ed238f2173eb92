"""Triage writes from the TUI: one at a time, in the order asked, each in a thread worker.

A tag, a follow-up, a triaged mark and an undo must reach the store in the order the user
pressed their keys (undo undoes the *latest* action), so actions wait in a queue and the
next starts only when the previous one has finished. Each opens its own connection.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from textual.app import App
from textual.worker import Worker, WorkerState, get_current_worker

from csat_tui.errors import CsatError
from csat_tui.services import Store, Waiting, triage
from csat_tui.services.opening import run_on
from csat_tui.tui.context import ActionSeen, StoreChanged, context_of
from csat_tui.tui.text import safe
from csat_tui.tui.tour import Seen

GROUP = "triage"
"""The worker group every triage write runs in."""

WAIT_S = 4 * 3600.0
"""How long a triage action waits for another writer (an import) before it gives up."""


@dataclass(frozen=True)
class Outcome:
    """What an action did: a sentence for the user, and the responses it brought back."""

    said: str
    restored: tuple[int, ...] = ()
    seen: Seen | None = None
    """What the guided tour hears of it."""


Action = Callable[[Store], Outcome]
"""A write on an open store; returns what to tell the user it did (past tense)."""


@dataclass(frozen=True)
class FollowupChoice:
    """What the follow-up dialog asks to set (None keeps a field as it is)."""

    status: str | None
    owner: str | None
    due_date: date | None
    note: str | None


def _ids(ids: Sequence[int]) -> str:
    return f"#{ids[0]}" if len(ids) == 1 else f"{len(ids)} responses"


def tag_action(ids: Sequence[int], names: Sequence[str]) -> Action:
    """Tag responses."""

    def run(store: Store) -> Outcome:
        triage.tag(store, ids, names)
        return Outcome(f"Tagged {_ids(ids)}: {safe(', '.join(names), limit=80)}", seen=Seen("tag"))

    return run


def followup_action(ids: Sequence[int], choice: FollowupChoice) -> Action:
    """Create or change follow-ups."""

    def run(store: Store) -> Outcome:
        due = choice.due_date.isoformat() if choice.due_date else None
        triage.set_followup(
            store, ids, status=choice.status, owner=choice.owner, due_date=due, note=choice.note
        )
        who = f" for {safe(choice.owner, limit=40)}" if choice.owner else ""
        when = f", due {due}" if due else ""
        seen = Seen("followup", owner=choice.owner, due=choice.due_date)
        return Outcome(f"Follow-up of {_ids(ids)} saved{who}{when}", seen=seen)

    return run


def triaged_action(ids: Sequence[int]) -> Action:
    """Mark responses triaged."""

    def run(store: Store) -> Outcome:
        triage.mark_triaged(store, ids)
        return Outcome(f"Marked {_ids(ids)} triaged", seen=Seen("triaged"))

    return run


def undo_action(store: Store) -> Outcome:
    """Undo the latest triage action."""
    undone = triage.undo(store)
    what = undone.action.replace("followup", "follow-up").replace("_", " ")
    about = f" of {_ids(undone.response_ids)}" if undone.response_ids else ""
    when = undone.at[:16].replace("T", " ")
    said = f"Undid {what}{about} (by {safe(undone.actor, limit=40)}, {when})"
    return Outcome(said, undone.response_ids, Seen("undo"))


def tags_action(verb: str, run_on: Callable[[Store], object], said: str) -> Action:
    """A tag rename, merge or delete (`said` is already safe to show)."""

    def run(store: Store) -> Outcome:
        run_on(store)
        return Outcome(said)

    return run


class TriageRunner:
    """Runs triage actions one after another; says what each did, or why it failed.

    Any app that hosts the screens will do (an `AppContext`: the store is its `db_path`);
    what an action did reaches it as messages: `StoreChanged` (screens reload) and
    `ActionSeen` (for the guided tour).
    """

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self._waiting: deque[Action] = deque()
        self._running: Worker[Outcome] | None = None
        self.restored: tuple[int, ...] = ()
        """The responses the latest undo brought back (the queue shows the first of them)."""
        self.waiting_for: str | None = None
        """While the running action waits for a busy store: what the store is busy with."""

    def run(self, action: Action) -> None:
        """Queue an action; it runs when the ones before it have finished."""
        self._waiting.append(action)
        self._next()

    @property
    def busy(self) -> bool:
        """An action is running or waiting."""
        return self._running is not None or bool(self._waiting)

    def _next(self) -> None:
        if self._running is not None or not self._waiting:
            return
        action = self._waiting.popleft()
        path = context_of(self.app).db_path
        app = self.app

        def told(message: str) -> None:
            app.call_from_thread(self._told, message)

        def going_on() -> bool:
            return not get_current_worker().is_cancelled

        def work() -> Outcome:
            return run_on(path, action, Waiting(WAIT_S, told, going_on))

        self._running = self.app.run_worker(
            work, thread=True, group=GROUP, exit_on_error=False, name="triage"
        )

    def _told(self, message: str) -> None:
        self.waiting_for = message
        waiting = len(self._waiting) + 1
        queued = "your change is" if waiting == 1 else f"your {waiting} changes are"
        self.app.notify(
            f"{message.removesuffix('; waiting…')}: {queued} queued and will be saved "
            "when it has finished",
            title="Store busy",
            severity="warning",
            markup=False,
            timeout=8,
        )

    def changed(self, event: Worker.StateChanged) -> None:
        """A triage worker changed state: report it, reload the screens, start the next."""
        if event.worker is not self._running:
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.waiting_for = None
        if event.state == WorkerState.SUCCESS:
            self._running = None
            outcome = event.worker.result
            if isinstance(outcome, Outcome):
                self.restored = outcome.restored
                self.app.notify(outcome.said, timeout=2.5, markup=False)
                if outcome.seen is not None:
                    self.app.post_message(ActionSeen(outcome.seen))
            self.app.post_message(StoreChanged())
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._running = None
            error = event.worker.error
            title = error.title if isinstance(error, CsatError) else "Triage failed"
            self.app.notify(str(error), title=title, severity="error", markup=False, timeout=8)
        else:
            return
        self._next()

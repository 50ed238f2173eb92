"""A screen runs on its own: a small host app (not CsatApp) gives it what `AppContext` says
and receives what it asks for as messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import App
from textual.message import Message
from textual.reactive import reactive
from textual.worker import Worker

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.services import Facets
from csat_tui.services.periods import Preset
from csat_tui.store.db import Store
from csat_tui.tui.app import CsatApp
from csat_tui.tui.context import (
    ActionSeen,
    AppContext,
    FilterAsked,
    ResponseOpened,
    StoreChanged,
    TriageAsked,
    context_of,
)
from csat_tui.tui.saved_views import SavedViews
from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.tour import Seen
from csat_tui.tui.triage_runner import GROUP, TriageRunner, tag_action
from csat_tui.tui.widgets.responses_table import ResponsesTable
from tests.helpers import record, write
from tests.tui.support import TODAY, settle
from tests.tui.test_queue import tags_of


class Host(App[None]):
    """Just what a screen reads, and a list of what it asked for."""

    filter: reactive[Filter] = reactive(Filter, init=False)
    preset: reactive[Preset] = reactive("all", init=False)
    data_version: reactive[int] = reactive(0, init=False)

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.facets = Facets()
        self.asked: list[Message] = []

    def today(self) -> date:
        return TODAY

    def widen_first_period(self, last_day: str | None) -> bool:
        return False

    def take_restored(self) -> tuple[int, ...]:
        return ()

    def on_mount(self) -> None:
        self.push_screen(ResponsesScreen())

    @on(FilterAsked)
    @on(ResponseOpened)
    @on(TriageAsked)
    @on(StoreChanged)
    def _asked(self, message: Message) -> None:
        self.asked.append(message)


def shown(app: App[None]) -> list[str | None]:
    return [row.comment for row in app.screen.query_one(ResponsesTable).responses]


async def test_the_responses_screen_runs_under_a_small_host(store: Store, db_path: Path) -> None:
    write(
        store,
        [
            record(1, comment="slow refund", touchpoint="billing", at="2026-10-01T10:00:00Z"),
            record(5, comment="lovely", touchpoint="support", at="2026-10-02T10:00:00Z"),
        ],
    )
    app = Host(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        assert context_of(app.screen) is app
        assert shown(app) == ["lovely", "slow refund"]
        # The host's filter is the screen's: changing it reloads the screen.
        app.filter = Filter(touchpoints=("billing",))
        await settle(pilot)
        assert shown(app) == ["slow refund"]
        # What the screen asks for reaches the host as messages.
        await pilot.press("enter")
        await pilot.press("m")
        await settle(pilot)
        opened, triage = app.asked
        assert isinstance(opened, ResponseOpened) and opened.response_id == 1
        assert isinstance(triage, TriageAsked)
        # The store changed (the host says so): the screen reads it again.
        write(store, [record(2, comment="late again", touchpoint="billing")], checksum="more")
        app.data_version += 1
        await settle(pilot)
        assert sorted(c or "" for c in shown(app)) == ["late again", "slow refund"]


def test_the_app_is_what_screens_expect(tmp_path: Path) -> None:
    app: AppContext = CsatApp(Settings(db_path=tmp_path / "x.db"), today=lambda: TODAY)
    assert isinstance(app, AppContext)
    assert app.today() == TODAY


class RunnerHost(Host):
    """The small host with the app's triage runner and saved views, and nothing else."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(db_path)
        self.triage = TriageRunner(self)
        self.views = SavedViews(self)

    @on(ActionSeen)
    def _seen(self, message: ActionSeen) -> None:
        self.asked.append(message)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == GROUP:
            self.triage.changed(event)


async def test_triage_and_saved_views_run_under_a_small_host(store: Store, db_path: Path) -> None:
    write(store, [record(1, comment="slow refund", at="2026-10-01T10:00:00Z")])
    app = RunnerHost(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        (response,) = app.screen.query_one(ResponsesTable).responses
        app.asked.clear()
        app.triage.run(tag_action([response.id], ["refund"]))
        await settle(pilot)
        # The tag reached the host's store; the host heard what happened as messages.
        assert tags_of(db_path) == {response.id: {"refund"}}
        assert [type(m) for m in app.asked] == [ActionSeen, StoreChanged]
        seen = app.asked[0]
        assert isinstance(seen, ActionSeen) and seen.seen == Seen("tag")
        # A saved view: kept in the host's store, opened as a FilterAsked with its period.
        app.asked.clear()
        dated = Filter(touchpoints=("billing",), since=date(2026, 10, 1))
        app.views.save("billing since October", dated)
        await settle(pilot)
        assert app.views.names == ["billing since October"]
        app.views.open("billing since October")
        await settle(pilot)
        (asked,) = app.asked
        assert isinstance(asked, FilterAsked) and asked.filter == dated
        assert asked.preset == "custom"

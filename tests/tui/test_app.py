"""The app driven by keys: the dashboard's cards follow the filter; responses page; details open."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from csat_tui.store.db import Store
from csat_tui.tui.screens.dashboard import DashboardScreen
from csat_tui.tui.screens.detail import DetailScreen
from csat_tui.tui.screens.help import HelpScreen
from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.widgets.breakdown import BreakdownTable
from csat_tui.tui.widgets.charts import TrendChart
from csat_tui.tui.widgets.responses_table import ResponsesTable
from csat_tui.tui.widgets.score_card import ScoreCard
from tests.helpers import record, write
from tests.tui.support import help_text, make_app, screen_text, settle


def text_of(app: object, selector: str) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one(selector).render())


def card(app: object, key: str) -> str:
    from textual.app import App

    assert isinstance(app, App)
    widget = app.screen.query_one(f"#card-{key}", ScoreCard)
    assert widget.value is not None
    return widget.value.value


async def test_empty_store_shows_the_welcome_panel(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.screen.has_class("-empty")
        welcome = text_of(app, "#welcome")
        assert "import" in welcome
        assert "demo" in welcome


async def test_changing_the_filter_changes_the_cards(store: Store, db_path: Path) -> None:
    write(store, [record(5, at="2026-10-30T10:00:00Z") for _ in range(3)])
    write(store, [record(1, at="2026-01-10T10:00:00Z") for _ in range(3)], checksum="y")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert card(app, "csat") == "100.0%"
        assert card(app, "responses") == "3"
        for _ in range(4):  # 90 days → this quarter → all time
            await pilot.press("p")
            await settle(pilot)
            if app.preset == "all":
                break
        assert app.preset == "all"
        assert card(app, "csat") == "50.0%"
        assert card(app, "responses") == "6"
        await pilot.press("b")  # low scores only
        await settle(pilot)
        assert card(app, "csat") == "0.0%"
        assert "low on any score" in text_of(app, "#filter-line")


async def test_a_filter_matching_nothing_says_how_to_widen_it(store: Store, db_path: Path) -> None:
    write(store, [record(5, at="2025-01-01T10:00:00Z")])
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # Last year's survey, just imported: the first period is widened to show it.
        assert app.preset == "all" and card(app, "responses") == "1"
        await pilot.press("p")  # the last 7 days: nothing
        await settle(pilot)
        assert app.state.preset == "7d"
        assert app.screen.has_class("-no-match")
        message = text_of(app, "#no-match")
        assert "No responses match" in message
        assert "Widen it" in message
        assert "2025-01-01" in message


async def test_enter_on_a_breakdown_row_opens_its_responses(store: Store, db_path: Path) -> None:
    write(
        store,
        [record(5, touchpoint="billing") for _ in range(2)]
        + [record(2, touchpoint="delivery") for _ in range(3)],
    )
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")  # all time
        await settle(pilot)
        table = app.screen.query_one(BreakdownTable)
        table.focus()
        first = table.rows_shown[0].counts.key
        assert first == "delivery"  # worst impact first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        assert app.filter.touchpoints == ("delivery",)
        rows = app.screen.query_one(ResponsesTable)
        assert rows.row_count == 3
        assert {r.touchpoint for r in rows.responses} == {"delivery"}


async def test_paging_through_ten_thousand_responses(store: Store, db_path: Path) -> None:
    write(
        store,
        (
            record(1 + i % 5, at=f"2026-10-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z")
            for i in range(10_000)
        ),
    )
    app = make_app(db_path, screen="responses")
    # A short terminal: fewer lines to paint per page keeps this test quick.
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        table = app.screen.query_one(ResponsesTable)
        assert table.row_count == 200  # one page, not everything
        table.focus()
        pages = 0
        while table.row_count < 10_000 and pages < 100:
            await pilot.press("ctrl+end")
            await settle(pilot)
            pages += 1
        assert table.row_count == 10_000
        assert len({r.id for r in table.responses}) == 10_000
        dates = [r.submitted_at or "" for r in table.responses]
        assert dates == sorted(dates, reverse=True)
        assert "10,000 responses" in text_of(app, "#responses-status")
        await pilot.press("o")  # oldest first
        await settle(pilot)
        assert table.row_count == 200
        assert table.responses[0].submitted_at == min(dates)


async def test_enter_opens_a_response_in_full(store: Store, db_path: Path) -> None:
    write(
        store,
        [record(2, 3, comment="Slow\nreply", touchpoint="support", attributes={"plan": "pro"})],
    )
    app = make_app(db_path, screen="responses")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one(ResponsesTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        shown = text_of(app, "#detail")
        assert "Slow\nreply" in shown
        assert "CSAT  2 of 1-5" in shown
        assert "NPS   3 of 0-10" in shown
        assert "plan" in shown and "pro" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ResponsesScreen)


async def test_keys_switch_screens_and_help_lists_them(store: Store, db_path: Path) -> None:
    write(store, [record(4)])
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = help_text(app)
        assert "Metric" in keys and "Filter" in keys and "Quit" in keys
        await pilot.press("escape")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        await pilot.press("d")
        assert isinstance(app.screen, DashboardScreen)


@pytest.mark.parametrize("name", ["queue", "followups"])
async def test_the_triage_screens_open_by_name(db_path: Path, name: str) -> None:
    app = make_app(db_path, screen=name)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.current_mode == name
        assert not app.screen.query("#placeholder")


async def test_the_theme_switches_and_is_remembered(db_path: Path) -> None:
    app = make_app(db_path, theme=None)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light"
    again = make_app(db_path, theme=None)
    async with again.run_test() as pilot:
        assert again.theme == "textual-light"


async def test_a_broken_store_is_a_message_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_text("not a database" * 500)
    app = make_app(broken)
    async with app.run_test(notifications=True) as pilot:
        with contextlib.suppress(WorkerFailed):
            await settle(pilot)
        await pilot.pause()
        messages = [n.message for n in app.notified]
        assert any("not a readable SQLite store" in m for m in messages)
        assert app.is_running
        assert not app.screen.query_one("#filter-line").has_class("-busy")


async def test_responses_sort_by_score(store: Store, db_path: Path) -> None:
    write(store, [record(s, 10 - s) for s in (3, 1, 5, 2, 4)] + [record(None, 9)])
    app = make_app(db_path, screen="responses")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        table = app.screen.query_one(ResponsesTable)
        assert table.row_count == 6
        await pilot.press("o", "o")  # oldest, then lowest CSAT first
        await settle(pilot)
        assert [r.csat for r in table.responses] == [1, 2, 3, 4, 5]
        assert "lowest CSAT first" in text_of(app, "#responses-status")
        await pilot.press("M", "o")  # by NPS; highest first
        await settle(pilot)
        assert [r.nps for r in table.responses] == [9, 9, 8, 7, 6, 5]


async def test_a_period_with_one_answer_is_a_grey_dot_off_the_trend_line(
    store: Store, db_path: Path
) -> None:
    # Two full weeks, then one week with a single low answer (0 % on its own).
    write(store, [record(5, at=f"2026-10-0{d}T12:00:00Z") for d in range(1, 8)])
    write(store, [record(4, at=f"2026-10-{d}T12:00:00Z") for d in range(12, 19)], checksum="b")
    write(store, [record(1, at="2026-10-28T12:00:00Z")], checksum="c")
    app = make_app(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(TrendChart).display
        assert "grey: under 5 answers" in screen_text(app)

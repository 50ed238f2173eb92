"""The filter dialog's column section and the breakdown by any kept column (issue 14), on the
support-desk export imported for real; counts checked against the file read with `csv`."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, SelectionList
from typer.testing import CliRunner

from csat_tui.cli.main import app as cli
from csat_tui.store.db import Store
from csat_tui.tui.screens.dashboard import DashboardScreen
from csat_tui.tui.screens.filter_dialog import FilterDialog
from csat_tui.tui.widgets.breakdown import BreakdownTable
from csat_tui.tui.widgets.score_card import ScoreCard
from tests.tui.hostile import HOSTILE
from tests.tui.support import make_app, screen_text, settle
from tests.tui.test_hostile import assert_literal, fill

SUPPORT = Path(__file__).parent.parent / "importers" / "fixtures" / "real"
SUPPORT_CSV = SUPPORT / "ecommerce_support_csat.csv"
SnapCompare = Callable[..., bool]


@pytest.fixture
def support(db_path: Path) -> Path:
    result = CliRunner().invoke(cli, ["import", str(SUPPORT_CSV), "--db", str(db_path)])
    assert result.exit_code == 0, result.stderr
    return db_path


def file_column(column: str) -> Counter[str]:
    """Rows per value of `column`, read from the file alone."""
    with SUPPORT_CSV.open(encoding="utf-8", newline="") as handle:
        return Counter(v for row in csv.DictReader(handle) if (v := row[column].strip()))


def responses_card(app: Any) -> int:
    value = app.screen.query_one("#card-responses", ScoreCard).value
    assert value is not None
    return int(value.value.replace(",", ""))


async def choose(pilot: Pilot[Any], dimension: str, *values: str) -> FilterDialog:
    """In the open filter dialog: pick the column, then tick each value with the keyboard."""
    dialog = pilot.app.screen
    assert isinstance(dialog, FilterDialog)
    dialog.query_one("#column", Select).value = dimension
    await pilot.pause()
    listed: SelectionList[str] = dialog.query_one("#column-values", SelectionList)
    listed.focus()
    for value in values:
        index = next(i for i, o in enumerate(listed.options) if getattr(o, "value", None) == value)
        listed.highlighted = index
        await pilot.press("space")
    await pilot.pause()
    return dialog


async def open_dialog(pilot: Pilot[Any]) -> None:
    await pilot.press("x")  # all time: the file's dates are from 2023
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)


async def test_choosing_a_shift_in_the_dialog_filters_the_dashboard(support: Path) -> None:
    morning = file_column("Agent Shift")["Morning"]
    app = make_app(support)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dialog(pilot)
        dialog = await choose(pilot, "attribute:Agent Shift", "Morning")
        info = str(dialog.query_one("#column-info").render())
        assert f"{len(file_column('Agent Shift'))} values" in info
        assert "Agent Shift is Morning" in str(dialog.query_one("#column-chosen").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.filter.where == (("Agent Shift", "Morning"),)
        assert responses_card(app) == morning
        assert "Agent Shift is Morning" in screen_text(app)


async def test_two_values_of_a_column_or_and_two_columns_and(support: Path) -> None:
    with SUPPORT_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    supervisors = [s for s, _ in file_column("Supervisor").most_common(2)]
    expected = sum(
        1 for r in rows if r["Supervisor"] in supervisors and r["Agent Shift"] == "Evening"
    )
    app = make_app(support)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dialog(pilot)
        await choose(pilot, "attribute:Supervisor", *supervisors)
        await choose(pilot, "attribute:Agent Shift", "Evening")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.filter.where_by_key() == {
            "Supervisor": tuple(supervisors),
            "Agent Shift": ("Evening",),
        }
        assert responses_card(app) == expected
        # Opened again, the dialog shows what the filter holds, and keeps it on apply.
        await pilot.press("f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        listed: SelectionList[str] = dialog.query_one("#column-values", SelectionList)
        assert dialog.query_one("#column", Select).value == "attribute:Supervisor"
        assert sorted(listed.selected) == sorted(supervisors)
        before = app.filter
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.filter == before


async def test_an_agent_and_a_typed_value(support: Path) -> None:
    agent, n = file_column("Agent_name").most_common(1)[0]
    app = make_app(support)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_dialog(pilot)
        dialog = await choose(pilot, "agent")
        typed = dialog.query_one("#column-value")
        typed.focus()
        await pilot.press(*agent, "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.filter.agents == (agent,)
        assert responses_card(app) == n


async def test_the_breakdown_by_a_kept_column_has_a_row_per_value(support: Path) -> None:
    expected = file_column("Supervisor")
    app = make_app(support)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        seen = []
        while dashboard.by != "attribute:Supervisor":
            await pilot.press("g")
            seen.append(dashboard.by)
            assert len(seen) < 30, seen
        assert {"agent", "team", "attribute:Agent Shift"} <= set(seen)
        await settle(pilot)
        table = dashboard.query_one(BreakdownTable)
        assert {r.counts.key: r.counts.responses for r in table.rows_shown} == dict(expected)
        assert "CSAT % by Supervisor" in str(dashboard.query_one("#breakdown-title").render())
        # Enter on a row: that supervisor's responses.
        first = table._sorted()[0].counts.key
        assert first is not None
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        assert app.filter.where == (("Supervisor", first),)
        assert app.current_mode == "responses"


async def test_hostile_columns_and_values_show_as_text(store: Store, db_path: Path) -> None:
    fill(store)
    app = make_app(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        dimensions = app.facets.dimensions
        assert "attribute:[bold]x[/bold]" in dimensions
        seen = ""
        for _ in dimensions:  # every breakdown, hostile column names included
            await pilot.press("g")
            await settle(pilot)
            seen += assert_literal(app)
        title = str(dashboard.query_one("#breakdown-title").render())
        assert "by " in title
        await pilot.press("f")
        await settle(pilot)
        for key in ("[bold]x[/bold]", "plain", HOSTILE[10][:80]):
            await choose(pilot, f"attribute:{key}")
            shown = assert_literal(app)
            assert key.replace("\x07", "␇") in shown
        assert "[@click=app.quit]x[/]" in shown  # a value of "plain", with its count
        await choose(pilot, "attribute:plain", "[bold]x[/bold]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.filter.where == (("plain", "[bold]x[/bold]"),)
        assert "plain is [bold]x[/bold]" in assert_literal(app)


async def _dialog_with_a_column(pilot: Pilot[Any]) -> None:
    await pilot.press("x")
    await settle(pilot)
    pilot.app.clear_notifications()  # the start's "showing all time" note, before the dialog
    await pilot.pause()
    await pilot.press("f")
    await settle(pilot)
    # Ticked without focusing the list: focus scrolls the dialog after the next refresh,
    # which a loaded machine reaches before the screenshot and an idle one after it (the
    # keyboard is `choose`'s, in the tests above).
    dialog = pilot.app.screen
    assert isinstance(dialog, FilterDialog)
    dialog.query_one("#column", Select).value = "attribute:Agent Shift"
    await pilot.pause()
    listed: SelectionList[str] = dialog.query_one("#column-values", SelectionList)
    listed.select("Morning")
    await settle(pilot)
    listed.scroll_visible(animate=False, immediate=True)  # the column's values in view
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_filter_dialog_columns_snapshot(
    snap_compare: SnapCompare, support: Path, size: tuple[int, int]
) -> None:
    app = make_app(support, "dashboard", "textual-dark")
    assert snap_compare(app, terminal_size=size, run_before=_dialog_with_a_column)

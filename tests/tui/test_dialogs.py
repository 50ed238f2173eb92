"""Dialogs and the rest of the keyboard and mouse: filter, import, palette, clicks, --screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Select, Static

from csat_tui.filters import Filter
from csat_tui.services.demo import DEMO_TODAY
from csat_tui.services.demo_data import PRICE_CHANGE
from csat_tui.services.synthetic import write_csv_file
from csat_tui.store.db import Store
from csat_tui.tui.screens.dashboard import DashboardScreen
from csat_tui.tui.screens.filter_dialog import FilterDialog
from csat_tui.tui.screens.import_dialog import ImportDialog, PathSuggester
from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.widgets.breakdown import BreakdownTable
from csat_tui.tui.widgets.score_card import ScoreCard
from tests.helpers import record, write
from tests.tui.support import make_app, settle


def card_value(app: object, key: str) -> str:
    from textual.app import App

    assert isinstance(app, App)
    value = app.screen.query_one(f"#card-{key}", ScoreCard).value
    assert value is not None
    return value.value


async def test_the_filter_dialog_applies_a_touchpoint(store: Store, db_path: Path) -> None:
    write(
        store,
        [record(5, touchpoint="web"), record(1, touchpoint="app"), record(1, touchpoint="app")],
    )
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        assert card_value(app, "responses") == "3"
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#touchpoint", Select).value = "web"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.filter.touchpoints == ("web",)
        assert card_value(app, "responses") == "1"
        assert card_value(app, "csat") == "100.0%"
        assert "touchpoint web" in str(app.screen.query_one("#filter-line").render())


async def test_a_bad_date_is_said_not_applied(store: Store, db_path: Path) -> None:
    write(store, [record(5)])
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        before = app.filter
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#since", Input).value = "last tuesday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        assert "not a date" in str(app.screen.query_one("#filter-error", Label).render())
        await pilot.press("escape")
        assert app.filter == before


async def test_import_previews_then_imports_and_refreshes(db_path: Path, tmp_path: Path) -> None:
    export = write_csv_file(tmp_path / "survey.csv", 40, seed=3)
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-empty")
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#import-path", Input).value = str(export)
        await pilot.press("ctrl+r")
        await settle(pilot)
        summary = str(dialog.query_one("#import-summary", Static).render())
        assert "Preview (nothing written)" in summary
        assert "40 records" in summary
        assert dialog.query_one("#import-columns", DataTable).row_count > 3
        await pilot.press("ctrl+s")
        await settle(pilot)
        summary = str(dialog.query_one("#import-summary", Static).render())
        assert "Import imported" in summary
        assert "40 imported" in summary
        await pilot.press("escape")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not app.screen.has_class("-empty")
        assert card_value(app, "responses") == "40"


async def test_importing_a_missing_file_says_why(db_path: Path, tmp_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(tmp_path / "nope[/b].csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        summary = str(app.screen.query_one("#import-summary", Static).render())
        assert "failed" in summary
        assert "nope[/b].csv" in summary
        assert app.is_running


async def test_paths_complete_from_the_file_system(tmp_path: Path) -> None:
    (tmp_path / "survey-october.csv").write_text("x")
    (tmp_path / "reports").mkdir()
    suggester = PathSuggester()
    assert await suggester.get_suggestion(str(tmp_path / "surv")) == str(
        tmp_path / "survey-october.csv"
    )
    assert await suggester.get_suggestion(str(tmp_path / "rep")) == str(tmp_path / "reports") + "/"
    assert await suggester.get_suggestion(str(tmp_path / "zzz")) is None


async def test_the_palette_lists_screens_and_actions(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Screen: Responses", "Screen: Triage queue", "Filter", "Import", "Period"):
            assert title in titles
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Screen: Responses"
        )
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)


async def test_clicking_a_card_and_a_breakdown_row(store: Store, db_path: Path) -> None:
    write(store, [record(5, 9, touchpoint="web"), record(2, 3, touchpoint="app")])
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.click("#card-nps")
        await settle(pilot)
        assert screen.metric == "nps"
        table = screen.query_one(BreakdownTable)
        assert table.metric == "nps"
        await pilot.click(BreakdownTable, offset=(3, 1))  # the worst row, already under the cursor
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        assert app.filter.touchpoints == ("app",)


@pytest.mark.parametrize("name", ["dashboard", "responses", "queue"])
def test_the_tui_command_opens_on_a_screen(
    name: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from csat_tui.cli.main import app as cli
    from csat_tui.tui.app import CsatApp

    opened: list[str] = []
    monkeypatch.setattr(CsatApp, "run", lambda self, **_: opened.append(self.settings.screen))
    result = CliRunner().invoke(cli, ["tui", "--db", str(db_path), "--screen", name])
    assert result.exit_code == 0, result.output
    assert opened == [name]


async def test_the_demo_key_opens_a_throwaway_demo_store(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-empty")
        await pilot.press("D")
        await settle(pilot)
        await settle(pilot)
        assert app.db_path != db_path
        assert "DEMO" in app.sub_title
        # The demo's own clock, and the tour on the weeks of its story.
        assert app.today() == DEMO_TODAY
        assert app.tour_at == 0 and app.preset == "custom"
        assert app.filter.since == PRICE_CHANGE
        assert not app.screen.has_class("-empty")
        demo_folder = app.db_path.parent
    assert not demo_folder.exists()  # removed on exit


async def test_the_filter_dialog_loads_its_choices_when_needed(store: Store, db_path: Path) -> None:
    write(store, [record(5, touchpoint="web"), record(1, touchpoint="app")])
    app = make_app(db_path, screen="responses")  # the dashboard never loaded the choices
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        select = app.screen.query_one("#touchpoint", Select)
        select.value = "app"  # raises if "app" is not an option
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.filter.touchpoints == ("app",)


async def test_apply_keeps_what_the_dialog_does_not_show(store: Store, db_path: Path) -> None:
    """A filter from the command line or a saved view (a metric, two touchpoints) survives
    the dialog opened and applied unchanged."""
    write(store, [record(5, touchpoint="web"), record(1, touchpoint="app")])
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        held = Filter(touchpoints=("app", "web"), metric="nps", band="low")
        app.set_filter(held)
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.filter.metric == "nps"
        assert app.filter.touchpoints == ("app", "web")
        assert app.filter.band == "low"

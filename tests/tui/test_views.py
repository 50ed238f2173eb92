"""Saved views: v saves the filter under a name; the palette opens and deletes it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input

from csat_tui.filters import Filter
from csat_tui.services import open_store
from csat_tui.services.views import list_views, save_view
from csat_tui.store.db import Store
from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.screens.views_dialog import SaveViewDialog
from csat_tui.tui.widgets.responses_table import ResponsesTable
from tests.helpers import record, write
from tests.tui.support import links_and_actions, make_app, screen_text, settle


async def run_palette(pilot: object, text: str) -> None:
    """Open the palette, type `text`, run the first hit."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    pilot.app.screen.query_one(Input).value = text
    for _ in range(20):  # the palette searches in the background
        await pilot.pause(0.05)
    await pilot.press("down", "enter")
    await settle(pilot)


async def test_save_and_reopen_a_view(store: Store, db_path: Path) -> None:
    write(
        store,
        [
            record(1, comment="refund late", touchpoint="billing"),
            record(5, comment="refund fast", touchpoint="billing"),
            record(2, comment="slow", touchpoint="delivery"),
        ],
    )
    app = make_app(db_path, "responses")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        app.set_filter(replace(app.filter, touchpoints=("billing",), text="refund", band="low"))
        await settle(pilot)
        saved = app.filter
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, SaveViewDialog)
        await pilot.press(*"billing refunds")
        await pilot.press("enter")
        await settle(pilot)
        assert app.views.names == ["billing refunds"]
        with open_store(db_path) as check:
            assert list_views(check) == [("billing refunds", saved)]
        await pilot.press("x")
        await settle(pilot)
        assert app.filter.text == ""
        await run_palette(pilot, "Open view: billing refunds")
        assert app.filter == saved
        assert isinstance(app.screen, ResponsesScreen)
        rows = app.screen.query_one(ResponsesTable)
        assert [r.comment for r in rows.responses] == ["refund late"]
        await run_palette(pilot, "Delete view: billing refunds")
        assert app.views.names == []
        with open_store(db_path) as check:
            assert list_views(check) == []


async def test_an_empty_name_is_said_not_saved(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveViewDialog)
        assert "needs a name" in screen_text(app)
        await pilot.press("escape")
        assert app.views.names == []


async def test_hostile_view_names_show_literally_in_the_palette(
    store: Store, db_path: Path
) -> None:
    save_view(store, "[/bold] oops", replace(Filter(), text="[@click=app.quit]x[/]"))
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        app.screen.query_one(Input).value = "Open view: [/bold] oops"
        for _ in range(20):
            await pilot.pause(0.05)
        shown = screen_text(app)
        assert "Open view: [/bold] oops" in shown
        assert links_and_actions(app) == []
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.filter.text == "[@click=app.quit]x[/]"

"""Bulk triage from the responses table: picked rows are tagged, followed up, triaged at once."""

from __future__ import annotations

from pathlib import Path

from csat_tui.services import open_store
from csat_tui.services.triage import history, list_followups
from csat_tui.store.db import Store
from csat_tui.tui.widgets.responses_table import ResponsesTable
from tests.tui.support import make_app, screen_text, settle
from tests.tui.test_queue import fill_queue, tags_of, type_in, waiting


async def test_picked_rows_are_triaged_together_and_undone_together(
    store: Store, db_path: Path
) -> None:
    fill_queue(store)
    app = make_app(db_path, "responses")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("space", "down", "down", "space")
        table = app.screen.query_one(ResponsesTable)
        picked = set(table.selected)
        assert len(picked) == 2
        assert "● " in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        await type_in(pilot, "vip")
        await pilot.press("enter")
        await settle(pilot)
        assert {rid for rid, names in tags_of(db_path).items() if "vip" in names} == picked
        with open_store(db_path) as check:
            [event] = history(check)
        assert event.action == "tag"  # one event for both rows: one undo

        await pilot.press("space", "down", "down", "space")
        picked = set(app.screen.query_one(ResponsesTable).selected)
        await pilot.press("w")
        await settle(pilot)
        await type_in(pilot, "kim")
        await pilot.press("enter")
        await settle(pilot)
        with open_store(db_path) as check:
            assert {f.response_id for f in list_followups(check)} == picked

        before = waiting(db_path)
        await pilot.press("m")  # no rows picked now: the row under the cursor
        await settle(pilot)
        assert waiting(db_path) in (before, before - 1)

        await pilot.press("u", "u", "u")
        await settle(pilot)
        assert tags_of(db_path) == {}
        with open_store(db_path) as check:
            assert list_followups(check) == []

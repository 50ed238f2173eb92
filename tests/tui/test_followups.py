"""The follow-ups screen: grouped by status, overdue marked, filtered by owner, `d` closes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from csat_tui.services import open_store
from csat_tui.services.triage import list_followups, set_followup
from csat_tui.store.db import Store
from csat_tui.tui.app import CsatApp
from csat_tui.tui.screens.followups import FollowupsScreen
from csat_tui.tui.screens.triage_dialogs import TextDialog
from tests.helpers import record, write
from tests.tui.support import make_app, screen_text, settle


def fill_followups(store: Store) -> None:
    """Four follow-ups: two of sam's (one overdue), one of kim's, one done."""
    write(
        store,
        [
            record(1, comment=f"Comment {i}", respondent=f"r{i}@x", at=f"2026-10-2{i}T09:00:00Z")
            for i in range(1, 5)
        ],
    )
    set_followup(store, [1], owner="sam", due_date="2026-10-20", actor="t")
    set_followup(store, [2], owner="sam", due_date="2026-11-05", actor="t")
    set_followup(store, [3], owner="kim", status="in_progress", due_date="2026-11-01", actor="t")
    set_followup(store, [4], owner="kim", status="done", actor="t")


def screen(app: CsatApp) -> FollowupsScreen:
    shown = app.screen
    assert isinstance(shown, FollowupsScreen)
    return shown


async def test_grouped_overdue_owner_and_done(store: Store, db_path: Path) -> None:
    fill_followups(store)
    app = make_app(db_path, "followups")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert screen(app).keys == [None, 1, 2, None, 3, None, 4]
        text = screen_text(app)
        assert "2026-10-20 overdue" in text
        assert "1 overdue" in text
        assert "open (2)" in text and "in progress (1)" in text and "done (1)" in text

        await pilot.press("o")  # kim
        await settle(pilot)
        assert screen(app).owner == "kim"
        assert [k for k in screen(app).keys if k] == [3, 4]
        await pilot.press("o", "o")  # sam, then everyone
        await settle(pilot)
        assert screen(app).owner is None

        await pilot.press("g")  # one list by due date
        assert screen(app).keys == [1, 3, 2, 4]
        await pilot.press("g")

        table = screen(app).query_one("#followups", DataTable)
        assert table.cursor_row == 1  # on the first follow-up, not its heading
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        for char in "called":
            await pilot.press(char)
        await pilot.press("enter")
        await settle(pilot)
        with open_store(db_path) as check:
            first = next(f for f in list_followups(check) if f.response_id == 1)
        assert (first.status, first.note) == ("done", "called")
        assert "done (2)" in screen_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert "open (2)" in screen_text(app)


async def test_owner_completes_even_when_typed_before_the_owners_arrive(
    store: Store, db_path: Path
) -> None:
    from textual.widgets import Input

    from csat_tui.tui.screens.triage_dialogs import FollowupDialog

    fill_followups(store)
    app = make_app(db_path, "followups")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w", "s")  # typed at once, before the owners have loaded
        await settle(pilot)
        assert isinstance(app.screen, FollowupDialog)
        await pilot.press("right")
        assert app.screen.query_one("#followup-owner", Input).value == "sam"


LONG_EMAIL = "maria.fernanda.castellanos@example.com"


async def test_at_80_columns_every_respondent_shows_whole(store: Store, db_path: Path) -> None:
    write(
        store,
        [
            record(1, nps=3, comment="Late", respondent=LONG_EMAIL, at="2026-10-21T09:00:00Z"),
            record(2, comment="Rude", respondent="li@x.org", at="2026-10-22T09:00:00Z"),
        ],
    )
    set_followup(store, [1], owner="sam", due_date="2026-10-20", actor="t")
    set_followup(store, [2], owner="kim", status="in_progress", due_date="2026-11-09", actor="t")
    app = make_app(db_path, "followups")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = screen(app).query_one("#followups", DataTable)
        assert table.virtual_size.width <= table.size.width  # nothing past the right edge
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if LONG_EMAIL in line)  # whole
        assert "2026-10-20 overdue" in row
        assert any("li@x.org" in line and "in progress" in line for line in lines)
        await pilot.resize_terminal(160, 30)  # wider: every column
        await settle(pilot)
        header = next(line for line in screen_text(app).splitlines() if "Respondent" in line)
        assert header.split() == ["Status", "Due", "Owner", "Scores", "Respondent", "Comment"]
        assert "CSAT 1/5 · NPS 3" in screen_text(app) and "sam" in screen_text(app)

"""The tags screen (rename, merge, delete with confirmation, undo) and the customers screen."""

from __future__ import annotations

from pathlib import Path

from csat_tui.services import open_store
from csat_tui.services.triage import tag, tag_counts
from csat_tui.store.db import Store
from csat_tui.tui.screens.customers import CustomersScreen, RespondentScreen
from csat_tui.tui.screens.tags import TagsScreen
from csat_tui.tui.screens.triage_dialogs import ConfirmDialog
from tests.helpers import record, write
from tests.tui.support import make_app, screen_text, settle
from tests.tui.test_queue import type_in


def counts(db_path: Path) -> dict[str, int]:
    with open_store(db_path) as store:
        return {t.name: t.responses for t in tag_counts(store)}


async def test_rename_merge_delete_and_undo(store: Store, db_path: Path) -> None:
    write(store, [record(1, comment=f"c{i}", touchpoint="web") for i in range(3)])
    tag(store, [1, 2], ["billing"], actor="t")
    tag(store, [3], ["invoice"], actor="t")
    tag(store, [3], ["[/bold] odd"], actor="t")
    app = make_app(db_path, "tags")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TagsScreen)
        assert screen.names[0] == "billing"
        assert "[/bold] odd" in screen_text(app)

        await pilot.press("e")  # rename billing → money
        await settle(pilot)
        await type_in(pilot, "money")
        await pilot.press("enter")
        await settle(pilot)
        assert counts(db_path) == {"money": 2, "[/bold] odd": 1, "invoice": 1}

        await pilot.press("down")  # [/bold] odd, then invoice (by name)
        while screen.selected != "invoice":
            await pilot.press("down")
        await pilot.press("m")  # merge invoice into money
        await settle(pilot)
        await type_in(pilot, "mo")
        await pilot.press("right", "enter")
        await settle(pilot)
        assert counts(db_path) == {"money": 3, "[/bold] odd": 1}

        while screen.selected != "[/bold] odd":
            await pilot.press("down")
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert "[/bold] odd" in counts(db_path)
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert counts(db_path) == {"money": 3}

        await pilot.press("u", "u", "u")  # delete, merge, rename: all undone
        await settle(pilot)
        assert counts(db_path) == {"billing": 2, "[/bold] odd": 1, "invoice": 1}


async def test_customers_at_risk_open_their_responses(store: Store, db_path: Path) -> None:
    days = ("2026-10-01", "2026-10-02", "2026-10-03")
    write(
        store,
        [record(1, 3, respondent="risky@x", at=f"{d}T09:00:00Z") for d in days]
        + [record(5, 10, respondent="fan@x", at="2026-10-04T09:00:00Z", comment="great")],
    )
    app = make_app(db_path, "customers")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        assert [(c.respondent, c.tier) for c in screen.customers] == [("risky@x", "immediate")]
        row = next(line for line in screen_text(app).splitlines() if "risky@x" in line)
        assert row.split()[:2] == ["immediate", "risky@x"]  # as the status line names it
        await pilot.press("a")  # advocates
        await settle(pilot)
        assert [(c.respondent, c.tier) for c in screen.customers] == [("fan@x", "advocate")]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RespondentScreen)
        assert "great" in screen_text(app)
        await pilot.press("escape")
        assert app.screen_stack[-1] is screen

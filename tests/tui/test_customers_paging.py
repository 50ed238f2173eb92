"""The customers screen loads a page at a time: the next page as the user nears the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from csat_tui.filters import Filter
from csat_tui.services import triage_loads
from csat_tui.store.customers import customers
from csat_tui.store.db import Store
from csat_tui.tui.screens.customers import CustomersScreen
from tests.helpers import record, write
from tests.tui.support import make_app, screen_text, settle


async def test_the_next_page_loads_as_the_cursor_nears_the_end(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = ("2026-10-01", "2026-10-02", "2026-10-03")
    write(
        store,
        [
            record(1, 3, respondent=f"who{n:03d}@x", at=f"{day}T{n % 24:02d}:00:00Z",
                   external_id=f"{n}-{day}")
            for n in range(120)
            for day in days
        ],
    )  # fmt: skip
    whole = customers(store, Filter(), ("immediate", "at_risk"))
    assert len(whole) == 120
    monkeypatch.setattr(triage_loads, "CUSTOMERS_PAGE", 50)
    app = make_app(db_path, "customers")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CustomersScreen)
        assert screen.customers == whole[:50]
        assert "50 at risk loaded, more as you scroll" in screen_text(app)
        for _ in range(3):  # each ctrl+end nears the end of what is loaded: a page more
            await pilot.press("ctrl+end")
            await settle(pilot)
        assert screen.customers == whole
        assert "120 at risk ·" in screen_text(app)

"""The themes screen: planted complaint terms first, Enter lands on their responses; snapshots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.screens.themes import ThemesScreen, ThemesTable
from csat_tui.tui.widgets.responses_table import ResponsesTable
from tests.tui.support import make_app, settle

SnapCompare = Callable[..., bool]

LOW = [
    "The refund never came",
    "Still waiting for my refund, invoice wrong",
    "退款太慢了，客服不回复",
    "Refund request ignored again",
    "Invoice wrong and refund late",
    "退款要等一个月",
    "[bold]refund[/bold] please \x1b[2J",
    "Fakturan var fel, ingen återbetalning",
]
OTHER = [
    "Quick and friendly support",
    "Jättebra service, tack",
    "服务很好，很满意",
    "Friendly agent, quick answer",
    "Great app, quick delivery",
    "服务态度很好",
    "Smooth onboarding, friendly team",
]


def build_themes_store(path: Path) -> Path:
    """A fixed store where refund, 退款 and invoice are the planted complaint terms."""
    from csat_tui.services import open_store
    from tests.helpers import record, write

    records = []
    start = date(2026, 9, 1)
    for i in range(96):
        low = i % 3 == 0
        comment = (LOW if low else OTHER)[i % (len(LOW) if low else len(OTHER))]
        records.append(
            record(
                (1, 2)[i % 2] if low else (4, 5)[i % 2],
                external_id=f"theme-{i:03d}",
                at=f"{start + timedelta(days=i % 50)}T10:{i % 60:02d}:00Z",
                touchpoint=("billing", "support")[i % 2],
                comment=comment,
            )
        )
    with open_store(path) as store:
        write(store, records)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def themes_store(tmp_path: Path) -> Path:
    """The planted store, built fresh for each test."""
    return build_themes_store(tmp_path / "themes.db")


async def test_planted_terms_rank_first_and_enter_opens_them(themes_store: Path) -> None:
    app = make_app(themes_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ThemesScreen)
        table = app.screen.query_one(ThemesTable)
        assert table.report is not None
        terms = [t.term for t in table.report.themes]
        assert terms[0] == "refund"
        assert {"退款", "invoice"} <= set(terms[:5])
        status = str(app.screen.query_one("#themes-status", Static).render())
        assert "32 low-score vs 64 other comments" in status
        assert "fewer than 5 comments left out" in status
        first = table.report.themes[0]
        assert table.get_row_at(0)[1].plain.startswith(f"{first.low:,} (")
        table.focus()
        await pilot.press("down")  # the second term, to prove the cursor's term is used
        second = table.report.themes[1].term
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        assert app.filter.text == second
        rows = app.screen.query_one(ResponsesTable)
        assert rows.row_count > 0
        assert all(second.casefold() in (r.comment or "").casefold() for r in rows.responses)


async def test_themes_follow_the_filter_and_say_when_none_stand_out(themes_store: Path) -> None:
    app = make_app(themes_store, "themes")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ThemesScreen)
        await pilot.press("slash")
        await pilot.pause()
        app.screen.query_one("#search-input", Input).value = "jättebra"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.has_class("-none")
        shown = str(app.screen.query_one("#themes-empty", Static).render())
        assert "No term stands out" in shown


async def test_the_palette_finds_the_themes_screen(themes_store: Path) -> None:
    app = make_app(themes_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screen: Themes" in titles
        assert "Search" in titles and "Save view" in titles


async def _settled(pilot: Pilot[Any]) -> None:
    await pilot.press("x")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_themes_snapshot(
    snap_compare: SnapCompare, themes_store: Path, size: tuple[int, int]
) -> None:
    app = make_app(themes_store, "themes", "textual-dark")
    assert snap_compare(app, terminal_size=size, run_before=_settled)

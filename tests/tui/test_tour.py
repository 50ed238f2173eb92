"""The guided tour: its steps move on when the user does what they ask, not on enter."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.scoring.scales import Metric, band
from csat_tui.services.demo import DEMO_TODAY, demo_session
from csat_tui.tui.app import CsatApp
from csat_tui.tui.tour import STEPS, Seen, Tour
from csat_tui.tui.widgets.tour_panel import TourPanel
from tests.tui.support import screen_text, settle

QUEUE, TAG, FOLLOWUP, UNDO, CUSTOMERS, EXPORT, END = range(1, 8)


@pytest.fixture
def demo_db() -> Iterator[Path]:
    """A fresh copy of the demo store, as `csat-tui demo` makes it."""
    with demo_session() as path:
        yield path


def test_a_step_moves_on_only_for_what_it_waits_for() -> None:
    tour = Tour()
    today = DEMO_TODAY
    assert not tour.saw(Seen("screen", screen="queue"), today)  # the queue is step 2
    assert not tour.saw(Seen("filter", filter=Filter(touchpoints=("delivery",))), today)
    assert tour.saw(Seen("filter", filter=Filter(touchpoints=("billing",))), today)
    assert tour.index == QUEUE and tour.just_done is STEPS[0]
    assert tour.saw(Seen("screen", screen="queue"), today)
    assert tour.saw(Seen("tag"), today)
    # A follow-up for someone else, or for Anna with no due date or not on a Friday: not yet.
    # (a follow-up that misses is noticed, and the step says what is missing).
    for wrong in (
        Seen("followup", owner="Omar", due=date(2026, 11, 20)),
        Seen("followup", owner="Anna"),
        Seen("followup", owner="anna", due=date(2026, 11, 19)),
    ):
        tour.missed = False
        assert tour.saw(wrong, today) and tour.missed and tour.index == FOLLOWUP
    assert not tour.saw(Seen("screen", screen="tags"), today)  # not a follow-up: no hint
    assert tour.saw(Seen("followup", owner=" anna ", due=date(2026, 11, 20)), today)
    assert tour.index == UNDO and not tour.missed
    assert tour.saw(Seen("undo"), today)
    assert tour.saw(Seen("screen", screen="customers"), today)
    # The week's low scores: an export of all scores, or of a month, does not count.
    assert tour.saw(Seen("export", filter=Filter(since=date(2026, 11, 10))), today)
    month = Filter(band="low", since=date(2026, 10, 17), until=today)
    assert tour.saw(Seen("export", filter=month), today)
    assert tour.index == EXPORT and tour.missed
    assert tour.saw(Seen("export", filter=Filter(band="low", since=date(2026, 11, 10))), today)
    assert tour.finished and tour.index == END
    assert not tour.saw(Seen("undo"), today)  # the last step waits for nothing
    tour.skip()
    assert tour.index == END
    tour.restart()
    assert tour.index == 0 and tour.just_done is None


def low_somewhere(row: dict[str, str]) -> bool:
    """An exported response with a low answer of some metric (what the low band means)."""
    answers: tuple[tuple[Metric, str], ...] = (
        ("csat", row["csat_scale"]),
        ("nps", "0-10"),
        ("ces", "1-7"),
    )
    return any(
        band(metric, scale, int(row[metric])) == "low" for metric, scale in answers if row[metric]
    )


def demo_app(path: Path, *, tour: bool = True) -> CsatApp:
    return CsatApp(Settings(db_path=path, demo=True, tour=tour, theme="textual-dark"))


def panel_text(app: CsatApp) -> str:
    """The panel's text, unwrapped (after checking it is on screen)."""
    panel = app.screen.query_one(TourPanel)
    assert panel.display and "Tour " in screen_text(app)
    return " ".join(str(static.render()) for static in panel.query(Static) if static.display)


async def test_the_tour_walks_through_the_morning_routine(demo_db: Path, tmp_path: Path) -> None:
    app = demo_app(demo_db)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        assert app.tour_at == 0
        assert "CSAT fell. Is it real?" in panel_text(app)
        assert (app.filter.since, app.filter.until) == (date(2026, 8, 3), date(2026, 8, 23))
        # Enter alone does nothing for the tour; neither do other screens or keys.
        await pilot.press("enter", "r", "d")
        await settle(pilot)
        assert app.tour_at == 0
        # Billing, from the breakdown (tab reaches it): its row opens the billing responses.
        await pilot.press("tab")
        breakdown = app.screen.query_one("#breakdown", DataTable)
        assert app.focused is breakdown
        for _ in range(breakdown.row_count):
            if "billing" in str(breakdown.get_row_at(breakdown.cursor_row)[0]):
                break
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert app.filter.touchpoints == ("billing",)
        assert app.tour_at == QUEUE
        text = panel_text(app)
        assert "Billing it is" in text and "Open the queue" in text

        await pilot.press("n")
        await settle(pilot)
        assert app.current_mode == "queue" and app.tour_at == TAG

        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"price change", "enter")
        await settle(pilot)
        assert app.tour_at == FOLLOWUP

        # Read too literally: "Anna fri" as the owner, no due date. The step says so.
        await pilot.press("w")
        await settle(pilot)
        await pilot.press(*"Anna fri", "enter")
        await settle(pilot)
        assert app.tour_at == FOLLOWUP and "Not quite" in panel_text(app)
        await pilot.press("w")
        await settle(pilot)
        app.screen.query_one("#followup-owner", Input).value = ""
        await pilot.press(*"Anna", "tab", *"fri", "enter")
        await settle(pilot)
        assert app.tour_at == UNDO and "Not quite" not in panel_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert app.tour_at == CUSTOMERS

        await pilot.press("C")
        await settle(pilot)
        assert app.tour_at == EXPORT

        await pilot.press("x", "p", "b")
        await settle(pilot)
        assert app.filter.band == "low" and app.preset == "7d"
        await pilot.press("e")
        await settle(pilot)
        output = tmp_path / "week-low.csv"
        app.screen.query_one("#export-path", Input).value = str(output)
        await pilot.press("enter")
        await settle(pilot)
        assert app.tour_at == END
        assert "That is the routine" in panel_text(app)
    with output.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    assert exported and all(low_somewhere(row) for row in exported)
    assert all(row["submitted_at"][:10] >= "2026-11-10" for row in exported)


async def test_the_tour_can_be_skipped_hidden_and_restarted(demo_db: Path) -> None:
    app = demo_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("greater_than_sign")
        assert app.tour_at == QUEUE
        assert "Open the queue" in panel_text(app) and "Billing it is" not in panel_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.tour_at is None and not app.screen.query_one(TourPanel).display
        await pilot.press("n")  # what the hidden step waits for: it does not move on
        await settle(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.tour_at == QUEUE
        # From the command palette, the tour starts again on the dashboard, at the story.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Tour: restart")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.tour_at == 0 and app.current_mode == "dashboard"
        assert "CSAT fell" in panel_text(app)


async def test_no_tour_shows_no_panel(demo_db: Path) -> None:
    app = demo_app(demo_db, tour=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.tour_at is None
        assert not app.screen.query_one(TourPanel).display
        assert app.preset == "90d" and app.filter.until == DEMO_TODAY
        assert "CSAT fell" not in screen_text(app)

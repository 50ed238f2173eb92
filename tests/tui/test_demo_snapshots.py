"""Snapshots of the first five minutes: the welcome, the tour's first step, the demo's screens.

The demo store is the real one (same seed, same rows) and the demo has its own clock, so
these do not move. The 120×36 ones are the README's screenshots.
Regenerate with `pytest tests/tui/test_demo_snapshots.py --snapshot-update`, then look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.services.demo import demo_session
from csat_tui.tui.app import CsatApp
from csat_tui.tui.tour import STORY_SINCE, STORY_UNTIL
from tests.tui.support import make_app, settle

SnapCompare = Callable[..., bool]


@pytest.fixture
def demo_db() -> Iterator[Path]:
    with demo_session() as path:
        yield path


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await settle(pilot)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_welcome(snap_compare: SnapCompare, db_path: Path, theme: str) -> None:
    app = make_app(db_path, "dashboard", theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_tour_first_step(snap_compare: SnapCompare, demo_db: Path, size: tuple[int, int]) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    assert snap_compare(app, terminal_size=size, run_before=_settled)


def test_demo_dashboard(snap_compare: SnapCompare, demo_db: Path) -> None:
    settings = Settings(db_path=demo_db, demo=True, tour=False, theme="textual-dark")
    assert snap_compare(CsatApp(settings), terminal_size=(120, 36), run_before=_settled)


def test_demo_queue(snap_compare: SnapCompare, demo_db: Path) -> None:
    """The queue on the billing comments of the weeks after the price change."""
    settings = Settings(
        db_path=demo_db, demo=True, tour=False, screen="queue", theme="textual-dark"
    )
    app = CsatApp(settings)

    async def billing_after_the_price_change(pilot: Pilot[Any]) -> None:
        # Opened on the queue (switching screens here would race the footer's refresh).
        await settle(pilot)
        story = Filter(touchpoints=("billing",), since=STORY_SINCE, until=STORY_UNTIL)
        app.set_filter(story, "custom")
        await _settled(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=billing_after_the_price_change)

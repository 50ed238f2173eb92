"""The app: y on a card whose change is real → the explanation → Enter → the group's answers."""

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
from csat_tui.tui.screens.explain import ExplainScreen, GroupScreen, GroupsTable
from csat_tui.tui.tour import STORY_SINCE, STORY_UNTIL
from tests.tui.support import screen_text, settle

SnapCompare = Callable[..., bool]
STORY = Filter(since=STORY_SINCE, until=STORY_UNTIL)


@pytest.fixture
def demo_db() -> Iterator[Path]:
    with demo_session() as path:
        yield path


def _app(db: Path) -> CsatApp:
    return CsatApp(Settings(db_path=db, demo=True, tour=False, theme="textual-dark"))


async def _on_story(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, CsatApp)
    app.set_filter(STORY, "custom")
    await settle(pilot)
    await settle(pilot)


async def _explained(pilot: Pilot[Any]) -> None:
    await _on_story(pilot)
    await pilot.press("y")
    await settle(pilot)
    await settle(pilot)


async def _group(pilot: Pilot[Any]) -> None:
    await _explained(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)


async def test_y_explains_then_enter_lists_the_group(demo_db: Path) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await _explained(pilot)
        screen = app.screen
        assert isinstance(screen, ExplainScreen)
        e = screen.explanation
        assert e is not None and e.by == "touchpoint" and e.metric == "csat"
        table = screen.query_one(GroupsTable)
        assert table.row_count == len(e.groups) == 5
        assert table.current is not None and table.current.key == "billing"
        text = screen_text(app)
        assert "billing" in text and "significant" in text and "Chose touchpoint" in text

        await pilot.press("enter")
        await settle(pilot)
        group = app.screen
        assert isinstance(group, GroupScreen)
        found = group.found
        assert found is not None and found.key == "billing" and found.rows
        scores = [r.csat for r in found.rows]
        assert scores == sorted(s or 0 for s in scores) and scores[0] == 1
        assert all(r.touchpoint == "billing" for r in found.rows)
        assert all(str(STORY_SINCE) <= (r.submitted_at or "") < "2026-08-24" for r in found.rows)
        assert found.terms and "Rising in its comments" in screen_text(app)

        await pilot.press("escape")
        await pilot.press("g")  # the next field: segment
        await settle(pilot)
        assert isinstance(app.screen, ExplainScreen)
        assert app.screen.explanation is not None and app.screen.explanation.by == "segment"
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "DashboardScreen"


async def test_y_says_why_not_when_the_change_is_noise(demo_db: Path) -> None:
    app = _app(demo_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # Two weeks long before the price change: CSAT barely moves.
        app.set_filter(Filter(since=STORY_SINCE.replace(month=6, day=1),
                              until=STORY_SINCE.replace(month=6, day=14)), "custom")  # fmt: skip
        await settle(pilot)
        await settle(pilot)
        card = app.screen.query_one("#card-csat")
        value = getattr(card, "value", None)
        assert value is not None and not value.significant
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ExplainScreen)
        assert any("within the noise" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_explain_snapshot(snap_compare: SnapCompare, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(demo_db), terminal_size=size, run_before=_explained)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_group_snapshot(snap_compare: SnapCompare, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(demo_db), terminal_size=size, run_before=_group)

"""80×24 is a designed size: every screen and dialog with the tour open and closed, both themes.

The demo store (same seed, same rows, its own clock) with the tour open shows the tour as a
one-line hint over the footer. Regenerate with
`pytest tests/tui/test_small_screen_snapshots.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from csat_tui.config import Settings
from csat_tui.services.demo import demo_session
from csat_tui.tui.app import CsatApp
from tests.tui.support import settle

SnapCompare = Callable[..., bool]

KEYS: dict[str, tuple[str, ...]] = {
    "dashboard": (),
    "dashboard_whole_step": ("ctrl+t",),
    "queue": ("n",),
    "queue_whole_step": ("n", "ctrl+t"),
    "responses": ("r",),
    "detail": ("r", "enter"),
    "followups": ("l",),
    "tags": ("T",),
    "customers": ("C",),
    "themes": ("h",),
    "agents": ("A",),
    "explain": ("y",),
    "explain_group": ("y", "enter"),
    "respondent": ("C", "enter"),
    "data_check": ("k",),
    "help": ("question_mark",),
    "palette": ("ctrl+p",),
    "bulk": ("r", "space", "down", "space"),
    "bulk_tag_dialog": ("r", "space", "down", "space", "a"),
    "tag_dialog": ("n", "a"),
    "followup_dialog": ("n", "w"),
    "rename_dialog": ("T", "e"),
    "confirm_dialog": ("T", "delete"),
    "filter_dialog": ("f",),
    "search_bar": ("slash",),
    "views_dialog": ("v",),
    "export_dialog": ("e",),
    "report_dialog": ("R",),
    "import_dialog": ("i",),
}
"""The keys that open each screen or dialog from the dashboard (`*_whole_step`: ctrl+t shows
the tour's whole step beside the screen; without the tour it opens the tour's one line)."""

WITHOUT_TOUR: dict[str, tuple[str, ...]] = {
    "explain": ("m", "y"),
    "explain_group": ("m", "y", "enter"),
}
"""Without the tour the demo shows the last 90 days, where NPS's change is the real one."""

EXPORT_FOLDER = Path("/tmp/csat-tui-snapshots")
"""The export dialog suggests a file in the current folder: a fixed one, so it does not move."""


@pytest.fixture
def demo_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    EXPORT_FOLDER.mkdir(exist_ok=True)
    monkeypatch.chdir(EXPORT_FOLDER)
    with demo_session() as path:
        yield path


def _opening(keys: tuple[str, ...]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()  # a toast ("2 picked…") would cover what is looked at
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("tour", [True, False], ids=["tour", "no-tour"])
@pytest.mark.parametrize("view", list(KEYS))
def test_80x24(snap_compare: SnapCompare, demo_db: Path, view: str, tour: bool, theme: str) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, tour=tour, theme=theme))
    keys = KEYS[view] if tour else WITHOUT_TOUR.get(view, KEYS[view])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_opening(keys))

"""The dashboard's data-check line and the list it opens."""

from __future__ import annotations

from pathlib import Path

from csat_tui.filters import Filter
from csat_tui.importers.model import Problem
from csat_tui.services import open_store
from csat_tui.tui.screens.data_check import DataCheckLine, DataCheckScreen
from tests.helpers import record, write
from tests.tui.support import build_small_store, make_app, screen_text, settle


def _store_with_findings(path: Path) -> Path:
    """Three findings: a reject in a hostile column, a respondent answering twice a day
    (2 responses), a test address (1)."""
    with open_store(path) as store:
        write(
            store,
            [
                record(5, respondent="ann@acme.com", at="2026-10-20T08:00:00Z"),
                record(2, respondent="ann@acme.com", at="2026-10-20T09:00:00Z"),
                record(4, respondent="test@acme.com", at="2026-10-21T09:00:00Z"),
                record(4, respondent="bo@acme.com", at="2026-10-22T09:00:00Z"),
                record(1, respondent="\x1b[31mcy@acme.com", at="2026-10-23T09:00:00Z"),
                Problem(7, "[b]Score\x1b[2J", "11", "11 is outside the 1–5 scale"),
            ],
        )
    return path


async def test_the_line_shows_the_count_and_opens_the_list(db_path: Path) -> None:
    app = make_app(_store_with_findings(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(DataCheckLine)
        assert line.display
        assert "data check: 3 findings" in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, DataCheckScreen)
        assert [f.kind for f in app.screen.report.findings] == ["rejects", "repeats", "tests"]
        assert [f.count for f in app.screen.report.findings] == [1, 2, 1]
        text = screen_text(app)
        assert "csat-tui check --show repeats" in text
        assert "look like test entries" in text
        # Shown as text: the markup stays literal, the escape is spelled out.
        assert "column '[b]Score\\x1b[2J' of generic" in text
        assert "\x1b[2J" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DataCheckScreen)
        await pilot.click(DataCheckLine)
        await pilot.pause()
        assert isinstance(app.screen, DataCheckScreen)


async def test_the_line_follows_the_filter(db_path: Path) -> None:
    app = make_app(_store_with_findings(db_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "data check: 3 findings" in screen_text(app)
        app.filter = Filter(band="high")
        await settle(pilot)
        # High scores only: ann's 5, the test address's 4 and bo's 4; no repeat left (the
        # rejects follow only the filter's sources).
        assert "data check: 2 findings" in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, DataCheckScreen)
        assert [f.kind for f in app.screen.report.findings] == ["rejects", "tests"]


async def test_no_findings_no_line(tmp_path: Path) -> None:
    app = make_app(build_small_store(tmp_path / "small.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(DataCheckLine).display
        assert "data check" not in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert not isinstance(app.screen, DataCheckScreen)

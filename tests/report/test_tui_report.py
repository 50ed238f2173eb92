"""`R` in the app: asks for a file, writes the report of the current filter on the app's clock."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Label

from csat_tui.tui.screens.report_dialog import ReportDialog
from tests.tui.support import TODAY, make_app, settle


async def test_r_writes_the_report_of_the_filter(demo_db: Path, tmp_path: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        flt = app.filter
        await pilot.press("R")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        field = dialog.query_one("#report-path", Input)
        assert field.value.endswith(f"csat-report-{TODAY}.html")
        field.value = str(tmp_path / "team.pdf")
        await pilot.press("enter")
        await pilot.pause()
        assert "needs .html or .md" in str(dialog.query_one("#export-error", Label).render())
        field.value = str(tmp_path / "team.md")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReportDialog)
    text = (tmp_path / "team.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Customer satisfaction: {flt.since} to {flt.until}\n")
    assert f"as of {TODAY}" in text  # the app's clock, not the machine's


async def test_escape_writes_nothing(demo_db: Path, tmp_path: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await pilot.pause()
        app.screen.query_one("#report-path", Input).value = str(tmp_path / "r.html")
        await pilot.press("escape")
        await settle(pilot)
    assert not (tmp_path / "r.html").exists()

"""The app's first screen: scores load off the UI thread and untrusted text stays text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from csat_tui.config import Settings
from csat_tui.store.db import Store
from csat_tui.tui.app import CsatApp
from tests.helpers import record, write


async def test_empty_store_says_how_to_start(db_path: Path) -> None:
    app = CsatApp(Settings(db_path=db_path))
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(app.query_one("#summary").render())
        assert "No responses yet" in text
        assert "csat-tui demo" in text


async def test_scores_show_and_refresh(store: Store, db_path: Path) -> None:
    write(store, [record(5, 10), record(4, 3), record(1)])
    app = CsatApp(Settings(db_path=db_path))
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(app.query_one("#summary").render())
        assert "Responses 3" in text
        assert "CSAT 66.7%" in text
        write(store, [record(5)])
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Responses 4" in str(app.query_one("#summary").render())


async def test_a_broken_store_is_a_message_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_text("not a database" * 500)
    app = CsatApp(Settings(db_path=broken))
    async with app.run_test() as pilot:
        with pytest.raises(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not a readable SQLite store" in str(app.query_one("#summary").render())
        assert app.is_running

"""The import dialog reports the end of an import however many progress messages queue up."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.message import Message
from textual.widgets import Input, ProgressBar, Static

from csat_tui.services import FileReport, ImportOptions, importing
from csat_tui.services.synthetic import write_csv_file
from csat_tui.store.db import Store
from csat_tui.tui.screens.import_dialog import ImportDialog, ImportProgressed, ImportReported
from tests.tui.support import make_app, settle

QUEUED = 500


def test_progress_gives_way_to_newer_progress_only() -> None:
    older = ImportProgressed(1, 10)
    assert older.can_replace(ImportProgressed(2, 10))
    report = FileReport(path="x.csv")
    assert not older.can_replace(ImportReported(report, dry_run=False))
    assert not ImportReported(report, dry_run=False).can_replace(older)


async def test_progress_queued_while_the_ui_is_busy_still_reports_the_end(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = write_csv_file(tmp_path / "survey.csv", 120, seed=5)
    started, busy, read_all = threading.Event(), threading.Event(), threading.Event()
    real_import = importing.import_file

    def import_with_many_reports(
        store: Store,
        path: str,
        options: ImportOptions,
        *,
        dry_run: bool,
        progress: Callable[[int, int], None],
    ) -> FileReport:
        started.set()
        assert busy.wait(timeout=60)
        for done in range(QUEUED):  # a large file reports its progress often
            progress(done, QUEUED)
        report = real_import(store, path, options, dry_run=dry_run, progress=progress)
        read_all.set()
        return report

    monkeypatch.setattr(importing, "import_file", import_with_many_reports)
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        handled: list[Message] = []
        dialog.message_signal.subscribe(dialog, handled.append, immediate=True)
        dialog.query_one("#import-path", Input).value = str(export)
        dialog.action_run_import()
        assert await asyncio.to_thread(started.wait, 60)
        # Now the UI is busy (this test holds the event loop) while the worker posts every
        # progress message: they all wait in the dialog's queue.
        busy.set()
        assert read_all.wait(timeout=60)
        await settle(pilot)
        summary = str(dialog.query_one("#import-summary", Static).render())
        assert "Import imported" in summary
        assert "120 imported" in summary
        bar = dialog.query_one(ProgressBar)
        assert bar.total == 1 and bar.progress == 1
        progressed = [m for m in handled if isinstance(m, ImportProgressed)]
        reported = [m for m in handled if isinstance(m, ImportReported)]
        assert len(reported) == 1
        assert 1 <= len(progressed) < QUEUED  # coalesced, not one by one
        assert app.is_running

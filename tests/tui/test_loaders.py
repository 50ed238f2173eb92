"""Loads open their own connection; a newer load interrupts an older one's query."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from csat_tui.filters import Filter
from csat_tui.services import dashboard as loaders
from csat_tui.services.opening import Running
from csat_tui.store.db import Store
from tests.helpers import record, write
from tests.tui.support import make_app, settle

ENDLESS = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)"
    " SELECT count(*) FROM n"
)


def test_interrupt_stops_a_running_query(db_path: Path, store: Store) -> None:
    running = Running()
    errors: list[BaseException] = []
    querying = threading.Event()

    def going_on() -> int:
        querying.set()
        return 0  # go on

    def slow() -> None:
        try:
            with running.opener(db_path, "scores", lambda: False)() as opened:
                # Called every 1000 steps of the query: it is running, it can be interrupted.
                opened.conn.set_progress_handler(going_on, 1000)
                opened.conn.execute(ENDLESS).fetchall()
        except sqlite3.OperationalError as error:
            errors.append(error)

    thread = threading.Thread(target=slow)
    started = time.perf_counter()
    thread.start()
    assert querying.wait(5)
    assert running.parts() == ["scores"]
    running.interrupt("scores")
    thread.join(5)
    assert not thread.is_alive()
    assert time.perf_counter() - started < 3
    assert errors and "interrupted" in str(errors[0])
    running.interrupt("scores")  # nothing running: a no-op


def test_loaders_close_their_connection(db_path: Path, store: Store) -> None:
    write(store, [record(5), record(1)])
    running = Running()
    report = loaders.load_scores(running.opener(db_path, "scores", lambda: False), Filter())
    assert report.overall.responses == 2
    assert running.parts() == []


@pytest.mark.parametrize("keys", [["b", "b", "b", "c", "c", "p", "p"]])
async def test_quick_filter_keys_leave_no_errors(
    store: Store, db_path: Path, keys: list[str]
) -> None:
    write(store, [record(1 + i % 5, i % 11, touchpoint=f"t{i % 3}") for i in range(300)])
    app = make_app(db_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        assert not [n for n in app.notified if n.severity == "error"]
        assert not app.screen.query_one("#filter-line").has_class("-busy")
        assert app.filter.band == "high" and app.filter.complete_only is False

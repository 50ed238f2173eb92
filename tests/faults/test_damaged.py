"""Damaged pages: reading commands say so and name doctor; doctor says what; rescue and backup."""

from __future__ import annotations

import contextlib
import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.worker import WorkerFailed

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.services.synthetic import write_csv_file
from csat_tui.store import customer_tiers
from csat_tui.store.customers import TIERS, customers, scanned
from csat_tui.store.db import open_store
from csat_tui.tui.app import CsatApp
from tests.faults.support import assert_failed_cleanly, cli, contents, file_digest

PAGES = (5, 6, 7)
"""Which leaf pages of `responses` (in page order) get garbage."""


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A copy of a real store with garbage written over three leaf pages of `responses`."""
    whole = tmp_path / "whole.db"
    source = write_csv_file(tmp_path / "survey.csv", 3000, seed=1)
    assert cli("import", source, "--db", whole, "--timezone", "UTC").code == 0
    conn = sqlite3.connect(whole)
    try:
        leaves = [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'responses' AND pagetype = 'leaf'"
                " ORDER BY pageno"
            )
        ]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages of a table")
    finally:
        conn.close()
    path = tmp_path / "damaged.db"
    shutil.copy(whole, path)
    rng = random.Random(3)
    with path.open("r+b") as handle:
        for index in PAGES:
            handle.seek((leaves[index] - 1) * size)
            handle.write(rng.randbytes(size))
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["themes"],
        # Unfiltered, the customers lists read an index, not the table: a filter reads it.
        ["customers", "--at-risk", "--segment", "pro"],
        ["export", "--format", "csv", "-o", "OUT"],
        ["tag", "200", "x"],
    ],
)
def test_a_command_that_meets_a_damaged_page_says_so(
    damaged: Path, command: list[str], tmp_path: Path
) -> None:
    before = file_digest(damaged)
    args = [str(tmp_path / "out.csv") if a == "OUT" else a for a in command]
    ran = cli(*args, "--db", damaged)
    assert_failed_cleanly(ran, "is damaged", "csat-tui doctor")
    assert file_digest(damaged) == before


def test_an_import_into_a_damaged_store_says_so(damaged: Path, tmp_path: Path) -> None:
    before = file_digest(damaged)
    more = write_csv_file(tmp_path / "more.csv", 500, seed=8)
    ran = cli("import", more, "--db", damaged, "--timezone", "UTC")
    assert "Traceback" not in ran.both
    assert ran.code == 1
    assert "is damaged" in ran.both and "csat-tui doctor" in ran.both
    assert file_digest(damaged) == before


def test_doctor_names_the_damaged_table_and_the_ways_out(damaged: Path) -> None:
    before = file_digest(damaged)
    ran = cli("doctor", "--db", damaged)
    assert ran.code == 1
    assert "Traceback" not in ran.both
    assert "is damaged" in ran.out
    assert "table responses" in ran.out
    assert "csat-tui backup" in ran.out and "--rescue" in ran.out
    assert file_digest(damaged) == before


def test_doctor_on_a_whole_store(tmp_path: Path, filled: Path) -> None:
    ran = cli("doctor", "--db", filled)
    assert ran.code == 0, ran
    assert "is whole" in ran.out


def test_rescue_copies_every_readable_row_and_leaves_the_damage(
    damaged: Path, tmp_path: Path
) -> None:
    before = file_digest(damaged)
    target = tmp_path / "rescued.db"
    ran = cli("doctor", "--db", damaged, "--rescue", target)
    assert ran.code == 0, ran
    assert "Traceback" not in ran.both
    assert file_digest(damaged) == before
    found = contents(target)
    responses = found["responses"][0]
    lost = 3000 - responses
    assert 0 < lost < 3000 * len(PAGES) // 20  # a few pages' worth, not the table
    assert f"responses: {responses} rows copied, {lost} unreadable rows skipped" in ran.out
    assert cli("doctor", "--db", target).code == 0
    # Every rescued rating belongs to a rescued response, and the store works.
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert cli("themes", "--db", target).code == 0
    assert cli("tag", "1", "rescued", "--db", target).code == 0
    assert cli("doctor", "--db", damaged, "--rescue", target).code == 1  # never overwrites
    # The customers' tiers are rebuilt from the rescued responses, not copied.
    with open_store(target) as store:
        assert customer_tiers.current(store.conn)
        listed = customers(store, Filter(), TIERS)
        assert listed and listed == scanned(store, "1", {}, TIERS, None, None)


def test_backup_while_a_writer_holds_the_store(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    writer = sqlite3.connect(filled, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM response_tags")
    try:
        ran = cli("backup", target, "--db", filled)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert ran.code == 0, ran
    assert contents(target) == contents(filled)
    assert cli("backup", target, "--db", filled).code == 1  # never overwrites
    assert cli("--db", filled, "backup", filled).code == 2


@pytest.fixture
def badly_damaged(damaged: Path, tmp_path: Path) -> Path:
    """The damaged store with every other leaf of `responses` overwritten: any read meets one."""
    whole = tmp_path / "whole.db"
    conn = sqlite3.connect(whole)
    try:
        leaves = [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'responses' AND pagetype = 'leaf'"
                " ORDER BY pageno"
            )
        ]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    rng = random.Random(5)
    with damaged.open("r+b") as handle:
        for page in leaves[::2]:
            handle.seek((page - 1) * size)
            handle.write(rng.randbytes(size))
    return damaged


async def test_the_app_says_the_store_is_damaged_and_names_doctor(
    badly_damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = file_digest(badly_damaged)
    app = CsatApp(Settings(db_path=badly_damaged, screen="themes"))
    notices: list[str] = []
    shown = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notices.append(message)
        shown(message, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    async with app.run_test() as pilot:
        for _ in range(3):
            with contextlib.suppress(WorkerFailed):
                await app.workers.wait_for_complete()
            await pilot.pause()
        assert app.is_running
    damage = [n for n in notices if "is damaged" in n]
    assert damage and "csat-tui doctor" in damage[0]
    assert not any("DatabaseError" in n or "malformed" in n for n in notices)
    assert file_digest(badly_damaged) == before

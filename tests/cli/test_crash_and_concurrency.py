"""An import killed half-way leaves the store as it was; readers never see "database is locked"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.services import scores
from csat_tui.services.synthetic import write_csv_file
from csat_tui.store.db import open_store
from csat_tui.tui.app import CsatApp

pytestmark = pytest.mark.slow

BIG = 150_000


def start_import(csv_path: Path, db_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "csat_tui",
            "import",
            str(csv_path),
            "--db",
            str(db_path),
            "--timezone",
            "UTC",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_until_writing(db_path: Path, process: subprocess.Popen[bytes]) -> None:
    """Until the import has written a good part of its transaction to the WAL."""
    wal = Path(f"{db_path}-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the import ended before it could be interrupted: {process.returncode}")
        if wal.exists() and wal.stat().st_size > 8_000_000:
            return
        time.sleep(0.02)
    pytest.fail("the import never started writing")


def counts(db_path: Path) -> tuple[int, int, int]:
    with open_store(db_path) as store:
        row: tuple[int, int, int] = store.conn.execute(
            "SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM ratings),"
            " (SELECT count(*) FROM imports)"
        ).fetchone()
        return row


def test_sigkill_during_an_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    small = write_csv_file(tmp_path / "small.csv", 50, seed=1)
    big = write_csv_file(tmp_path / "big.csv", BIG, seed=2)
    assert (
        subprocess.run(
            [sys.executable, "-m", "csat_tui", "import", str(small), "--db", str(db_path)],
            capture_output=True,
        ).returncode
        == 0
    )
    before = counts(db_path)
    assert before[0] == 50

    process = start_import(big, db_path)
    wait_until_writing(db_path, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    assert counts(db_path) == before
    again = start_import(big, db_path)
    assert again.wait(timeout=300) == 0, again.stderr.read() if again.stderr else ""
    responses, _, imports = counts(db_path)
    assert (responses, imports) == (50 + BIG, 2)


async def test_the_app_reads_while_an_import_writes(tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    write_csv_file(tmp_path / "small.csv", 20, seed=1)
    big = write_csv_file(tmp_path / "big.csv", BIG, seed=3)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "csat_tui",
            "import",
            str(tmp_path / "small.csv"),
            "--db",
            str(db_path),
        ],
        check=True,
        capture_output=True,
    )
    process = start_import(big, db_path)
    wait_until_writing(db_path, process)
    # Freeze the writer mid-transaction, so it still holds its write lock however long the
    # reads below take on a busy machine.
    process.send_signal(signal.SIGSTOP)
    app = CsatApp(Settings(db_path=db_path))
    failures: list[BaseException] = []
    async with app.run_test() as pilot:
        for _ in range(5):
            await pilot.press("r")  # refresh: every screen reloads from the store
            await pilot.pause(0.2)
            try:
                await app.workers.wait_for_complete()
            except WorkerFailed as failed:
                failures.append(failed.error)
        assert app.is_running
    assert failures == []
    # A reader in this process, too, while the writer holds its transaction.
    with open_store(db_path) as store:
        assert scores(store, Filter()).overall.responses == 20
    assert process.poll() is None, "the import finished too early to test anything"
    process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
    with open_store(db_path) as store:
        assert scores(store, Filter()).overall.responses == 20 + BIG

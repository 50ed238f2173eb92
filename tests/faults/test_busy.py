"""A writer holding the store: writes wait and say so, and a wait that gives up changes nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from csat_tui.services.synthetic import write_csv_file
from tests.faults.support import assert_failed_cleanly, cli, contents


@contextmanager
def holding(path: Path) -> Iterator[sqlite3.Connection]:
    """Another writer: a connection holding the write lock until the block ends."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


WRITES = {
    "tag": ["tag", "1", "refund"],
    "followup": ["followup", "3", "--owner", "Bo"],
    "undo": ["undo"],
    "views save": ["views", "save", "lows", "--band", "low"],
    "import": ["import", "CSV", "--timezone", "UTC"],
}


@pytest.mark.parametrize("command", sorted(WRITES))
def test_a_wait_that_gives_up_says_so_and_changes_nothing(
    filled: Path, csv_file: Path, command: str
) -> None:
    args = [str(csv_file) if a == "CSV" else a for a in WRITES[command]]
    before = contents(filled)
    with holding(filled):
        ran = cli(*args, "--db", filled, env={"CSAT_TUI_WAIT": "0.3"})
    assert_failed_cleanly(ran, "the store is busy", "still busy after", "nothing was changed")
    assert contents(filled) == before


def _spawn(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "csat_tui", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_a_write_waits_for_the_lock_and_then_succeeds(filled: Path) -> None:
    before = contents(filled)["response_tags"][0]
    with holding(filled):
        process = _spawn("tag", "7", "refund", "--db", filled)
        assert process.stderr is not None
        said = process.stderr.readline()  # printed once the first short wait has failed
        assert "the store is busy: another program is writing to it; waiting…" in said
        assert process.poll() is None
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in said + out + err
    assert contents(filled)["response_tags"][0] == before + 1


@pytest.mark.slow
def test_triage_during_a_large_import_waits_for_it_and_names_it(tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    small = write_csv_file(tmp_path / "small.csv", 50, seed=1)
    big = write_csv_file(tmp_path / "big.csv", 150_000, seed=2)
    assert cli("import", small, "--db", db_path).code == 0
    importing = _spawn("import", big, "--db", db_path, "--timezone", "UTC")
    note = Path(f"{db_path}-writer")
    deadline = time.monotonic() + 60
    while not note.exists():
        assert importing.poll() is None, "the import ended before the triage write started"
        assert time.monotonic() < deadline, "the import never said it was writing"
        time.sleep(0.02)
    writes = [
        _spawn("tag", "3", "refund", "--db", db_path),
        _spawn("followup", "4", "--owner", "Anna", "--db", db_path),
    ]
    said = []
    for process in writes:
        assert process.stderr is not None
        said.append(process.stderr.readline())
    _, import_err = importing.communicate(timeout=600)
    assert importing.returncode == 0, import_err
    for process, line in zip(writes, said, strict=True):
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "the store is busy: an import of big.csv is running; waiting…" in line
        assert "Traceback" not in out + err
    assert cli("undo", "--db", db_path).code == 0
    found = contents(db_path)
    assert found["responses"][0] == 150_050
    # The two waiting writes run in either order; undo took back the later one.
    assert found["followups"][0] + found["response_tags"][0] == 1
    assert not note.exists()

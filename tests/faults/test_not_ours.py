"""Files that are not our store, or come from a newer csat-tui: one line, and left as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.faults.support import assert_failed_cleanly, cli, file_digest


def other_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    return path


def newer_store(path: Path) -> Path:
    assert cli("tag", "1", "x", "--db", path).code == 1  # creates an empty store
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    return path


def text_file(path: Path) -> Path:
    path.write_text("id,score\n1,5\n" * 200, encoding="utf-8")
    return path


CASES = {
    "another app's database": (other_database, "not a csat-tui store"),
    "a newer store": (newer_store, "newer csat-tui"),
    "not SQLite at all": (text_file, "is not a readable SQLite store"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", [["scores"], ["tag", "1", "x"], ["doctor"]])
def test_a_file_that_is_not_our_store_is_refused_and_left_alone(
    tmp_path: Path, case: str, command: list[str]
) -> None:
    make, words = CASES[case]
    path = make(tmp_path / "other.db")
    before = file_digest(path)
    ran = cli(*command, "--db", path)
    assert "Traceback" not in ran.both
    if command != ["doctor"]:  # doctor checks any SQLite file: it may find one whole
        assert_failed_cleanly(ran, words)
    assert file_digest(path) == before

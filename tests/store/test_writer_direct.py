"""A large file into an empty store is written with a rollback journal instead of the WAL
(no second copy of every page), when no one else has the store open; the store is in WAL
again afterwards, and a killed import leaves it as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csat_tui.records import FilePlan
from csat_tui.services.synthetic import write_csv_file
from csat_tui.store import writer as writer_module
from csat_tui.store.db import Store, open_store
from csat_tui.store.writer import ImportWriter
from tests.helpers import record


def _plan() -> FilePlan:
    return FilePlan("big.csv", "generic", "generic", "utf-8", "csv", ())


def _mode(store: Store) -> str:
    return str(store.conn.execute("PRAGMA journal_mode").fetchone()[0])


def _write(store: Store, size: int, n: int, seen: list[str]) -> None:
    with ImportWriter.open(store, _plan(), f"c{size}", size) as writer:
        for i in range(n):
            writer.add(record(1 + i % 5, external_id=f"id{i}"))
        writer.flush()
        seen.append(_mode(store))


def test_a_large_file_into_an_empty_store_skips_the_wal(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "DIRECT_WRITE_BYTES", 1000)
    seen: list[str] = []
    _write(store, 999, 10, seen)  # smaller: WAL as always
    store.conn.execute("DELETE FROM explicit_ratings")
    store.conn.execute("DELETE FROM responses")
    store.conn.commit()
    _write(store, 1000, 10, seen)
    _write(store, 1000, 10, seen)  # the store holds responses now: WAL
    assert seen == ["wal", "delete", "wal"]
    assert _mode(store) == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL again
    assert store.conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 10


def _response_indexes(store: Store) -> set[str]:
    return {
        name
        for (name,) in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses'"
            " AND sql IS NOT NULL"
        )
    }


def test_a_direct_write_builds_the_secondary_indexes_once_at_commit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every page is new: maintaining eight indexes row by row for the first batches costs
    # more than building them once, so they are dropped from the first batch on.
    monkeypatch.setattr(writer_module, "DIRECT_WRITE_BYTES", 1000)
    all_indexes = _response_indexes(store)
    during: list[set[str]] = []
    with ImportWriter.open(store, _plan(), "c", 1000) as writer:
        writer.add(record(4, external_id="a"))
        writer.flush()
        during.append(_response_indexes(store))
    assert during == [{"idx_responses_source_external_id"}]  # duplicates still found
    assert _response_indexes(store) == all_indexes
    assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_store_someone_else_has_open_stays_in_wal(
    store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "DIRECT_WRITE_BYTES", 1000)
    with open_store(db_path) as reader:
        reader.conn.execute("SELECT count(*) FROM responses").fetchone()
        seen: list[str] = []
        started = time.monotonic()
        _write(store, 5000, 10, seen)
        assert time.monotonic() - started < 5  # it did not wait for the reader
        assert seen == ["wal"]
        assert reader.conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 10


def test_a_rolled_back_direct_import_leaves_the_store_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "DIRECT_WRITE_BYTES", 1000)
    with pytest.raises(RuntimeError), ImportWriter.open(store, _plan(), "c", 5000) as writer:
        for i in range(3000):
            writer.add(record(1 + i % 5, external_id=f"id{i}"))
        writer.flush()
        raise RuntimeError
    assert _mode(store) == "wal"
    assert store.conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_a_killed_direct_import_changes_nothing(tmp_path: Path) -> None:
    csv = tmp_path / "big.csv"
    write_csv_file(csv, 60_000, seed=7, days=30)
    assert csv.stat().st_size >= writer_module.DIRECT_WRITE_BYTES
    db = tmp_path / "store.db"
    open_store(db).close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "csat_tui", "import", str(csv), "--db", str(db)]
    quiet = subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdout=quiet, stderr=quiet)
    journal = Path(f"{db}-journal")
    deadline = time.monotonic() + 60
    while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the import ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with open_store(db) as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM imports WHERE status = 'done'").fetchone()[0] == 0

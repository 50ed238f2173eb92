"""A full disk: the write fails in one line, and the store stays as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from csat_tui.services.synthetic import write_csv_file
from csat_tui.store import db as store_db
from tests.faults.support import assert_failed_cleanly, cli, contents


@pytest.fixture
def size_limit(filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After `filled` is made, every store opened may grow by two pages at most (SQLITE_FULL)."""
    opened = store_db._open

    def limited(*args: Any, **kwargs: Any) -> store_db.Store:
        store = opened(*args, **kwargs)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return store

    monkeypatch.setattr(store_db, "_open", limited)


@pytest.mark.usefixtures("size_limit")
def test_an_import_that_fills_the_store_changes_nothing(filled: Path, tmp_path: Path) -> None:
    before = contents(filled)
    big = write_csv_file(tmp_path / "big.csv", 3000, seed=9)
    ran = cli("import", big, "--db", filled, "--timezone", "UTC")
    assert_failed_cleanly(ran, "is full", "nothing was changed")
    assert contents(filled) == before


@pytest.mark.usefixtures("size_limit")
def test_tagging_many_on_a_full_store_changes_nothing(filled: Path) -> None:
    before = contents(filled)
    ran = cli("tag", "1", *[f"tag-{n}-{'x' * 200}" for n in range(200)], "--db", filled)
    assert_failed_cleanly(ran, "is full", "nothing was changed")
    assert contents(filled) == before


@pytest.mark.usefixtures("can_mount")
def test_a_real_full_disk(filled: Path, tmp_path: Path) -> None:
    small = tmp_path / "small-disk"
    small.mkdir()
    big = write_csv_file(tmp_path / "big.csv", 30_000, seed=9)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)], check=True)
    try:
        store = small / "store.db"
        shutil.copy(filled, store)
        free = shutil.disk_usage(small).free
        padding = small / "padding"
        padding.write_bytes(b"\0" * max(0, free - 64 * 1024))
        before = contents(store)
        ran = cli("import", big, "--db", store, "--timezone", "UTC")
        assert_failed_cleanly(ran, "is full", "nothing was changed")
        assert contents(store) == before
    finally:
        subprocess.run(["umount", str(small)], check=True)

"""A read-only store file or folder: reads still work, writes fail in one line, nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.support import assert_failed_cleanly, cli, contents, read_only


@pytest.fixture
def alone(filled: Path, tmp_path: Path) -> Path:
    """The filled store alone in its own folder (no journal files beside it)."""
    folder = tmp_path / "alone"
    folder.mkdir()
    moved = folder / "store.db"
    filled.rename(moved)
    assert sorted(p.name for p in folder.iterdir()) == ["store.db"]
    return moved


@pytest.mark.parametrize("what", ["file", "folder"])
def test_reads_work_and_writes_fail_on_a_read_only_store(alone: Path, what: str) -> None:
    before = contents(alone)
    readable = cli("scores", "--db", alone, "--format", "json")
    with read_only(alone if what == "file" else alone.parent):
        scores = cli("scores", "--db", alone, "--format", "json")
        tagged = cli("tag", "1", "refund", "--db", alone)
        undone = cli("undo", "--db", alone)
    assert scores.code == 0, scores
    assert scores.out == readable.out
    assert "not a readable SQLite store" not in scores.err + tagged.err
    assert_failed_cleanly(tagged, "read-only", "nothing was changed")
    assert_failed_cleanly(undone, "read-only", "nothing was changed")
    if what == "folder":
        assert f"the folder {alone.parent} is read-only" in tagged.err
    else:
        assert f"the store {alone} is read-only" in tagged.err
    assert contents(alone) == before

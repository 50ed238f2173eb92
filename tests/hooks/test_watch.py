"""`watch`: each new or changed export imported once, half-written files left, bad files skipped."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli import watch_cmd
from csat_tui.cli.main import app
from csat_tui.importers.model import ImportOptions
from csat_tui.services import hooks, watch
from csat_tui.services.importing import file_checksum
from csat_tui.services.watch import FileEvent, Watcher, is_candidate
from csat_tui.store.db import Store
from tests.hooks.conftest import FIVE_ROWS, Recording, export

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def three_exports(folder: Path) -> list[Path]:
    return [
        export(folder, "monday.csv", [("m1", 5, 10, "fine"), ("m2", 1, 3, "bad")]),
        export(folder, "tuesday.csv", [("t1", 4, 9, ""), ("t2", 5, 9, "")]),
        export(folder, "wednesday.csv", [("w1", 2, 8, "meh")]),
    ]


def watcher(store: Store, folder: Path, sleep: Callable[[float], None] = lambda _: None) -> Watcher:
    return Watcher(store, folder, ImportOptions(), sleep=sleep)


def imports(store: Store) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT file_name, status FROM imports ORDER BY id").fetchall()


def statuses(events: list[FileEvent]) -> dict[str, str]:
    return {e.path.name: e.status for e in events}


def test_once_imports_each_export_once_then_nothing(
    store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_exports(folder)
    events = watcher(store, folder).run_once()
    assert statuses(events) == {
        "monday.csv": "imported",
        "tuesday.csv": "imported",
        "wednesday.csv": "imported",
    }
    assert imports(store) == [
        ("monday.csv", "done"),
        ("tuesday.csv", "done"),
        ("wednesday.csv", "done"),
    ]
    assert store.conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 5
    assert "imported 2 records: 2 new, 0 duplicates, 0 rejects" in events[0].message

    # Again (a new run, as from cron): nothing imported, and no file even reopened.
    opened: list[Path] = []
    real = file_checksum  # the function `watch` calls, patched there below

    def counting(path: Path) -> tuple[str, int]:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(watch, "file_checksum", counting)
    monkeypatch.setattr(watch, "import_file", lambda *a, **k: pytest.fail("imported again"))
    assert watcher(store, folder).run_once() == []
    assert opened == []
    assert len(imports(store)) == 3


def test_a_file_still_growing_is_left_for_the_next_pass(store: Store, folder: Path) -> None:
    growing = export(folder, "big.csv", [("g1", 1, 0, "first")])
    export(folder, "done.csv", [("d1", 5, 10, "")])

    def still_writing(_: float) -> None:
        with growing.open("a", encoding="utf-8") as handle:
            handle.write("g2,2026-10-02T09:00:00Z,5,10,more\n")

    events = watcher(store, folder, still_writing).run_once()
    assert statuses(events) == {"done.csv": "imported", "big.csv": "waiting"}
    waiting = next(e for e in events if e.status == "waiting")
    assert waiting.message == "still being written; left for the next pass"
    assert [name for name, _ in imports(store)] == ["done.csv"]

    events = watcher(store, folder).run_once()
    assert statuses(events) == {"big.csv": "imported"}
    assert store.conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 3


def test_a_file_that_appears_between_the_looks_waits(store: Store, folder: Path) -> None:
    def lands(_: float) -> None:
        export(folder, "late.csv", [("l1", 5, 10, "")])

    assert statuses(watcher(store, folder, lands).run_once()) == {"late.csv": "waiting"}
    assert statuses(watcher(store, folder).run_once()) == {"late.csv": "imported"}


def test_the_loop_waits_for_a_file_to_settle(store: Store, folder: Path) -> None:
    path = export(folder, "stream.csv", [("s1", 5, 10, "")])
    w = watcher(store, folder)
    assert w.poll() == []  # first sight
    with path.open("a", encoding="utf-8") as handle:
        handle.write("s2,2026-10-02T09:00:00Z,5,10,\n")
    assert statuses(w.poll()) == {"stream.csv": "waiting"}
    assert w.poll()[0].status == "imported"  # same size and mtime as the poll before
    assert w.poll() == []


def test_a_broken_file_is_logged_and_skipped(store: Store, folder: Path) -> None:
    three_exports(folder)
    broken = folder / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    events = watcher(store, folder).run_once()
    assert statuses(events)["broken.csv"] == "failed"
    failed = next(e for e in events if e.status == "failed")
    assert failed.message.startswith("failed: ") and "binary" in failed.message
    assert sum(e.status == "imported" for e in events) == 3
    # Not retried while it is unchanged; imported once it is replaced by a good file.
    assert watcher(store, folder).run_once() == []
    broken.write_text(FIVE_ROWS, encoding="utf-8")
    os.utime(broken, ns=(1, 1))
    assert statuses(watcher(store, folder).run_once()) == {"broken.csv": "imported"}


def test_partial_downloads_locks_and_dotfiles_are_ignored(store: Store, folder: Path) -> None:
    for name in (
        "export.csv.crdownload",
        "export.csv.part",
        "export.csv.tmp",
        "~$report.xlsx",
        ".hidden.csv",
        ".~lock.report.xlsx#",
        "notes.pdf",
    ):
        (folder / name).write_text(FIVE_ROWS, encoding="utf-8")
    (folder / "sub.csv").mkdir()
    assert watcher(store, folder).run_once() == []
    assert imports(store) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("survey.csv", True),
        ("Survey.XLSX", True),
        ("export.jsonl", True),
        ("survey.csv.crdownload", False),
        ("survey.csv.part", False),
        ("survey.tmp", False),
        ("~$survey.xlsx", False),
        (".survey.csv", False),
        ("photo.png", False),
    ],
)
def test_is_candidate(name: str, expected: bool) -> None:
    assert is_candidate(name) is expected


def test_a_touched_or_copied_file_is_not_imported_again(store: Store, folder: Path) -> None:
    (path, *_) = three_exports(folder)
    watcher(store, folder).run_once()
    os.utime(path, ns=(10**18, 10**18))
    (folder / "copy-of-monday.csv").write_bytes(path.read_bytes())
    events = watcher(store, folder).run_once()
    assert statuses(events) == {"monday.csv": "unchanged", "copy-of-monday.csv": "unchanged"}
    assert len(imports(store)) == 3


def test_a_changed_file_adds_only_its_new_responses(store: Store, folder: Path) -> None:
    path = export(folder, "rolling.csv", [("r1", 5, 10, "")])
    watcher(store, folder).run_once()
    export(folder, "rolling.csv", [("r1", 5, 10, ""), ("r2", 1, 2, "new and low")])
    (event,) = watcher(store, folder).run_once()
    assert event.report is not None
    assert (event.report.imported, event.report.duplicates) == (1, 1)
    assert path.exists()


def test_watch_fires_the_hooks_for_each_imported_file(
    store: Store, folder: Path, recording: Recording
) -> None:
    hooks.add(store, "rec", run=recording.command)
    (folder / "five.csv").write_text(FIVE_ROWS, encoding="utf-8")
    three_exports(folder)
    events = watcher(store, folder).run_once()
    # five.csv: 3 low; monday: m2; wednesday: w1.
    assert sorted(c["external_id"] for c in recording.calls()) == ["a1", "a2", "a3", "m2", "w1"]
    five = next(e for e in events if e.path.name == "five.csv")
    assert five.hooks is not None and five.hooks.responses == 3
    assert "hooks: 1 hook ran for 3 new low-score responses" in five.message
    watcher(store, folder).run_once()
    assert len(recording.calls()) == 5


# --- the command ---------------------------------------------------------------------------


def test_watch_once_command(db_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch, "SETTLE", 0.0)
    three_exports(folder)
    (folder / "bad\x1b[31m.csv").write_bytes(b"\x00\x01" * 100)
    result = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert sum("imported 2 records" in line for line in lines) == 2
    assert any("bad␛[31m.csv: failed" in line for line in lines)
    assert "\x1b" not in result.stdout
    monkeypatch.setenv("COLUMNS", "40")
    export(folder, "a-long-file-name-that-would-wrap-on-a-narrow-terminal.csv", [("n1", 5, 9, "")])
    narrow = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db_path)])
    assert narrow.stdout.count("\n") == 1 and "0 rejects" in narrow.stdout  # one line per file
    again = runner.invoke(app, ["watch", str(folder), "--once", "--db", str(db_path)])
    assert (again.exit_code, again.stdout) == (0, "")


def test_watch_stops_cleanly_on_ctrl_c(
    db_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export(folder, "one.csv", [("o1", 5, 10, "")])
    polls: list[int] = []

    class Interrupted(Watcher):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sleep = lambda _: None

        def poll(self, *, last_look: bool = False) -> list[FileEvent]:
            polls.append(1)
            if len(polls) == 3:
                raise KeyboardInterrupt
            return super().poll(last_look=last_look)

    monkeypatch.setattr(watch_cmd, "Watcher", Interrupted)
    result = runner.invoke(app, ["watch", str(folder), "--interval", "0.1", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("watching ") and "one.csv: imported 1 record:" in lines[1]
    assert lines[-1] == "watch stopped"


def test_watch_needs_a_folder(db_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["watch", str(tmp_path / "nope"), "--db", str(db_path)])
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    result = runner.invoke(app, ["watch", str(tmp_path), "--preset", "nope", "--db", str(db_path)])
    assert result.exit_code == 2 and "unknown preset" in result.stderr
    result = runner.invoke(
        app, ["watch", str(tmp_path), "--timezone", "Mars/Base", "--db", str(db_path)]
    )
    assert result.exit_code == 2 and "is not a time zone" in result.stderr

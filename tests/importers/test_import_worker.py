"""Reading a file in a worker process while the writer inserts: the same store as one
process makes, and every failure (in the worker or the writer) ends the same way."""

from __future__ import annotations

import csv
import io
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csat_tui.importers import generic, reading
from csat_tui.importers.model import ImportOptions
from csat_tui.services import import_worker
from csat_tui.services.importing import FileReport, import_file
from csat_tui.services.synthetic import write_csv
from csat_tui.store import prepare
from csat_tui.store.db import open_store
from csat_tui.store.prepare import Preparer
from csat_tui.store.writer import ImportWriter

_TIMES = {"started_at", "finished_at", "created_at", "applied_at", "at"}
"""Columns that hold the time of the run, not its content."""


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a store, row by row (times of the run blanked), in a stable order."""
    conn = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            timed = [n for n, d in enumerate(cursor.description) if d[0] in _TIMES]
            rows = [tuple(None if n in timed else v for n, v in enumerate(row)) for row in cursor]
            found[name] = sorted(rows, key=repr)
        return found
    finally:
        conn.close()


def import_all(
    path: Path,
    files: list[Path],
    *,
    worker: bool,
    progress: Callable[[int, int], None] | None = None,
    after: int = 1,
) -> list[FileReport]:
    """Import `files` one after the other into the store at `path`, read in a worker
    process (from about the `after`th record on) or not."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_worker, "WORKER_BYTES", 0 if worker else 1 << 62)
        patch.setattr(import_worker, "WORKER_AFTER", 0)
        patch.setattr(import_worker, "CHECK_EVERY", after)
        patch.setattr(import_worker, "core_to_spare", lambda _: True)  # however busy the machine
        with open_store(path) as store:
            return [
                import_file(store, file, ImportOptions(timezone="UTC"), progress=progress)
                for file in files
            ]


_NOW = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
"""The time of an earlier import, in "imported before" messages."""


def summary(report: FileReport) -> tuple[Any, ...]:
    return (
        report.status,
        report.records,
        report.imported,
        report.duplicates,
        report.skipped,
        report.rejects,
        [_NOW.sub("(time)", message) for message in report.messages],
        report.truncated,
    )


def same_in_both(tmp_path: Path, files: list[Path], after: int = 1) -> list[FileReport]:
    serial = import_all(tmp_path / "serial.db", files, worker=False)
    parallel = import_all(tmp_path / "worker.db", files, worker=True, after=after)
    assert [summary(r) for r in parallel] == [summary(r) for r in serial]
    assert tables(tmp_path / "worker.db") == tables(tmp_path / "serial.db")
    return parallel


def messy_file(path: Path, rows: int, seed: int) -> Path:
    """A synthetic export with copies, changed copies, scores off the scale and bad dates."""
    buffer = io.StringIO()
    write_csv(buffer, rows, seed=seed, days=30)
    lines = list(csv.reader(io.StringIO(buffer.getvalue())))
    header, body = lines[0], lines[1:]
    extra = [list(body[3]), list(body[5]), list(body[7]), list(body[9])]
    extra[1][header.index("comment")] = 'changed, and "quoted"\non two lines'
    extra[2][header.index("How satisfied were you?")] = "11"
    body[11][header.index("How likely are you to recommend us?")] = "eleven"
    body[13][header.index("submitted_at")] = "not a date"
    body[15][header.index("response_id")] = ""  # no id: a content hash
    body.insert(40, extra[0])
    body.insert(60, extra[1])
    body.append(extra[2])
    body.append(extra[3])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 7 records and a sample of 20 rows: most of a small file goes through
    the worker, in many batches."""
    monkeypatch.setattr(prepare, "BATCH_SIZE", 7)
    monkeypatch.setattr(generic, "SAMPLE_ROWS", 20)


@pytest.mark.usefixtures("small_batches")
def test_the_worker_makes_the_same_store_row_by_row(tmp_path: Path) -> None:
    first = messy_file(tmp_path / "first.csv", 300, seed=3)
    overlap = messy_file(tmp_path / "overlap.csv", 200, seed=3)  # the same ids, some changed
    other = messy_file(tmp_path / "other.csv", 150, seed=4)
    reports = same_in_both(tmp_path, [first, first, overlap, other])
    # The worker taking over part-way, after batches written in one process.
    midway = same_in_both(tmp_path / "midway", [first, first, overlap, other], after=50)
    assert [summary(r) for r in midway] == [summary(r) for r in reports]
    assert reports[0].imported > 250 and reports[0].rejects >= 3
    assert reports[0].duplicates >= 1  # an exact copy in the file
    again = reports[1]  # every id taken: each record compared with the stored one
    assert again.imported == 0 and again.duplicates + again.rejects == reports[0].records
    assert reports[2].rejects >= 1  # a changed copy of a stored response


_cells = st.sampled_from(["", "1", "3", "5", "9", "x", " 4 "])
_comments = st.sampled_from(["", "fine", "Fakturan var fel", "退款太慢了", 'a "b", c', "x\ny"])
_row = st.tuples(
    st.integers(1, 12), _cells, st.sampled_from(["", "0", "7", "10", "11"]), _comments,
    st.sampled_from(["2026-10-01T10:00:00Z", "2026-10-02", "", "someday"]),
)  # fmt: skip


def _write(path: Path, rows: list[tuple[int, str, str, str, str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "How satisfied were you?", "NPS", "comment", "date"])
    for n, (ident, score, nps, comment, date) in enumerate(rows):
        writer.writerow([f"r{ident}" if n % 5 else "", score, nps, comment, date])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(_row, min_size=1, max_size=40),
    st.lists(_row, min_size=1, max_size=40),
    st.integers(1, 12),
)
@pytest.mark.usefixtures("small_batches")
def test_any_two_files_make_the_same_store_through_the_worker(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[tuple[int, str, str, str, str]],
    second: list[tuple[int, str, str, str, str]],
    after: int,
) -> None:
    folder = tmp_path_factory.mktemp("files")
    files = [_write(folder / "a.csv", first), _write(folder / "b.csv", second)]
    same_in_both(folder, files, after=after)


def _responses(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM responses").fetchone()[0])
    finally:
        conn.close()


def _no_child_left() -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.usefixtures("small_batches")
def test_a_file_broken_part_way_fails_the_same_way_in_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "LINE_CHARS", 500)
    path = messy_file(tmp_path / "broken.csv", 200, seed=5)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text.insert(150, "R-long," + "x" * 600 + "\n")  # well after the sample the parent reads
    path.write_text("".join(text), encoding="utf-8")
    (serial,) = import_all(tmp_path / "serial.db", [path], worker=False)
    (parallel,) = import_all(tmp_path / "worker.db", [path], worker=True)
    assert parallel.status == "failed"
    assert "line 151 is longer than" in parallel.messages[-1]
    assert summary(parallel) == summary(serial)
    assert _responses(tmp_path / "worker.db") == 0
    assert tables(tmp_path / "worker.db") == tables(tmp_path / "serial.db")
    _no_child_left()


@pytest.mark.usefixtures("small_batches")
def test_a_worker_that_dies_ends_the_import_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    add = Preparer.add

    def dying(self: Preparer, item: Any) -> Any:
        if os.getpid() != parent and getattr(item, "line", 0) > 120:
            os._exit(3)  # killed, out of memory…
        return add(self, item)

    monkeypatch.setattr(Preparer, "add", dying)
    path = messy_file(tmp_path / "file.csv", 200, seed=6)
    (report,) = import_all(tmp_path / "store.db", [path], worker=True)
    assert report.status == "failed"
    assert report.messages[-1].endswith(
        "the process reading the file stopped unexpectedly; nothing was imported"
    )
    assert _responses(tmp_path / "store.db") == 0
    _no_child_left()


@pytest.mark.usefixtures("small_batches")
def test_an_unexpected_error_in_the_worker_is_raised_as_it_would_be_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add = Preparer.add

    def failing(self: Preparer, item: Any) -> Any:
        if getattr(item, "line", 0) > 120:
            raise ValueError("a bug while preparing")
        return add(self, item)

    monkeypatch.setattr(Preparer, "add", failing)
    path = messy_file(tmp_path / "file.csv", 200, seed=6)
    with pytest.raises(ValueError, match="a bug while preparing"):
        import_all(tmp_path / "store.db", [path], worker=True)
    assert _responses(tmp_path / "store.db") == 0
    _no_child_left()


@pytest.mark.usefixtures("small_batches")
def test_ctrl_c_while_writing_rolls_back_and_ends_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write = ImportWriter.write
    calls = []

    def interrupted(self: ImportWriter, batch: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        write(self, batch)

    monkeypatch.setattr(ImportWriter, "write", interrupted)
    path = messy_file(tmp_path / "file.csv", 200, seed=7)
    with pytest.raises(KeyboardInterrupt):
        import_all(tmp_path / "store.db", [path], worker=True)
    assert _responses(tmp_path / "store.db") == 0
    _no_child_left()


@pytest.mark.usefixtures("small_batches")
def test_the_progress_bar_moves_with_the_worker(tmp_path: Path) -> None:
    path = messy_file(tmp_path / "file.csv", 300, seed=8)
    seen: list[tuple[int, int]] = []
    import_all(
        tmp_path / "store.db", [path], worker=True, progress=lambda d, t: seen.append((d, t))
    )
    done = [d for d, _ in seen]
    size = path.stat().st_size
    assert len(set(done)) > 3
    assert done == sorted(done) and done[-1] == size
    assert {t for _, t in seen} == {size}


@pytest.mark.parametrize(
    ("cores", "load", "spare"),
    [(2, 0.4, True), (2, 1.0, True), (2, 1.6, False), (1, 0.0, False), (8, 6.5, True)],
)
def test_without_a_measure_the_load_average_says_whether_a_core_is_spare(
    monkeypatch: pytest.MonkeyPatch, cores: int, load: float, spare: bool
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert import_worker.core_to_spare(None) is spare
    monkeypatch.setattr(import_worker, "WORKER_BYTES", 100)
    assert import_worker.worker_possible(100) is (cores > 1)
    assert import_worker.worker_possible(99) is False


@pytest.mark.parametrize(
    ("cores", "idle", "total", "spare"),
    [
        (2, 50, 100, True),  # one core idle while the import planned on the other
        (2, 10, 100, False),  # others keep the second core mostly busy
        (2, 20, 100, True),  # a good part of it idle
        (4, 30, 100, True),
        (2, 5, 10, True),  # too short to tell: the load average (0.2) says
        (1, 100, 100, False),
    ],
)
def test_the_worker_runs_only_with_a_core_to_spare(
    monkeypatch: pytest.MonkeyPatch, cores: int, idle: int, total: int, spare: bool
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    monkeypatch.setattr(import_worker, "cpu_times", lambda: (1000 + idle, 5000 + total))
    assert import_worker.core_to_spare((1000, 5000)) is spare


def test_cpu_times_are_read_on_linux() -> None:
    times = import_worker.cpu_times()
    if sys.platform != "linux":
        assert times is None
        return
    assert times is not None and 0 <= times[0] <= times[1]

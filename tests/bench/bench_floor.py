"""Benchmark: the floor under any Python import that keeps the store's indexes.

Not collected by pytest. It times, on the same CSV and in one run:

- the `sqlite3` shell's `.import` (the baseline of issue 18's ratios);
- `csv.reader` alone over the file (what parsing costs CPython, nothing else);
- `executemany` of those rows into a table of `responses`' columns (scores as integers, no
  other per-row work), with the unique index on (source, external_id) live as it must be to
  find duplicates;
- building the other indexes a new store has on `responses` (read from a fresh store, so the
  list is always the current one) and filling the comment index with the raw comments
  (no tokenising).

No rollups, ratings, customers, checks or rejects: the sum is what an import that did nothing
but read, insert and index would cost, and the ratio of that sum to the shell is the best any
import written in Python with this schema can reach, in one process. With a second core that
parses while the first inserts, the best is max(parse, insert) + indexes; the line says both.

    python tests/bench/bench_floor.py --rows 100000 1000000
    python tests/bench/bench_floor.py --csv /work/bench-speed/s4/survey-1000000.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from csat_tui.services.synthetic import write_csv_file
from csat_tui.store.db import open_store

_COLUMNS = (
    "id INTEGER PRIMARY KEY, source TEXT NOT NULL, external_id TEXT NOT NULL, respondent TEXT,"
    " submitted_at TEXT, touchpoint TEXT, segment TEXT, channel TEXT, comment TEXT,"
    " complete INTEGER NOT NULL DEFAULT 1, attributes TEXT NOT NULL DEFAULT '{}',"
    " import_id INTEGER, csat INTEGER, csat_scale TEXT, nps INTEGER, ces INTEGER,"
    " agent TEXT, team TEXT"
)
_INSERT = (
    "INSERT OR IGNORE INTO responses (source, external_id, submitted_at, respondent, touchpoint,"
    " segment, channel, csat, csat_scale, nps, ces, comment, import_id)"
    " VALUES ('csv', ?, ?, ?, ?, ?, ?, ?, '1-5', ?, ?, ?, 1)"
)


def store_indexes(folder: Path) -> list[str]:
    """The CREATE INDEX statements of `responses` in a new store (the unique one first)."""
    with open_store(folder / "fresh.db") as store:
        found = store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses'"
            " AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
    return [sql for name, sql in found if name != "idx_responses_source_external_id"]


def _number(text: str) -> int | None:
    return int(text) if text else None


def floor(csv_path: Path, db_path: Path, indexes: list[str]) -> dict[str, float]:
    """Time each step of the bare import of the synthetic survey CSV (seconds)."""
    times: dict[str, float] = {}
    started = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for _ in csv.reader(handle):
            pass
    times["parse"] = time.perf_counter() - started

    db_path.unlink(missing_ok=True)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"CREATE TABLE responses ({_COLUMNS})")
    conn.execute("CREATE UNIQUE INDEX u ON responses (source, external_id)")
    started = time.perf_counter()
    conn.execute("BEGIN")
    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        conn.executemany(
            _INSERT,
            (
                (r[0], r[1], r[2], r[3], r[4], r[5], _number(r[6]), _number(r[7]),
                 _number(r[8]), r[9] or None)
                for r in reader
            ),
        )  # fmt: skip
    times["parse + insert"] = time.perf_counter() - started
    times["insert"] = times["parse + insert"] - times["parse"]
    started = time.perf_counter()
    for sql in indexes:
        conn.execute(sql)
    times["indexes"] = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute(
        "CREATE VIRTUAL TABLE comment_index USING fts5("
        "body, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    conn.execute(
        "INSERT INTO comment_index (rowid, body) SELECT id, comment FROM responses"
        " WHERE comment IS NOT NULL"
    )
    times["comment index"] = time.perf_counter() - started
    started = time.perf_counter()
    conn.execute("COMMIT")
    times["commit"] = time.perf_counter() - started
    conn.close()
    return times


def shell_import(csv_path: Path, db_path: Path, runs: int) -> float | None:
    sqlite3_shell = shutil.which("sqlite3")
    if sqlite3_shell is None:
        return None
    times = []
    for _ in range(runs):
        db_path.unlink(missing_ok=True)
        started = time.perf_counter()
        subprocess.run(
            [sqlite3_shell, str(db_path), ".mode csv", f".import {csv_path} responses"],
            check=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(csv_path: Path, folder: Path, runs: int, indexes: list[str]) -> None:
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    shell = shell_import(csv_path, folder / "shell.db", runs)
    found = [floor(csv_path, folder / "floor.db", indexes) for _ in range(runs)]
    times = {key: statistics.median(t[key] for t in found) for key in found[0]}
    one = times["parse + insert"] + times["indexes"] + times["comment index"] + times["commit"]
    two = max(times["parse"], times["insert"]) + times["indexes"]
    two += times["comment index"] + times["commit"]
    print(f"rows: {rows:,}  csv: {csv_path.stat().st_size / 1e6:.0f} MB  medians of {runs}")
    if shell is not None:
        print(f"  sqlite3 shell .import             {shell:6.2f} s")
    for key, value in times.items():
        print(f"  {key:33s} {value:6.2f} s")
    print(f"  ({len(indexes)} secondary indexes: {', '.join(i.split()[2] for i in indexes)})")
    for label, value in (("floor, one process", one), ("floor, parse on a second core", two)):
        ratio = f"  = {value / shell:.1f}x the shell" if shell else ""
        print(f"  {label:33s} {value:6.2f} s{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--csv", type=Path, help="time this survey CSV (as bench_store writes)")
    parser.add_argument("--days", type=int, default=730, help="span of generated data in days")
    parser.add_argument("--runs", type=int, default=3, help="runs per median")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="csat-floor-"))
    try:
        indexes = store_indexes(folder)
        if args.csv:
            report(args.csv, folder, args.runs, indexes)
            return
        for rows in args.rows:
            csv_path = folder / f"survey-{rows}.csv"
            write_csv_file(csv_path, rows, seed=42, days=args.days)
            report(csv_path, folder, args.runs, indexes)
            os.remove(csv_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()

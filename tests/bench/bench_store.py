"""Benchmark: import speed and memory, and score latency, on N synthetic responses.

Not collected by pytest. Run it on a quiet machine, e.g.:

    python tests/bench/bench_store.py --rows 100000
    python tests/bench/bench_store.py --rows 1000000

It prints the `sqlite3` shell's own `.import` of the same CSV, measured in the same run,
and the ratio of our import to it. Latencies are medians of repeated runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from csat_tui.filters import Filter
from csat_tui.services import page, scores
from csat_tui.services.synthetic import TOUCHPOINTS, write_csv_file
from csat_tui.services.themes import themes
from csat_tui.store import search
from csat_tui.store.db import Store, open_store


def run_measured(args: list[str]) -> tuple[float, int, int]:
    """Run a command; (wall seconds, peak RSS in MB, exit status)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return elapsed, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `fn` in milliseconds (one warm-up run first)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench_search(store: Store, month: Filter, repeat: int) -> None:
    """Comment search and themes: first pages of results, index build time and size."""
    queries = {
        "English word": "invoice",
        "Swedish word with å/ä/ö": "jättebra",
        "two-character Chinese word": "退款",
        "phrase": '"charged twice"',
    }
    for label, text in queries.items():
        alone = Filter(text=text)
        combined = replace(month, text=text)
        a = median_ms(partial(page, store, alone, limit=50), repeat)
        b = median_ms(partial(page, store, combined, limit=50), repeat)
        print(f"search first page, {label:28s} {a:7.1f} ms alone, {b:7.1f} ms + touchpoint/30d")
    print(
        f"{'themes, one touchpoint + 30 days':38s} median "
        f"{median_ms(lambda: themes(store, month), max(3, repeat // 3)):8.1f} ms"
    )
    print(
        f"{'themes, all touchpoints, 30 days':38s} median "
        f"{median_ms(lambda: themes(store, replace(month, touchpoints=())), 3):8.1f} ms"
    )
    conn = store.conn
    index_bytes, total_bytes = conn.execute(
        "SELECT sum(CASE WHEN name LIKE 'comment_index%' THEN pgsize ELSE 0 END), sum(pgsize)"
        " FROM dbstat"
    ).fetchone()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO comment_index (comment_index) VALUES ('delete-all')")
        started = time.perf_counter()
        search.index_all(conn)
        built = time.perf_counter() - started
    finally:
        conn.execute("ROLLBACK")
    print(
        f"comment index: built in {built:.1f} s; {index_bytes / 1e6:.0f} MB of a "
        f"{total_bytes / 1e6:.0f} MB store ({(total_bytes - index_bytes) / 1e6:.0f} MB without it)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=730, help="span of the data in days")
    parser.add_argument("--repeat", type=int, default=9, help="runs per latency median")
    parser.add_argument("--imports", type=int, default=3, help="import runs (median)")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="csat-bench-")) if not args.keep else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"survey-{args.rows}.csv"
    store_path = folder / f"store-{args.rows}.db"
    shell_path = folder / f"shell-{args.rows}.db"
    started = time.perf_counter()
    write_csv_file(csv_path, args.rows, seed=42, days=args.days)
    size_mb = csv_path.stat().st_size / 1e6
    print(
        f"rows: {args.rows:,}  csv: {size_mb:.0f} MB  (generated in "
        f"{time.perf_counter() - started:.1f} s)  python {sys.version.split()[0]}"
    )

    def fresh(path: Path) -> Path:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return path

    sqlite3 = shutil.which("sqlite3")
    shell_s = None
    if sqlite3:
        runs = [
            run_measured(
                [sqlite3, str(fresh(shell_path)), ".mode csv", f".import {csv_path} responses"]
            )
            for _ in range(args.imports)
        ]
        shell_s = statistics.median(r[0] for r in runs)
        print(
            f"sqlite3 shell .import: {shell_s:.2f} s median of {args.imports} "
            f"({args.rows / shell_s:,.0f} rows/s, peak RSS {max(r[1] for r in runs)} MB)"
        )
    else:
        print("sqlite3 shell: not installed, no baseline")

    csat_tui = [
        sys.executable,
        "-m",
        "csat_tui",
        "import",
        str(csv_path),
        "--db",
        str(store_path),
        "--timezone",
        "UTC",
        "--json",
    ]
    runs = []
    for _ in range(args.imports):
        fresh(store_path)
        runs.append(run_measured(csat_tui))
    ours_s = statistics.median(r[0] for r in runs)
    ratio = f"  = {ours_s / shell_s:.1f}x the sqlite3 shell" if shell_s else ""
    print(
        f"csat-tui import:       {ours_s:.2f} s median of {args.imports} "
        f"({args.rows / ours_s:,.0f} rows/s, peak RSS {max(r[1] for r in runs)} MB, "
        f"exits {sorted({r[2] for r in runs})}){ratio}"
    )

    with open_store(store_path) as store:
        last = store.conn.execute("SELECT max(submitted_at) FROM responses").fetchone()[0]
        end = date.fromisoformat(last[:10])
        month = Filter(touchpoints=(TOUCHPOINTS[4],), since=end - timedelta(days=29), until=end)
        year = Filter(since=end - timedelta(days=364), until=end)
        cases = {
            "scores, whole store": lambda: scores(store, Filter()),
            "scores, one touchpoint": lambda: scores(store, Filter(touchpoints=(TOUCHPOINTS[4],))),
            "scores, one touchpoint + 30 days": lambda: scores(store, month),
            "scores, a year": lambda: scores(store, year),
            "scores --by week over a year": lambda: scores(store, year, by="week"),
            "scores --compare previous (30 days)": lambda: scores(store, month, with_previous=True),
            # Filters the daily rows cannot answer: these scan responses.
            "scan: touchpoint + plan": lambda: scores(
                store, Filter(touchpoints=(TOUCHPOINTS[4],), segments=("pro",))
            ),
            "scan: low band, whole store": lambda: scores(store, Filter(band="low")),
            "scan: low band, 30 days": lambda: scores(
                store, Filter(band="low", since=month.since, until=month.until)
            ),
            "scan: comment contains 'refund'": lambda: scores(store, Filter(text="refund")),
        }
        for name, fn in cases.items():
            print(f"{name:38s} median {median_ms(fn, args.repeat):8.1f} ms")
        bench_search(store, month, args.repeat)
    cli = [sys.executable, "-m", "csat_tui", "scores", "--db", str(store_path), "--format", "json"]
    cli_ms = median_ms(lambda: subprocess.run(cli, capture_output=True, check=True), 3)
    print(f"{'CLI csat-tui scores (process, whole)':38s} median {cli_ms:8.1f} ms")
    print(f"store size: {store_path.stat().st_size / 1e6:.0f} MB; files in {folder}")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

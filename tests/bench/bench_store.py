"""Benchmark: import speed and memory, and score latency, on N synthetic responses.

Not collected by pytest. Run it on a quiet machine, e.g.:

    python tests/bench/bench_store.py --rows 100000
    nice python tests/bench/bench_store.py --rows 100000 1000000 --app  # issue 18's whole list
    nice python tests/bench/bench_store.py --rows 1000000 --keep /tmp/csat-1m
    python tests/bench/bench_store.py --rows 1000000 --keep /tmp/csat-1m --reuse  # no import

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
from csat_tui.store import customer_tiers, search
from csat_tui.store.aggregates import distribution
from csat_tui.store.customers import customers, scanned
from csat_tui.store.db import Store, open_store
from csat_tui.store.score_pages import page_by_score


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


def bench_customer_tiers(store: Store) -> None:
    """What keeping the customers' tiers costs an import: rebuilt whole (a first import, or
    migration 0009), and refreshed for the respondents of the last 1% of the responses."""
    conn = store.conn
    top = conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        customer_tiers.rebuild_all(conn)
        whole = time.perf_counter() - started
        back = top - top // 100
        conn.execute("UPDATE customer_tiers_state SET through_id = ?", (back,))
        started = time.perf_counter()
        customer_tiers.refresh(conn)
        part = time.perf_counter() - started
    finally:
        conn.execute("ROLLBACK")
    print(
        f"customer tiers: rebuilt whole in {whole:.2f} s; refreshed after the last "
        f"{top - back:,} responses in {part * 1000:.0f} ms"
    )


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def bench_import(
    csv_path: Path, store_path: Path, shell_path: Path, args: argparse.Namespace
) -> None:
    """Write the CSV; import it with the sqlite3 shell and with csat-tui (medians)."""
    started = time.perf_counter()
    write_csv_file(csv_path, args.rows, seed=42, days=args.days)
    size_mb = csv_path.stat().st_size / 1e6
    print(
        f"rows: {args.rows:,}  csv: {size_mb:.0f} MB  (generated in "
        f"{time.perf_counter() - started:.1f} s)  python {sys.version.split()[0]}"
    )

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


def bench_startup(folder: Path) -> float:
    """`csat-tui scores` as a whole process on a small store (the demo's), against bare Python."""
    small = folder / "small.db"
    if not small.exists():
        subprocess.run(
            [sys.executable, "-m", "csat_tui", "demo", "--copy", str(small)],
            capture_output=True, check=True,
        )  # fmt: skip
    bare = median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5)
    command = [sys.executable, "-m", "csat_tui", "scores", "--db", str(small)]
    ms = median_ms(lambda: subprocess.run(command, capture_output=True, check=True), 9)
    label = "start-up: scores on a small store [250]"
    print(f"{label:38s} median {ms:8.1f} ms (bare python {bare:.0f} ms)")
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[100_000],
        help="sizes to import (e.g. 100000 1000000); the latencies use the largest",
    )
    parser.add_argument("--days", type=int, default=730, help="span of the data in days")
    parser.add_argument("--repeat", type=int, default=9, help="runs per latency median")
    parser.add_argument("--imports", type=int, default=3, help="import runs (median)")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    parser.add_argument(
        "--reuse", action="store_true", help="time the store kept by an earlier --keep run"
    )
    parser.add_argument(
        "--app", action="store_true", help="also time the app's band, search and order keys"
    )
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="csat-bench-")) if not args.keep else args.keep
    folder.mkdir(parents=True, exist_ok=True)
    for rows in sorted(args.rows):
        csv_path = folder / f"survey-{rows}.csv"
        store_path = folder / f"store-{rows}.db"
        shell_path = folder / f"shell-{rows}.db"
        if not (args.reuse and store_path.exists()):
            bench_import(
                csv_path, store_path, shell_path, argparse.Namespace(**{**vars(args), "rows": rows})
            )
        else:
            print(f"rows: {rows:,}  reusing {store_path}  python {sys.version.split()[0]}")
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
            # Issue 18's cases: rollups, score-order paging, customers (targets in brackets).
            "low band, whole store [150]": lambda: scores(store, Filter(band="low")),
            "low band by week [300]": lambda: scores(store, Filter(band="low"), by="week"),
            "NPS low band by month": lambda: scores(
                store, Filter(band="low", metric="nps"), by="month"
            ),
            "two dimensions: touchpoint + plan [100]": lambda: scores(
                store, Filter(touchpoints=(TOUCHPOINTS[4],), segments=("pro",))
            ),
            "two dimensions by channel": lambda: scores(
                store, Filter(touchpoints=(TOUCHPOINTS[4],), segments=("pro",)), by="channel"
            ),
            "page: lowest CSAT first, 50 [150]": lambda: page_by_score(
                store, Filter(), "csat", "lowest", limit=50
            ),
            "page: highest NPS first, 50": lambda: page_by_score(
                store, Filter(), "nps", "highest", limit=50
            ),
            "page: lowest CSAT, touchpoint, 50": lambda: page_by_score(
                store, Filter(touchpoints=(TOUCHPOINTS[4],)), "csat", "lowest", limit=50
            ),
            "themes, whole store [1000]": lambda: themes(store, Filter()),
            "customers at risk, 50 [1000]": lambda: customers(
                store, Filter(), ("immediate", "at_risk"), limit=50
            ),
            "customers advocates, 50 [1000]": lambda: customers(
                store, Filter(), ("advocate",), limit=50
            ),
            "customers at risk, 50, full scan": lambda: scanned(
                store, "1", {}, ("immediate", "at_risk"), 50, None
            ),
            "customers at risk, a year, 50": lambda: customers(
                store, year, ("immediate", "at_risk"), limit=50
            ),
            # The dashboard's fourth load (the band key settles when it has).
            "distribution CSAT, whole store": lambda: distribution(store, Filter(), "csat"),
            "distribution CSAT, low band": lambda: distribution(store, Filter(band="low"), "csat"),
            "distribution NPS, high band": lambda: distribution(store, Filter(band="high"), "nps"),
        }
        for name, fn in cases.items():
            print(f"{name:38s} median {median_ms(fn, args.repeat):8.1f} ms")
        bench_search(store, month, args.repeat)
        bench_customer_tiers(store)
    startup_ms = bench_startup(folder)
    base = [sys.executable, "-m", "csat_tui"]
    db = ["--db", str(store_path)]
    processes = {
        "CLI csat-tui scores (process, whole)": [*base, "scores", *db, "--format", "json"],
        "CLI responses --sort lowest --limit 50": [
            *base, "responses", *db, "--sort", "lowest", "--limit", "50", "--format", "json"
        ],
        "CLI customers --at-risk --limit 50 [1000]": [
            *base, "customers", *db, "--at-risk", "--limit", "50", "--format", "json"
        ],
        "CLI customers --advocates --limit 50 [1000]": [
            *base, "customers", *db, "--advocates", "--limit", "50", "--format", "json"
        ],
        "CLI themes (whole store)": [*base, "themes", *db, "--format", "json"],
    }  # fmt: skip
    for name, command in processes.items():
        ms = median_ms(partial(subprocess.run, command, capture_output=True, check=True), 3)
        # Targets in brackets are above start-up: the same process on a small store.
        print(f"{name:44s} median {ms:8.1f} ms ({ms - startup_ms:6.1f} ms above start-up)")
    if args.app:
        # The app's keys at this size (tests/bench/bench_app.py, through Pilot).
        app_bench = Path(__file__).with_name("bench_app.py")
        subprocess.run(
            [sys.executable, str(app_bench), "--db", str(store_path), "--repeat", "3"],
            check=True,
        )
    print(f"store size: {store_path.stat().st_size / 1e6:.0f} MB; files in {folder}")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()

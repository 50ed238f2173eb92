"""Time a key in the real app, in a real terminal: tmux, from the key to the loading mark gone.

Not collected by pytest. Start the app on a big store in tmux, clear the filter (x: all time),
let it settle, then run this, e.g.:

    tmux new -d -s big -x 160 -y 48 "csat-tui --db /tmp/csat-1m/store-1000000.db"
    tmux send-keys -t big x
    python tests/bench/tmux_keys.py --session big --key b --times 8

Each time it sends the key and polls the screen (`tmux capture-pane`, about every 10 ms) until
the filter line's "loading…" mark has shown and gone: the app says so when the cards, trend,
breakdown and distribution have all loaded. It prints each time, then the median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time

LOADING = "loading…"
TIMEOUT_S = 30.0


def screen(session: str) -> list[str]:
    """The lines the terminal shows now."""
    shown = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    )
    return shown.stdout.splitlines()


def loading(lines: list[str]) -> bool:
    """Whether the filter line (the second) shows the loading mark."""
    return len(lines) > 1 and LOADING in lines[1]


def press(session: str, key: str) -> tuple[float, str]:
    """Send `key`; (seconds until the loading mark went, the filter line then)."""
    started = time.perf_counter()
    subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
    seen = False
    while time.perf_counter() - started < TIMEOUT_S:
        lines = screen(session)
        if loading(lines):
            seen = True
        elif seen:
            return time.perf_counter() - started, lines[1].strip()
        time.sleep(0.01)
    raise SystemExit(f"the loading mark did not come and go within {TIMEOUT_S:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", required=True, help="the tmux session running the app")
    parser.add_argument("--key", default="b", help="the key to time (tmux send-keys name)")
    parser.add_argument("--times", type=int, default=8, help="how many presses")
    parser.add_argument("--rest", type=float, default=10.0, help="seconds between presses")
    args = parser.parse_args()
    times = []
    for n in range(args.times):
        if n:
            time.sleep(args.rest)  # the data check runs after the loads: let it end
        seconds, line = press(args.session, args.key)
        times.append(seconds)
        print(f"{args.key!r}: settled in {seconds * 1000:5.0f} ms   {line}")
    print(f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

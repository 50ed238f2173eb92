"""The `imports` log: earlier imports of a file, and failed attempts."""

from __future__ import annotations

import json

from csat_tui.store.db import Store


def previous_import(store: Store, checksum: str) -> str | None:
    """A description of an earlier successful import of the same bytes, if any."""
    row = store.conn.execute(
        "SELECT id, finished_at FROM imports WHERE checksum = ? AND status = 'done'"
        " ORDER BY id DESC LIMIT 1",
        (checksum,),
    ).fetchone()
    return f"import #{row[0]} on {row[1]}" if row else None


def record_failed_import(
    store: Store, path: str, preset: str | None, message: str, at: str
) -> None:
    """Log a file that could not be imported at all (nothing else is written)."""
    with store.write():
        store.conn.execute(
            "INSERT INTO imports (file_name, path, preset, status, messages, started_at,"
            " finished_at, records, imported, duplicates, skipped, rejects)"
            " VALUES (?, ?, ?, 'failed', ?, ?, ?, 0, 0, 0, 0, 0)",
            (path.rsplit("/", 1)[-1], path, preset, json.dumps([message]), at, at),
        )

"""The `watched_files` table: what `watch` last saw of each file, and what became of it."""

from __future__ import annotations

from dataclasses import dataclass

from csat_tui.store.db import Store


@dataclass(frozen=True, slots=True)
class Seen:
    """A file as `watch` last processed it."""

    path: str
    size: int
    mtime_ns: int
    checksum: str | None
    status: str
    """imported, unchanged or failed."""
    import_id: int | None
    at: str


def seen_files(store: Store) -> dict[str, Seen]:
    """Every file `watch` has processed, by path."""
    rows = store.conn.execute(
        "SELECT path, size, mtime_ns, checksum, status, import_id, at FROM watched_files"
    ).fetchall()
    return {row[0]: Seen(*row) for row in rows}


def remember(store: Store, seen: Seen) -> None:
    """Record (or replace) what became of a file."""
    with store.write():
        store.conn.execute(
            "INSERT OR REPLACE INTO watched_files"
            " (path, size, mtime_ns, checksum, status, import_id, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                seen.path,
                seen.size,
                seen.mtime_ns,
                seen.checksum,
                seen.status,
                seen.import_id,
                seen.at,
            ),
        )


def imported_checksum(store: Store, checksum: str) -> int | None:
    """The latest committed import of exactly these bytes, if any."""
    row = store.conn.execute(
        "SELECT id FROM imports WHERE checksum = ? AND status = 'done' ORDER BY id DESC LIMIT 1",
        (checksum,),
    ).fetchone()
    return int(row[0]) if row else None

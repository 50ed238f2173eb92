"""Score counts per value of one kept column and per day: grouping by `attribute:KEY` without
reading every response's JSON.

Grouping by a kept column reads `attributes` (JSON) of every response: about 2 s at 1M
responses. `attribute_scores` holds, for a key someone grouped by, the same counts as
`daily_scores` per (value, day, complete), so a breakdown over dates sums a few thousand
rows instead. The value is the same expression the responses are grouped by (`KEY_SQL`):
long values and the responses without the key (value NULL, "no value") are counted too.

It is a cache, filled on first use: the first grouping by a key after an import reads the
responses added since (`responses` is only ever added to, and ids grow), the next ones
read only these rows. `attribute_scores_upto` says up to which response id each key is
counted. Triggers empty both if a response is ever deleted or its scores, date or
attributes change. A store that cannot be written at that moment (read-only, or an import
holds the write lock) is answered from the responses, as before.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from csat_tui.store.daily import HIGHEST, LOWEST, SUMMED, base_select

if TYPE_CHECKING:
    from csat_tui.store.db import Store  # db imports the migrations, which import this

KEY_SQL = "(SELECT CAST(j.value AS TEXT) FROM json_each(r.attributes) j WHERE j.key = :by_key)"
"""A response's value of the kept column `:by_key` as text, long ones too; NULL without it."""

_COUNTED = (*SUMMED, *LOWEST, *HIGHEST)

CREATE = (
    "CREATE TABLE attribute_scores (key TEXT NOT NULL, value TEXT, day TEXT,"
    " complete INTEGER NOT NULL, "
    + ", ".join(f"{c} INTEGER" for c in SUMMED)
    + ", "
    + ", ".join(f"{c} TEXT" for c in (*LOWEST, *HIGHEST))
    + ")",
    "CREATE INDEX idx_attribute_scores ON attribute_scores(key, value, day)",
    "CREATE TABLE attribute_scores_upto (key TEXT PRIMARY KEY, upto INTEGER NOT NULL)",
    # Counted responses are never expected to change; if one does, start again.
    "CREATE TRIGGER attribute_scores_delete AFTER DELETE ON responses"
    " WHEN EXISTS (SELECT 1 FROM attribute_scores_upto) BEGIN"
    " DELETE FROM attribute_scores; DELETE FROM attribute_scores_upto; END",
    "CREATE TRIGGER attribute_scores_update AFTER UPDATE OF id, submitted_at, complete,"
    " attributes, csat, csat_scale, nps, ces ON responses"
    " WHEN EXISTS (SELECT 1 FROM attribute_scores_upto) BEGIN"
    " DELETE FROM attribute_scores; DELETE FROM attribute_scores_upto; END",
)

_ADD = (
    f"INSERT INTO attribute_scores (key, value, day, complete, {', '.join(_COUNTED)})"
    f" SELECT :by_key, g.value, g.day, g.complete, {', '.join(f'g.{c}' for c in _COUNTED)}"
    f" FROM (SELECT {KEY_SQL} AS value, substr(r.submitted_at, 1, 10) AS day,"
    f" r.complete AS complete, {base_select()} FROM responses r"
    " WHERE r.id > :upto AND r.id <= :top GROUP BY 1, 2, 3) g"
)


def _upto(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT upto FROM attribute_scores_upto WHERE key = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def _top(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0])


def _begin_at_once(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, failing at once on a busy store (not the waiting BEGIN of
    `StoreConnection`: a busy store is read directly instead)."""
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        sqlite3.Connection.execute(conn, "BEGIN IMMEDIATE")
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def ready(store: Store, key: str) -> bool:
    """Bring the counts of kept column `key` up to date with the responses; False when they
    cannot be (the store cannot be written now): read the responses instead."""
    conn = store.conn
    try:
        upto = _upto(conn, key)
        if upto is not None and upto >= _top(conn):
            return True
        if store.read_only or conn.in_transaction:
            return False
        _begin_at_once(conn)
    except sqlite3.OperationalError as error:
        if _interrupted(error):
            raise
        return False  # busy, read-only, or a store from before these tables
    try:
        upto, top = _upto(conn, key) or 0, _top(conn)
        params: dict[str, Any] = {"by_key": key, "upto": upto, "top": top}
        if upto < top:
            conn.execute(_ADD, params)
        conn.execute(
            "INSERT INTO attribute_scores_upto (key, upto) VALUES (:by_key, :top)"
            " ON CONFLICT (key) DO UPDATE SET upto = excluded.upto",
            params,
        )
        conn.execute("COMMIT")
    except BaseException as error:
        if conn.in_transaction:  # an interrupted statement may have rolled it back already
            conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.OperationalError) and not _interrupted(error):
            return False  # a full disk, a read-only file: the counts wait for another time
        raise
    return True


def _interrupted(error: sqlite3.Error) -> bool:
    """A load replaced by a newer one: it ends here rather than reading the responses."""
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_INTERRUPT

"""Daily score counts: a derived table that answers the common filters without a full scan.

`daily_scores` holds, per UTC day and per value of one dimension (or "all"), the same
counts `aggregates` computes from `responses`. It is derived data: rebuilt for the days
an import touched, inside that import's transaction, and never edited by hand.

An import rebuilds the rollups of its days first (`rollups.rebuild`, one pass over those
days' responses); the daily rows are then sums of the cell rollups, so the responses are
not read a second time (unless agents are named: their rows need a pass).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from csat_tui.scoring.sql import score_aggregates
from csat_tui.store import rollups
from csat_tui.store.where import METRIC_COLUMNS

DIMENSIONS = ("touchpoint", "segment", "channel", "source", "agent", "team")
"""The fields a daily row can be split by (one at a time), besides "all"."""

SUMMED = (
    "responses",
    "csat_n",
    "csat_satisfied",
    "csat_total",
    "csat_low_n",
    "nps_n",
    "nps_promoters",
    "nps_detractors",
    "ces_n",
    "ces_total",
    "ces_easy",
    "ces_low_n",
)
"""Counts that add up across days and values."""

LOWEST = ("first", "csat_scale_min")
HIGHEST = ("last", "csat_scale_max")


def _base_columns() -> list[tuple[str, str]]:
    columns = [
        ("responses", "count(*)"),
        ("first", "min(r.submitted_at)"),
        ("last", "max(r.submitted_at)"),
    ]
    for metric in ("csat", "nps", "ces"):
        score, scale = METRIC_COLUMNS[metric]
        for alias, expression in score_aggregates(metric, score, scale):
            columns.append((f"{metric}_{alias}", expression))
    return columns


def base_select() -> str:
    """The aggregates over `responses AS r`, aliased as the daily table's columns."""
    return ", ".join(f"{expression} AS {alias}" for alias, expression in _base_columns())


def combined_select(table: str = "d") -> str:
    """Aggregates that combine daily rows into one set of counts (same aliases)."""
    parts = [f"sum({table}.{c}) AS {c}" for c in SUMMED]
    parts += [f"min({table}.{c}) AS {c}" for c in LOWEST]
    parts += [f"max({table}.{c}) AS {c}" for c in HIGHEST]
    return ", ".join(parts)


_COLUMNS = ("day", "dimension", "value", "complete", *SUMMED, *LOWEST, *HIGHEST)

CREATE_TABLE = f"""
CREATE TABLE daily_scores (
    day TEXT,
    dimension TEXT NOT NULL,
    value TEXT,
    complete INTEGER NOT NULL,
    {", ".join(f"{c} INTEGER" for c in SUMMED)},
    {", ".join(f"{c} TEXT" for c in (*LOWEST, *HIGHEST))}
)
"""
CREATE_INDEX = "CREATE INDEX idx_daily_scores ON daily_scores(dimension, value, day)"


def _rebuild(conn: sqlite3.Connection, day_condition: str, params: dict[str, object]) -> None:
    """Recompute the daily rows for the days matching `day_condition` (over `r`)."""
    conn.execute("DROP TABLE IF EXISTS temp._daily_cells")
    conn.execute(
        f"CREATE TEMP TABLE _daily_cells AS SELECT {_cell_select(conn)}, {base_select()}"
        f" FROM responses r WHERE {day_condition} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
        params,
    )
    insert = f"INSERT INTO daily_scores ({', '.join(_COLUMNS)})"
    combine = combined_select("c")
    conn.execute(
        f"{insert} SELECT c.day, 'all', NULL, c.complete, {combine}"
        " FROM temp._daily_cells c GROUP BY c.day, c.complete"
    )
    for dimension in DIMENSIONS:
        conn.execute(
            f"{insert} SELECT c.day, '{dimension}', c.{dimension}, c.complete, {combine}"
            f" FROM temp._daily_cells c GROUP BY c.day, c.{dimension}, c.complete"
        )
    conn.execute("DROP TABLE temp._daily_cells")


_CELL_KEYS = ("day", "touchpoint", "segment", "channel", "source", "agent", "team", "complete")
_CELL_SELECT = (
    "substr(r.submitted_at, 1, 10) AS day, r.touchpoint, r.segment, r.channel, r.source,"
    " r.agent, r.team, r.complete"
)


def _cell_select(conn: sqlite3.Connection) -> str:
    # Migrations before 0007_agents rebuild the daily rows of a store with no agent column.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(responses)")}
    if "agent" in columns:
        return _CELL_SELECT
    return _CELL_SELECT.replace("r.agent, r.team", "NULL AS agent, NULL AS team")


def refresh_for_import(
    conn: sqlite3.Connection, import_id: int, days: Iterable[str | None] | None = None
) -> None:
    """Rebuild the daily rows and rollups of every day an import added responses to.

    `days`: those days (None for responses with no date), when the writer counted them;
    otherwise they are read from `responses`. The rollups are rebuilt first, in one pass
    over those days' responses; the daily rows are sums of their cells (every dimension
    but agent), and the agent rows, when the store names no agent, are the "all" rows: no
    second pass over the responses unless agents are named.
    """
    conn.execute("DROP TABLE IF EXISTS temp._daily_days")
    conn.execute("CREATE TEMP TABLE _daily_days (day TEXT)")
    if days is None:
        conn.execute(
            "INSERT INTO temp._daily_days SELECT DISTINCT substr(submitted_at, 1, 10)"
            " FROM responses WHERE import_id = ?",
            (import_id,),
        )
    else:
        conn.executemany("INSERT INTO temp._daily_days VALUES (?)", [(d,) for d in set(days)])
    low, high, undated = conn.execute(
        "SELECT min(day), max(day), count(*) - count(day) FROM temp._daily_days"
    ).fetchone()
    if low is not None or undated:
        dated = (
            "(r.submitted_at >= :low AND r.submitted_at < date(:high, '+1 day')"
            " AND substr(r.submitted_at, 1, 10) IN (SELECT day FROM temp._daily_days))"
        )
        condition = " OR ".join(
            ([dated] if low is not None else []) + (["r.submitted_at IS NULL"] if undated else [])
        )
        delete = "day IN (SELECT day FROM temp._daily_days)" + (
            " OR day IS NULL" if undated else ""
        )
        params: dict[str, object] = {"low": low, "high": high}
        if conn.execute("SELECT 1 FROM daily_scores LIMIT 1").fetchone() is None:
            # No daily rows yet: these are the store's first responses (every response is
            # in a day's rows), so every response is read without testing its day.
            condition, delete, params = "1", "1", {}
        conn.execute(f"DELETE FROM daily_scores WHERE {delete}")
        if rollups.has_tables(conn):
            rollups.rebuild(conn, condition, params, delete)
            _from_cells(conn, condition, params, delete)
        else:
            _rebuild(conn, condition, params)
    conn.execute("DROP TABLE temp._daily_days")


def _from_cells(
    conn: sqlite3.Connection, condition: str, params: dict[str, object], delete: str
) -> None:
    """The daily rows of the days matching `delete`, from their cell rollups just rebuilt
    (`condition`: the same days over `responses r`, for the agent rows)."""
    insert = f"INSERT INTO daily_scores ({', '.join(_COLUMNS)})"
    combine = combined_select("c")
    cells = f"daily_cells c WHERE ({delete})"
    conn.execute(
        f"{insert} SELECT c.day, 'all', NULL, c.complete, {combine} FROM {cells}"
        " GROUP BY c.day, c.complete"
    )
    # A dimension with one value (or only NULL) over these days has the "all" rows (copied).
    tests = ", ".join(
        f"min(c.{d}), max(c.{d}), count(c.{d}) IN (0, count(*))" for d in rollups.CELL_DIMENSIONS
    )
    found = conn.execute(f"SELECT {tests} FROM {cells}").fetchone()
    counts = ", ".join(_COLUMNS[4:])
    for i, dimension in enumerate(rollups.CELL_DIMENSIONS):
        low, high, uniform = found[3 * i : 3 * i + 3]
        if uniform and low == high:
            conn.execute(
                f"{insert} SELECT day, ?, ?, complete, {counts} FROM daily_scores"
                f" WHERE dimension = 'all' AND ({delete})",
                (dimension, low),
            )
            continue
        conn.execute(
            f"{insert} SELECT c.day, '{dimension}', c.{dimension}, c.complete, {combine}"
            f" FROM {cells} GROUP BY c.day, c.{dimension}, c.complete"
        )
    named = conn.execute("SELECT 1 FROM responses WHERE agent IS NOT NULL LIMIT 1").fetchone()
    if named is None:
        conn.execute(
            f"{insert} SELECT day, 'agent', NULL, complete, {counts} FROM daily_scores"
            f" WHERE dimension = 'all' AND ({delete})"
        )
        return
    aliases = ", ".join(alias for alias, _ in _base_columns())
    conn.execute(
        f"INSERT INTO daily_scores (day, dimension, value, complete, {aliases})"
        " SELECT substr(r.submitted_at, 1, 10), 'agent', r.agent, r.complete,"
        f" {base_select()} FROM responses r WHERE {condition} GROUP BY 1, 3, 4",
        params,
    )


def rebuild_all(conn: sqlite3.Connection) -> None:
    """Recompute every daily row from `responses`."""
    conn.execute("DELETE FROM daily_scores")
    _rebuild(conn, "1", {})
    rollups.rebuild(conn, "1", {}, "1")

"""Daily score counts: a derived table that answers the common filters without a full scan.

`daily_scores` holds, per UTC day and per value of one dimension (or "all"), the same
counts `aggregates` computes from `responses`. It is derived data: rebuilt for the days
an import touched, inside that import's transaction, and never edited by hand.
"""

from __future__ import annotations

import sqlite3

from csat_tui.scoring.sql import score_aggregates
from csat_tui.store.where import METRIC_COLUMNS

DIMENSIONS = ("touchpoint", "segment", "channel", "source")
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


def base_select() -> str:
    """The aggregates over `responses AS r`, aliased as the daily table's columns."""
    columns = [
        "count(*) AS responses",
        "min(r.submitted_at) AS first",
        "max(r.submitted_at) AS last",
    ]
    for metric in ("csat", "nps", "ces"):
        score, scale = METRIC_COLUMNS[metric]
        for alias, expression in score_aggregates(metric, score, scale):
            columns.append(f"{expression} AS {metric}_{alias}")
    return ", ".join(columns)


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
        "CREATE TEMP TABLE _daily_cells AS SELECT substr(r.submitted_at, 1, 10) AS day,"
        f" r.touchpoint, r.segment, r.channel, r.source, r.complete, {base_select()}"
        f" FROM responses r WHERE {day_condition} GROUP BY 1, 2, 3, 4, 5, 6",
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


def refresh_for_import(conn: sqlite3.Connection, import_id: int) -> None:
    """Rebuild the daily rows of every day an import added responses to."""
    conn.execute("DROP TABLE IF EXISTS temp._daily_days")
    conn.execute(
        "CREATE TEMP TABLE _daily_days AS SELECT DISTINCT substr(submitted_at, 1, 10) AS day"
        " FROM responses WHERE import_id = ?",
        (import_id,),
    )
    low, high, undated = conn.execute(
        "SELECT min(day), max(day), count(*) - count(day) FROM temp._daily_days"
    ).fetchone()
    if low is None and not undated:
        conn.execute("DROP TABLE temp._daily_days")
        return
    conn.execute(
        "DELETE FROM daily_scores WHERE day IN (SELECT day FROM temp._daily_days)"
        + (" OR day IS NULL" if undated else "")
    )
    dated = (
        "(r.submitted_at >= :low AND r.submitted_at < date(:high, '+1 day')"
        " AND substr(r.submitted_at, 1, 10) IN (SELECT day FROM temp._daily_days))"
    )
    condition = " OR ".join(
        ([dated] if low is not None else []) + (["r.submitted_at IS NULL"] if undated else [])
    )
    _rebuild(conn, condition, {"low": low, "high": high})
    conn.execute("DROP TABLE temp._daily_days")


def rebuild_all(conn: sqlite3.Connection) -> None:
    """Recompute every daily row from `responses`."""
    conn.execute("DELETE FROM daily_scores")
    _rebuild(conn, "1", {})

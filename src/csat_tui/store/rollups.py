"""Rollups beside the daily rows, for the filters `daily_scores` cannot answer.

- `daily_bands`: per UTC day, per value of one dimension (or "all"), per completeness and
  per the band each metric's answer falls in (low / neutral / high; '' when answered on a
  scale with no band rule; NULL when not answered). Every band and metric filter, alone or
  with dates, completeness and one dimension other than agent, is a sum of its rows.
- `daily_cells`: per UTC day and per combination of touchpoint, segment, channel, source,
  team and completeness. A filter on several of those dimensions at once is a sum of its rows.

Both hold the same counts as `daily_scores` (`daily.SUMMED`, `LOWEST`, `HIGHEST`). They are
derived data: rebuilt for the days an import touched, inside that import's transaction, from
one pass over those days' responses.
"""

from __future__ import annotations

import sqlite3

from csat_tui.scoring.scales import METRICS, Metric
from csat_tui.scoring.sql import in_band_sql

BAND_DIMENSIONS = ("touchpoint", "segment", "channel", "source", "team")
"""Dimensions `daily_bands` is split by (one at a time), besides "all". Not agent: with
hundreds of agents it would hold nearly a row per response; agent has its own index."""

CELL_DIMENSIONS = ("touchpoint", "segment", "channel", "source", "team")
"""Dimensions `daily_cells` combines."""

BAND_COLUMNS = tuple(f"{metric}_band" for metric in METRICS)

_COUNTS = (
    "responses INTEGER, csat_n INTEGER, csat_satisfied INTEGER, csat_total INTEGER,"
    " csat_low_n INTEGER, nps_n INTEGER, nps_promoters INTEGER, nps_detractors INTEGER,"
    " ces_n INTEGER, ces_total INTEGER, ces_easy INTEGER, ces_low_n INTEGER,"
    " first TEXT, csat_scale_min TEXT, last TEXT, csat_scale_max TEXT"
)

CREATE = (
    "CREATE TABLE daily_bands (day TEXT, dimension TEXT NOT NULL, value TEXT,"
    " complete INTEGER NOT NULL, csat_band TEXT, nps_band TEXT, ces_band TEXT, " + _COUNTS + ")",
    "CREATE INDEX idx_daily_bands ON daily_bands(dimension, value, day)",
    "CREATE TABLE daily_cells (day TEXT, touchpoint TEXT, segment TEXT, channel TEXT,"
    " source TEXT, team TEXT, complete INTEGER NOT NULL, " + _COUNTS + ")",
    "CREATE INDEX idx_daily_cells ON daily_cells(day)",
)

SCORE_ORDER_INDEXES = tuple(
    f"CREATE INDEX idx_responses_{metric}_order ON responses({metric}, id)"
    f" WHERE {metric} IS NOT NULL"
    for metric in METRICS
)
"""Serve paging by score: one index range per score value, newest (highest id) first."""

RESPONDENT_INDEX = (
    "DROP INDEX IF EXISTS idx_responses_respondent",
    "CREATE INDEX idx_responses_respondent ON responses"
    "(respondent, submitted_at, csat, csat_scale, nps)",
)
"""A respondent's history index, made covering: each respondent's answers in date order, read
without the table (comments, attributes), for the customers lists. Same name and first columns
as before (0004), so whatever used it still does, and imports still defer it."""

_SCORE = {"csat": ("r.csat", "r.csat_scale"), "nps": ("r.nps", "'0-10'"), "ces": ("r.ces", "'1-7'")}


def band_case(metric: Metric) -> str:
    """The band of a response's answer of `metric` as text: low / neutral / high, '' when
    its scale has no band rule, NULL when not answered."""
    score, scale = _SCORE[metric]
    tests = " ".join(
        f"WHEN {in_band_sql(metric, band, score, scale)} = 1 THEN '{band}'"
        for band in ("low", "neutral", "high")
    )
    return f"(CASE WHEN {score} IS NULL THEN NULL {tests} ELSE '' END)"


def has_tables(conn: sqlite3.Connection) -> bool:
    """Do the rollup tables exist (migrations before 0008 rebuild daily rows without them)."""
    found = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('daily_bands', 'daily_cells')"
    ).fetchone()[0]
    return bool(found == 2)


def _single_values(conn: sqlite3.Connection) -> dict[str, str | None]:
    """The band dimensions that hold one value (or only NULL) over `temp._rollup_cells`:
    dimension → that value."""
    tests = ", ".join(
        f"min(c.{d}), max(c.{d}), count(c.{d}) IN (0, count(*))" for d in BAND_DIMENSIONS
    )
    found = conn.execute(f"SELECT {tests} FROM temp._rollup_cells c").fetchone()
    single: dict[str, str | None] = {}
    for i, dimension in enumerate(BAND_DIMENSIONS):
        low, high, uniform = found[3 * i : 3 * i + 3]
        if uniform and low == high:
            single[dimension] = low
    return single


def rebuild(
    conn: sqlite3.Connection, day_condition: str, params: dict[str, object], delete: str
) -> None:
    """Recompute the rollup rows of the days matching `day_condition` (over `responses r`),
    after deleting the rows matching `delete` (over the rollup tables' `day`)."""
    if not has_tables(conn):
        return
    from csat_tui.store.daily import HIGHEST, LOWEST, SUMMED, base_select, combined_select

    conn.execute(f"DELETE FROM daily_bands WHERE {delete}", params)
    conn.execute(f"DELETE FROM daily_cells WHERE {delete}", params)
    conn.execute("DROP TABLE IF EXISTS temp._rollup_cells")
    bands = ", ".join(f"{band_case(m)} AS {m}_band" for m in METRICS)
    dims = ", ".join(f"r.{d} AS {d}" for d in CELL_DIMENSIONS)
    keys = len(CELL_DIMENSIONS) + len(METRICS) + 2
    conn.execute(
        f"CREATE TEMP TABLE _rollup_cells AS SELECT substr(r.submitted_at, 1, 10) AS day, {dims},"
        f" r.complete AS complete, {bands}, {base_select()} FROM responses r"
        f" WHERE {day_condition} GROUP BY {', '.join(str(i) for i in range(1, keys + 1))}",
        params,
    )
    counts = ", ".join((*SUMMED, *LOWEST, *HIGHEST))
    combine = combined_select("c")
    band_keys = ", ".join(f"c.{b}" for b in BAND_COLUMNS)
    band_insert = (
        f"INSERT INTO daily_bands (day, dimension, value, complete, "
        f"{', '.join(BAND_COLUMNS)}, {counts})"
    )
    # Each pass over the cells costs about as much as the responses behind them (nearly one
    # cell per response in a large import): a dimension with a single value over these days
    # has the rows of "all" (copied), and "all" is combined from the first split dimension.
    single = _single_values(conn)
    split = [d for d in BAND_DIMENSIONS if d not in single]
    for dimension in split:
        conn.execute(
            f"{band_insert} SELECT c.day, '{dimension}', c.{dimension}, c.complete, {band_keys},"
            f" {combine} FROM temp._rollup_cells c"
            f" GROUP BY c.day, c.{dimension}, c.complete, {band_keys}"
        )
    conn.execute("DROP TABLE IF EXISTS temp._rollup_all")
    source = "temp._rollup_cells c"
    if split:
        source = f"daily_bands c WHERE c.dimension = '{split[0]}' AND ({delete})"
    conn.execute(
        f"CREATE TEMP TABLE _rollup_all AS SELECT c.day AS day, c.complete AS complete,"
        f" {band_keys}, {combine} FROM {source} GROUP BY c.day, c.complete, {band_keys}",
        params,
    )
    kept = ", ".join((*BAND_COLUMNS, counts))
    for dimension, value in {"all": None, **single}.items():
        conn.execute(
            f"{band_insert} SELECT day, ?, ?, complete, {kept} FROM temp._rollup_all",
            (dimension, value),
        )
    conn.execute("DROP TABLE temp._rollup_all")
    cell_keys = ", ".join(f"c.{d}" for d in CELL_DIMENSIONS)
    conn.execute(
        f"INSERT INTO daily_cells (day, {', '.join(CELL_DIMENSIONS)}, complete, {counts})"
        f" SELECT c.day, {cell_keys}, c.complete, {combine} FROM temp._rollup_cells c"
        f" GROUP BY c.day, {cell_keys}, c.complete"
    )
    conn.execute("DROP TABLE temp._rollup_cells")

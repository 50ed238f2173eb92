"""Daily score counts: a derived table that answers the common filters without a full scan.

`daily_scores` holds, per UTC day and per value of one dimension (or "all"), the same
counts `aggregates` computes from `responses`. It is derived data: rebuilt for the days
an import touched, inside that import's transaction, and never edited by hand.

A day that had no responses before an import holds only that import's: `DailyCounts`
counts them in Python as the writer inserts them (a GROUP BY over a million rows costs
more than counting them on the way in), and only days that had responses before are
recomputed from `responses`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from csat_tui.scoring.scales import RULES
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


_COUNTED = (
    "responses", "first", "last",
    "csat_n", "csat_satisfied", "csat_total", "csat_low_n", "csat_scale_min", "csat_scale_max",
    "nps_n", "nps_promoters", "nps_detractors",
    "ces_n", "ces_total", "ces_easy", "ces_low_n",
)  # fmt: skip
"""The aggregates `DailyCounts` computes, in its cells' order."""
_SUMMED_AT = tuple(_COUNTED.index(name) for name in SUMMED)
_LOWEST_AT = tuple(_COUNTED.index(name) for name in LOWEST)
_HIGHEST_AT = tuple(_COUNTED.index(name) for name in HIGHEST)

_COUNTS_MATCH = tuple(alias for alias, _ in _base_columns()) == _COUNTED
"""False if the score aggregates change: then every day is recomputed in SQL (never wrong)."""


def _bands(metric: str) -> dict[str | None, tuple[int, int]]:
    # As `in_band_sql`: a metric on one scale only is banded whatever its scale column says.
    rules: dict[str | None, tuple[int, int]] = {
        scale: (rule.low_max, rule.high_min) for (m, scale), rule in RULES.items() if m == metric
    }
    return {None: next(iter(rules.values()))} if len(rules) == 1 else rules


def _combined(cells: list[list[Any]]) -> list[Any]:
    """Cells (in `_COUNTED` order) combined as `combined_select` combines daily rows, in its
    order: SUMMED (sums skip NULLs, and are NULL when all are), LOWEST, HIGHEST."""
    columns = list(zip(*cells, strict=True))
    out: list[Any] = []
    for i in _SUMMED_AT:
        values = [v for v in columns[i] if v is not None]
        out.append(sum(values) if values else None)
    for i in _LOWEST_AT:
        values = [v for v in columns[i] if v is not None]
        out.append(min(values) if values else None)
    for i in _HIGHEST_AT:
        values = [v for v in columns[i] if v is not None]
        out.append(max(values) if values else None)
    return out


MAX_CELLS = 100_000
"""Cells `DailyCounts` keeps (about 40 MB) before it gives up and leaves the days to SQL."""


class DailyCounts:
    """The daily cells (day × touchpoint × segment × channel × source × agent × team ×
    complete) of the responses an import inserts, counted as they go in; as `base_select`
    computes them."""

    def __init__(self, columns: Sequence[str]) -> None:
        """`columns`: the names of the fields in the rows `add` gets."""
        self._cells: dict[tuple[Any, ...], list[Any]] = {}
        """Keyed with '' for NULL, as the rows come."""
        self.overflowed = False
        """More than MAX_CELLS cells: nothing is counted any more."""
        self._at = columns.index("submitted_at")
        self._keys = [columns.index(name) for name in _CELL_KEYS[1:]]
        self._scores = [columns.index(name) for name in ("csat", "csat_scale", "nps", "ces")]
        self._csat = _bands("csat")
        self._nps = _bands("nps")[None]
        self._ces = _bands("ces")[None]

    def days(self) -> set[str | None]:
        """The days counted (None: responses with no date)."""
        return {key[0] or None for key in self._cells}

    def daily_rows(self, days: Iterable[str | None]) -> list[tuple[Any, ...]]:
        """The rows of `daily_scores` for these days, combined from their cells as
        `combined_select` combines them."""
        wanted = {day or "" for day in days}
        groups: dict[tuple[Any, ...], list[list[Any]]] = {}
        for key, cell in self._cells.items():
            day, complete = key[0], key[7]
            if day not in wanted:
                continue
            for dimension, value in zip(("all", *DIMENSIONS), (None, *key[1:7]), strict=True):
                group = (day or None, dimension, value or None, complete)
                found = groups.get(group)
                if found is None:
                    groups[group] = [cell]
                else:
                    found.append(cell)
        return [(*group, *_combined(cells)) for group, cells in groups.items()]

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        """Count inserted response rows, whose NULLs are '' (as the writer binds them)."""
        if self.overflowed:
            return
        if len(self._cells) > MAX_CELLS:
            self.overflowed = True
            self._cells = {}
            return
        cells = self._cells
        at_i = self._at
        tp_i, seg_i, ch_i, src_i, agent_i, team_i, complete_i = self._keys
        csat_i, scale_i, nps_i, ces_i = self._scores
        csat_bands = self._csat
        nps_low, nps_high = self._nps
        ces_low, ces_high = self._ces
        for row in rows:
            at = row[at_i]
            key = (at[:10], row[tp_i], row[seg_i], row[ch_i], row[src_i], row[agent_i],
                   row[team_i], row[complete_i])  # fmt: skip
            cell = cells.get(key)
            if cell is None:
                first = at or None
                cell = [0, first, first, 0, None, None, None, None, None, 0, None, None,
                        0, None, None, None]  # fmt: skip
                cells[key] = cell
            cell[0] += 1
            if at:  # the same day for the whole cell, so first and last are set
                if at > cell[2]:
                    cell[2] = at
                elif at < cell[1]:
                    cell[1] = at
            # SQL's sum() is NULL until a value is not: so is a cell's sum here.
            csat = row[csat_i]
            if csat != "":
                cell[3] += 1
                cell[5] = csat if cell[5] is None else cell[5] + csat
                scale = row[scale_i]
                band = csat_bands.get(scale)
                if band is not None:
                    high = 1 if csat >= band[1] else 0
                    cell[4] = high if cell[4] is None else cell[4] + high
                    low = 1 if csat <= band[0] else 0
                    cell[6] = low if cell[6] is None else cell[6] + low
                if scale:
                    if cell[7] is None or scale < cell[7]:
                        cell[7] = scale
                    if cell[8] is None or scale > cell[8]:
                        cell[8] = scale
            nps = row[nps_i]
            if nps != "":
                cell[9] += 1
                high = 1 if nps >= nps_high else 0
                cell[10] = high if cell[10] is None else cell[10] + high
                low = 1 if nps <= nps_low else 0
                cell[11] = low if cell[11] is None else cell[11] + low
            ces = row[ces_i]
            if ces != "":
                cell[12] += 1
                cell[13] = ces if cell[13] is None else cell[13] + ces
                high = 1 if ces >= ces_high else 0
                cell[14] = high if cell[14] is None else cell[14] + high
                low = 1 if ces <= ces_low else 0
                cell[15] = low if cell[15] is None else cell[15] + low


def refresh_for_import(
    conn: sqlite3.Connection, import_id: int, counted: DailyCounts | None = None
) -> None:
    """Rebuild the daily rows of every day an import added responses to.

    With `counted` (the import's own cells), the rows of days that had no responses before
    are combined from those cells; the other days are recomputed from `responses`.
    """
    conn.execute("DROP TABLE IF EXISTS temp._daily_days")
    conn.execute("CREATE TEMP TABLE _daily_days (day TEXT)")
    fresh: list[tuple[Any, ...]] = []
    if counted is None or counted.overflowed or not _COUNTS_MATCH:
        conn.execute(
            "INSERT INTO temp._daily_days SELECT DISTINCT substr(submitted_at, 1, 10)"
            " FROM responses WHERE import_id = ?",
            (import_id,),
        )
    else:
        # daily_scores has an "all" row for every day with responses, undated ones included.
        before = {day for (day,) in conn.execute(
            "SELECT DISTINCT day FROM daily_scores WHERE dimension = 'all' AND value IS NULL"
        )}  # fmt: skip
        days = counted.days()
        conn.executemany("INSERT INTO temp._daily_days VALUES (?)", [(d,) for d in days & before])
        fresh = counted.daily_rows(days - before)
    low, high, undated = conn.execute(
        "SELECT min(day), max(day), count(*) - count(day) FROM temp._daily_days"
    ).fetchone()
    if low is None and not undated:
        condition = "0"
    else:
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
    if condition != "0":
        _rebuild(conn, condition, {"low": low, "high": high})
    if fresh:
        marks = ", ".join("?" for _ in _COLUMNS)
        conn.executemany(
            f"INSERT INTO daily_scores ({', '.join(_COLUMNS)}) VALUES ({marks})", fresh
        )
        # The rollups are rebuilt in SQL for every day the import touched, new ones too.
        conn.executemany(
            "INSERT INTO temp._daily_days VALUES (?)", [(day,) for day in {row[0] for row in fresh}]
        )
    _refresh_rollups(conn)
    conn.execute("DROP TABLE temp._daily_days")


def _refresh_rollups(conn: sqlite3.Connection) -> None:
    """Rebuild the band and cell rollups of the days in `temp._daily_days`."""
    low, high, undated = conn.execute(
        "SELECT min(day), max(day), count(*) - count(day) FROM temp._daily_days"
    ).fetchone()
    if low is None and not undated:
        return
    dated = (
        "(r.submitted_at >= :low AND r.submitted_at < date(:high, '+1 day')"
        " AND substr(r.submitted_at, 1, 10) IN (SELECT day FROM temp._daily_days))"
    )
    condition = " OR ".join(
        ([dated] if low is not None else []) + (["r.submitted_at IS NULL"] if undated else [])
    )
    delete = "day IN (SELECT day FROM temp._daily_days)" + (" OR day IS NULL" if undated else "")
    rollups.rebuild(conn, condition, {"low": low, "high": high}, delete)


def rebuild_all(conn: sqlite3.Connection) -> None:
    """Recompute every daily row from `responses`."""
    conn.execute("DELETE FROM daily_scores")
    _rebuild(conn, "1", {})
    rollups.rebuild(conn, "1", {}, "1")

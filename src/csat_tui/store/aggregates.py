"""Score counts over a filter, computed in SQL, optionally grouped by a field or a period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from csat_tui.filters import Filter
from csat_tui.scoring.metrics import CesScore, CsatScore, NpsScore
from csat_tui.scoring.scales import Metric
from csat_tui.store import attribute_scores
from csat_tui.store.daily import DIMENSIONS, base_select, combined_select
from csat_tui.store.db import Store
from csat_tui.store.rollups import CELL_DIMENSIONS, cell_select, cells_by_bands
from csat_tui.store.where import (
    METRIC_COLUMNS,
    band_cells_where,
    bands_where,
    cells_where,
    daily_where,
    dates_where,
    where,
)

GroupBy = Literal[
    "touchpoint", "segment", "channel", "source", "agent", "team", "day", "week", "month"
]
GROUP_BYS: tuple[GroupBy, ...] = get_args(GroupBy)
ATTRIBUTE = "attribute:"
"""`attribute:KEY` groups by a kept column (a key of `attributes`)."""


def read_group_by(text: str) -> str:
    """A `--by` value checked: one of GROUP_BYS, or `attribute:KEY`; ValueError otherwise."""
    text = text.strip()
    if text in GROUP_BYS:
        return text
    if text.startswith(ATTRIBUTE) and text[len(ATTRIBUTE) :].strip():
        return ATTRIBUTE + text[len(ATTRIBUTE) :].strip()
    raise ValueError(
        f"cannot break down by {text!r}: use one of {', '.join(GROUP_BYS)}, or attribute:COLUMN"
    )


_GROUP_KEYS: dict[str, str] = {
    "touchpoint": "r.touchpoint",
    "segment": "r.segment",
    "channel": "r.channel",
    "source": "r.source",
    "agent": "r.agent",
    "team": "r.team",
    "day": "substr(r.submitted_at, 1, 10)",
    # The Monday that starts the (ISO) week.
    "week": "date(r.submitted_at, 'weekday 0', '-6 days')",
    "month": "substr(r.submitted_at, 1, 7)",
}


@dataclass(frozen=True, slots=True)
class ScoreCounts:
    """Every score's counts over one set of responses (the whole filter, or one group)."""

    key: str | None
    responses: int
    first_submitted_at: str | None
    last_submitted_at: str | None
    csat: CsatScore
    nps: NpsScore
    ces: CesScore


_SCORES_SELECT = base_select()
_DAILY_SELECT = combined_select("d")


def _counts(row: dict[str, Any], key: str | None) -> ScoreCounts:
    def v(name: str) -> int:
        return int(row[name] or 0)

    scale_min, scale_max = row["csat_scale_min"], row["csat_scale_max"]
    return ScoreCounts(
        key=key,
        responses=v("responses"),
        first_submitted_at=row["first"],
        last_submitted_at=row["last"],
        csat=CsatScore(
            v("csat_n"),
            v("csat_satisfied"),
            v("csat_total"),
            v("csat_low_n"),
            scale_min if scale_min == scale_max else None,
        ),
        nps=NpsScore(v("nps_n"), v("nps_promoters"), v("nps_detractors")),
        ces=CesScore(v("ces_n"), v("ces_total"), v("ces_easy"), v("ces_low_n")),
    )


_DAILY_KEYS: dict[str, str] = {
    "touchpoint": "d.value",
    "segment": "d.value",
    "channel": "d.value",
    "source": "d.value",
    "agent": "d.value",
    "team": "d.value",
    "day": "d.day",
    "week": "date(d.day, 'weekday 0', '-6 days')",
    "month": "substr(d.day, 1, 7)",
}


_PERIODS = ("day", "week", "month")


_CELL_SELECT = cell_select("d")


def _rollup(flt: Filter, by: str | None) -> tuple[str, str, str, str, dict[str, Any]] | None:
    """(table, key, select, condition, params) over a rollup beside the daily rows that
    answers the filter exactly: `daily_bands` for band and metric filters with no dimension,
    `daily_band_cells` for those with dimensions, `daily_cells` for several dimensions at
    once; None when none can."""
    if by is not None and by not in _PERIODS and by not in CELL_DIMENSIONS:
        return None
    key = f"d.{by}" if by in CELL_DIMENSIONS else _DAILY_KEYS.get(by or "", "NULL")
    split = by if by in CELL_DIMENSIONS else None
    bands = bands_where(flt, split)
    if bands is not None:
        return "daily_bands d", key, _DAILY_SELECT, *bands
    band_cells = band_cells_where(flt, split)
    if band_cells is not None:
        condition, params = band_cells
        summed = f"({cells_by_bands(key, condition)}) d"
        return summed, "d.key" if by else "NULL", _CELL_SELECT, "1", params
    cells = cells_where(flt)
    if cells is None:
        return None
    return "daily_cells d", key, _DAILY_SELECT, *cells


def _query(flt: Filter, by: str | None, use_daily: bool) -> tuple[str, dict[str, Any]]:
    """The SQL for counts, read from `daily_scores` when it can answer the filter exactly."""
    attribute = by[len(ATTRIBUTE) :] if by and by.startswith(ATTRIBUTE) else None
    daily = None
    if use_daily and attribute is None:
        daily = daily_where(flt, by if by in DIMENSIONS else None)
    rollup = _rollup(flt, by) if use_daily and attribute is None and daily is None else None
    if daily is not None:
        condition, params = daily
        key = _DAILY_KEYS.get(by or "", "NULL")
        table, select = "daily_scores d", _DAILY_SELECT
    elif rollup is not None:
        table, key, select, condition, params = rollup
    else:
        condition, params = where(flt)
        if attribute is not None:
            # Every response's value of that column, long ones too; none without it.
            params["by_key"] = attribute
            key = attribute_scores.KEY_SQL
        else:
            key = _GROUP_KEYS.get(by or "", "NULL")
        table, select = "responses r", _SCORES_SELECT
    group = " GROUP BY 1 ORDER BY 1" if by else ""
    return f"SELECT {key} AS key, {select} FROM {table} WHERE {condition}{group}", params


def _attribute_query(store: Store, flt: Filter, key: str) -> tuple[str, dict[str, Any]] | None:
    """The SQL for counts per value of kept column `key` over `attribute_scores`, when the
    filter names only dates (and complete-only) and those rows are up to date."""
    dates = dates_where(flt)
    if dates is None or not attribute_scores.ready(store, key):
        return None
    condition, params = dates
    sql = (
        f"SELECT d.value AS key, {_DAILY_SELECT} FROM attribute_scores d"
        f" WHERE d.key = :by_key AND {condition} GROUP BY 1 ORDER BY 1"
    )
    return sql, {**params, "by_key": key}


def score_counts(store: Store, flt: Filter, *, use_daily: bool = True) -> ScoreCounts:
    """Counts behind every score for the responses the filter lets through."""
    sql, params = _query(flt, None, use_daily)
    return _counts(next(store.db.query(sql, params)), None)


def score_counts_by(
    store: Store, flt: Filter, by: str, *, use_daily: bool = True
) -> list[ScoreCounts]:
    """The same counts per group (touchpoint, segment, agent… day, week, month, or
    `attribute:KEY`), in key order; `by` as `read_group_by` returns it."""
    counted = None
    if use_daily and by.startswith(ATTRIBUTE):
        counted = _attribute_query(store, flt, by[len(ATTRIBUTE) :])
    sql, params = counted or _query(flt, by, use_daily)
    return [_counts(row, row["key"]) for row in store.db.query(sql, params)]


_FIXED_SCALES: dict[Metric, str] = {"nps": "0-10", "ces": "1-7"}
_MOST_PAIRS = 120
"""Above this many (scale, score) columns, the distribution is grouped instead."""


def _score_pairs(store: Store, metric: Metric) -> list[tuple[str, int]] | None:
    """Every (scale, score) the store's answers of `metric` can have, from the scales the
    daily rows saw (None when a scale is not "low-high" or there would be too many)."""
    if metric in _FIXED_SCALES:
        scales = {_FIXED_SCALES[metric]}
    else:
        scales = {
            scale
            for (scale,) in store.conn.execute(
                "SELECT csat_scale_min FROM daily_scores WHERE dimension = 'all'"
                " UNION SELECT csat_scale_max FROM daily_scores WHERE dimension = 'all'"
            )
            if scale is not None
        }
    pairs: list[tuple[str, int]] = []
    for scale in sorted(scales):
        low, _, high = scale.partition("-")
        if not (low.isdigit() and high.isdigit()) or int(high) - int(low) > _MOST_PAIRS:
            return None
        pairs += [(scale, score) for score in range(int(low), int(high) + 1)]
    return pairs if len(pairs) <= _MOST_PAIRS else None


def distribution(store: Store, flt: Filter, metric: Metric) -> list[tuple[str, int, int]]:
    """How many responses gave each score of a metric: (scale, score, count), by scale and score."""
    condition, params = where(flt)
    score, scale = METRIC_COLUMNS[metric]
    # The score's own index (`idx_responses_{metric}_order`) serves the whole store when the
    # scale is fixed (NPS, CES). Otherwise it would mean a table read per answer (1M at 1M):
    # `+` keeps SQLite off it, so the filter's index, or the covering idx_responses_scores,
    # is read instead.
    answered = (
        f"{score} IS NOT NULL" if condition == "1" and metric != "csat" else f"+{score} IS NOT NULL"
    )
    pairs = _score_pairs(store, metric)
    if pairs is not None:
        # One count per possible (scale, score) in a single pass: no sort of every answer
        # (GROUP BY sorts them: 0.5 s of 1M). The total tells whether every answer was one
        # of those; if not, the grouped query below answers.
        names = {f"dist_scale{i}": pair[0] for i, pair in enumerate(pairs)}
        columns = "".join(
            f", count(*) FILTER (WHERE {scale} = :dist_scale{i} AND {score} = {value})"
            for i, (_, value) in enumerate(pairs)
        )
        counts = store.conn.execute(
            f"SELECT count(*){columns} FROM responses r WHERE {condition} AND {answered}",
            {**params, **names},
        ).fetchone()
        if counts[0] == sum(counts[1:]):
            return [(s, v, n) for (s, v), n in zip(pairs, counts[1:], strict=True) if n]
    sql = (
        f"SELECT {scale} AS scale, {score} AS score, count(*) AS n FROM responses r"
        f" WHERE {condition} AND {answered} GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return [(row["scale"], row["score"], row["n"]) for row in store.db.query(sql, params)]

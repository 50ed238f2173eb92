"""Per-group answers of a metric in a period, and a group's responses and comments, for `explain`.

The dimensions a change can be taken apart by are listed once, in `DIMENSIONS`: each names
its SQL key over `responses AS r` and the `Filter` field that narrows to one of its values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from csat_tui.errors import FilterError
from csat_tui.filters import Filter
from csat_tui.scoring.scales import Metric
from csat_tui.store import attribute_scores
from csat_tui.store.aggregates import ATTRIBUTE
from csat_tui.store.browse import ROW_SELECT, ResponseRow, response_row
from csat_tui.store.daily import DIMENSIONS as DAILY_DIMENSIONS
from csat_tui.store.db import Store
from csat_tui.store.where import METRIC_COLUMNS, band_sql, daily_where, dates_where, where


@dataclass(frozen=True, slots=True)
class Dimension:
    """A field a change can be taken apart by."""

    name: str
    key_sql: str
    """The group's key as an SQL expression over `responses AS r` (never from user input)."""
    filter_field: str | None
    """The `Filter` field (a tuple of values) that narrows to one group, if there is one."""
    params: tuple[tuple[str, str], ...] = ()
    """Values bound for `key_sql` (the column name of `attribute:KEY`)."""


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("touchpoint", "r.touchpoint", "touchpoints"),
    Dimension("segment", "r.segment", "segments"),
    Dimension("channel", "r.channel", "channels"),
    Dimension("source", "r.source", "sources"),
    Dimension("agent", "r.agent", "agents"),
    Dimension("team", "r.team", "teams"),
)
"""Every dimension `explain` knows, in the order it tries them (agent, team: one line each)."""

DIMENSION_NAMES: tuple[str, ...] = tuple(d.name for d in DIMENSIONS)


def dimension(name: str) -> Dimension:
    """The dimension called `name` (or `attribute:KEY`, a kept column); FilterError (a usage
    error) when there is none."""
    for d in DIMENSIONS:
        if d.name == name:
            return d
    column = name[len(ATTRIBUTE) :].strip() if name.startswith(ATTRIBUTE) else ""
    if column:
        return Dimension(
            f"{ATTRIBUTE}{column}", attribute_scores.KEY_SQL, None, (("by_key", column),)
        )
    raise FilterError(
        f"cannot explain by {name!r}: use one of {', '.join(DIMENSION_NAMES)} or attribute:COLUMN"
    )


@dataclass(frozen=True, slots=True)
class GroupAnswers:
    """A group's answers of one metric in one period: how many, how many high and low."""

    key: str | None
    n: int
    high: int
    """Satisfied (CSAT) or promoters (NPS)."""
    low: int
    """Low CSAT answers, or NPS detractors."""


def _from_daily(
    store: Store, flt: Filter, metric: Metric, dim: Dimension
) -> list[GroupAnswers] | None:
    if dim.name not in DAILY_DIMENSIONS or metric == "ces":
        return None
    found = daily_where(flt, dim.name)
    if found is None:
        return None
    condition, params = found
    high, low = ("satisfied", "low_n") if metric == "csat" else ("promoters", "detractors")
    sql = (
        f"SELECT d.value AS key, sum(d.{metric}_n) AS n, sum(d.{metric}_{high}) AS high,"
        f" sum(d.{metric}_{low}) AS low FROM daily_scores d WHERE {condition} GROUP BY 1"
    )
    return _answers(store.db.query(sql, params))


_HIGH_LOW = {
    "csat": ("satisfied", "low_n"),
    "nps": ("promoters", "detractors"),
    "ces": ("easy", "low_n"),
}
"""Each metric's high and low band counts among the daily columns."""


def _from_attribute_scores(
    store: Store, flt: Filter, metric: Metric, dim: Dimension
) -> list[GroupAnswers] | None:
    if not dim.name.startswith(ATTRIBUTE):
        return None
    key = dict(dim.params)["by_key"]
    dates = dates_where(flt)
    if dates is None or not attribute_scores.ready(store, key):
        return None
    condition, params = dates
    high, low = _HIGH_LOW[metric]
    sql = (
        f"SELECT d.value AS key, sum(d.{metric}_n) AS n, sum(d.{metric}_{high}) AS high,"
        f" sum(d.{metric}_{low}) AS low FROM attribute_scores d"
        f" WHERE d.key = :by_key AND {condition} GROUP BY 1"
    )
    return _answers(store.db.query(sql, {**params, "by_key": key}))


def _answers(rows: Iterator[dict[str, Any]]) -> list[GroupAnswers]:
    out = [
        GroupAnswers(row["key"], int(row["n"] or 0), int(row["high"] or 0), int(row["low"] or 0))
        for row in rows
    ]
    return [g for g in out if g.n > 0]


def group_answers(store: Store, flt: Filter, metric: Metric, name: str) -> list[GroupAnswers]:
    """Per group of dimension `name`, the answers of `metric` the filter lets through.

    Read from the daily table when it answers the filter exactly, else from responses.
    Groups without an answer of the metric are left out; the key None is "no value".
    """
    dim = dimension(name)
    daily = _from_daily(store, flt, metric, dim)
    if daily is None:
        daily = _from_attribute_scores(store, flt, metric, dim)
    if daily is not None:
        return daily
    condition, params = where(flt)
    params = {**params, **dict(dim.params)}
    score = METRIC_COLUMNS[metric][0]
    sql = (
        f"SELECT {dim.key_sql} AS key, count({score}) AS n,"
        f" sum({band_sql(metric, 'high')}) AS high, sum({band_sql(metric, 'low')}) AS low"
        f" FROM responses r WHERE ({condition}) GROUP BY 1"
    )
    return _answers(store.db.query(sql, params))


def _in_group(dim: Dimension, params: dict[str, Any], key: str | None) -> str:
    params.update(dim.params)
    params["group_key"] = key
    return f"{dim.key_sql} IS :group_key"


def group_rows(
    store: Store, flt: Filter, metric: Metric, name: str, key: str | None, limit: int = 200
) -> list[ResponseRow]:
    """A group's responses that answered `metric`, lowest score first.

    Among equal scores, those with a comment come first (they say why), then the newest.
    """
    dim = dimension(name)
    condition, params = where(flt)
    score = METRIC_COLUMNS[metric][0]
    params = {**params, "limit": limit}
    sql = (
        f"{ROW_SELECT} WHERE ({condition}) AND {_in_group(dim, params, key)}"
        f" AND {score} IS NOT NULL ORDER BY {score} ASC,"
        " (r.comment IS NULL OR trim(r.comment) = '') ASC, r.submitted_at DESC, r.id DESC"
        " LIMIT :limit"
    )
    return [response_row(row) for row in store.db.query(sql, params)]


def group_comments(store: Store, flt: Filter, name: str, key: str | None) -> Iterator[str]:
    """The non-empty comments of a group's responses within the filter, streamed."""
    dim = dimension(name)
    condition, params = where(flt)
    sql = (
        f"SELECT r.comment FROM responses r WHERE ({condition})"
        f" AND {_in_group(dim, params, key)}"
        " AND r.comment IS NOT NULL AND trim(r.comment) != ''"
    )
    for (comment,) in store.conn.execute(sql, params):
        yield comment

"""The one place a `Filter` becomes SQL: a WHERE clause over `responses AS r`.

Column names come from a fixed whitelist here; values only ever travel as named
parameters, never inside the SQL text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from csat_tui.filters import Filter
from csat_tui.scoring.scales import METRICS, Band, Metric
from csat_tui.scoring.sql import in_band_sql
from csat_tui.store.attribute_index import MAX_VALUE
from csat_tui.text_search import parse_query

METRIC_COLUMNS: dict[Metric, tuple[str, str]] = {
    "csat": ("r.csat", "r.csat_scale"),
    "nps": ("r.nps", "'0-10'"),
    "ces": ("r.ces", "'1-7'"),
}
"""Each metric's (score, scale) columns on `responses` (its first answer of that metric)."""

_LIST_FIELDS = (
    ("touchpoints", "r.touchpoint"),
    ("segments", "r.segment"),
    ("channels", "r.channel"),
    ("sources", "r.source"),
    ("agents", "r.agent"),
    ("teams", "r.team"),
)


class _Params:
    """Names each bound value uniquely: p0, p1…"""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"

    def many(self, values: tuple[str, ...]) -> str:
        return ", ".join(self.add(v) for v in values)


def band_sql(metric: Metric, band: Band) -> str:
    """Is the response's answer of `metric` in `band` (1/0/NULL)."""
    score, scale = METRIC_COLUMNS[metric]
    return in_band_sql(metric, band, score, scale)


def where(flt: Filter) -> tuple[str, dict[str, Any]]:
    """The filter as `(sql, params)`: a boolean SQL expression over `responses AS r`."""
    params = _Params()
    clauses: list[str] = []
    for name, column in _LIST_FIELDS:
        values: tuple[str, ...] = getattr(flt, name)
        if values:
            clauses.append(f"{column} IN ({params.many(values)})")
    if flt.since:
        clauses.append(f"r.submitted_at >= {params.add(flt.since.isoformat())}")
    if flt.until:
        # Dates are whole UTC days: until 2026-10-31 means before 2026-11-01T00:00:00Z.
        clauses.append(
            f"r.submitted_at < {params.add((flt.until + timedelta(days=1)).isoformat())}"
        )
    if flt.metric:
        clauses.append(f"{METRIC_COLUMNS[flt.metric][0]} IS NOT NULL")
    if flt.band:
        metrics = (flt.metric,) if flt.metric else METRICS
        clauses.append("(" + " OR ".join(f"{band_sql(m, flt.band)} = 1" for m in metrics) + ")")
    if flt.complete_only:
        clauses.append("r.complete = 1")
    if flt.tags:
        clauses.append(
            "EXISTS (SELECT 1 FROM response_tags rt JOIN tags t ON t.id = rt.tag_id"
            f" WHERE rt.response_id = r.id AND t.name COLLATE NOCASE IN ({params.many(flt.tags)}))"
        )
    if flt.followups:
        statuses = tuple(s for s in flt.followups if s != "none")
        options = []
        if statuses:
            options.append(
                "EXISTS (SELECT 1 FROM followups f WHERE f.response_id = r.id"
                f" AND f.status IN ({params.many(statuses)}))"
            )
        if "none" in flt.followups:
            options.append("NOT EXISTS (SELECT 1 FROM followups f WHERE f.response_id = r.id)")
        clauses.append("(" + " OR ".join(options) + ")")
    if flt.text:
        query = parse_query(flt.text)
        index = "SELECT rowid FROM comment_index WHERE comment_index MATCH"
        if query.include:
            clauses.append(f"r.id IN ({index} {params.add(query.match_include())})")
        if query.exclude:
            clauses.append(f"r.id NOT IN ({index} {params.add(query.match_exclude())})")
        if query.is_empty and flt.text.strip():
            # Nothing the index holds (emoji, punctuation): look for the text itself.
            clauses.append(f"instr(r.comment, {params.add(flt.text.strip())}) > 0")
    for key, values in flt.where_by_key().items():
        clauses.append(_attribute_sql(key, values, params))
    return (" AND ".join(clauses) if clauses else "1"), params.values


def _attribute_sql(key: str, values: tuple[str, ...], params: _Params) -> str:
    """Is the response's kept column `key` one of `values`: read from the attribute index,
    or from `attributes` itself for a value too long for the index."""
    short = tuple(v for v in values if len(v) <= MAX_VALUE)
    long = tuple(v for v in values if len(v) > MAX_VALUE)
    name = params.add(key)
    options = []
    if short:
        options.append(
            "r.id IN (SELECT a.response_id FROM response_attributes a"
            f" WHERE a.key = {name} AND a.value IN ({params.many(short)}))"
        )
    if long:
        options.append(
            "EXISTS (SELECT 1 FROM json_each(r.attributes) j"
            f" WHERE j.key = {name} AND j.value IN ({params.many(long)}))"
        )
    return "(" + " OR ".join(options) + ")"


_DIMENSION_OF = {"touchpoints": "touchpoint", "segments": "segment", "channels": "channel",
                 "sources": "source", "agents": "agent", "teams": "team"}  # fmt: skip


def daily_where(flt: Filter, split_by: str | None) -> tuple[str, dict[str, Any]] | None:
    """The filter over `daily_scores AS d`, when those rows can answer it exactly.

    They can when the filter uses at most one of touchpoint/segment/channel/source/agent/team
    (and `split_by`, a dimension to group by, is that one), dates, and complete-only.
    Returns None otherwise: the caller then reads `responses`.
    """
    if flt.metric or flt.band or flt.tags or flt.followups or flt.text or flt.where:
        return None
    used = [(dimension, getattr(flt, name)) for name, dimension in _DIMENSION_OF.items()
            if getattr(flt, name)]  # fmt: skip
    if len(used) > 1 or (used and split_by and used[0][0] != split_by):
        return None
    dimension = split_by or (used[0][0] if used else "all")
    params = _Params()
    clauses = [f"d.dimension = {params.add(dimension)}"]
    if used:
        clauses.append(f"d.value IN ({params.many(used[0][1])})")
    _rollup_dates(flt, params, clauses)
    return " AND ".join(clauses), params.values


_BAND_DIMENSIONS = ("touchpoint", "segment", "channel", "source", "team")
"""As `rollups.CELL_DIMENSIONS` (kept here so this module imports no store code)."""


def _rollup_dates(
    flt: Filter, params: _Params, clauses: list[str], complete: str = "d.complete = 1"
) -> None:
    """The filter's dates and complete-only over a rollup `d` (`complete`: the test of
    completeness in that rollup)."""
    if flt.since:
        clauses.append(f"d.day >= {params.add(flt.since.isoformat())}")
    if flt.until:
        clauses.append(f"d.day <= {params.add(flt.until.isoformat())}")
    if flt.complete_only:
        clauses.append(complete)


BAND_SHIFTS: dict[Metric, int] = {"csat": 6, "nps": 3, "ces": 0}
"""Where each metric's band code sits in a band cell's `bands` (3 bits each); its
completeness is `bands >> 9`."""
BAND_CODES: dict[str, int] = {"low": 0, "neutral": 1, "high": 2, "": 3}
"""A band's code in `bands`; 4 is "not answered"."""


def band_code_sql(table: str, metric: Metric) -> str:
    """The code of a metric's band in the `bands` of a band cell `table`."""
    return f"(({table}.bands >> {BAND_SHIFTS[metric]}) & 7)"


def _band_clauses(flt: Filter, clauses: list[str], table: str) -> None:
    """The metric and band of the filter over a band cell `table`."""
    metrics = (flt.metric,) if flt.metric else METRICS
    if flt.metric:
        clauses.append(f"{band_code_sql(table, flt.metric)} < 4")
    if flt.band:
        code = BAND_CODES[flt.band]
        clauses.append(
            "(" + " OR ".join(f"{band_code_sql(table, m)} = {code}" for m in metrics) + ")"
        )


def bands_where(flt: Filter, split_by: str | None) -> tuple[str, dict[str, Any]] | None:
    """The filter over `daily_bands AS d` (its "all" rows), when those rows can answer it
    exactly: a band and/or a metric, dates and complete-only, and no dimension (neither
    in the filter nor `split_by`). Returns None otherwise (`band_cells_where` answers with
    one dimension)."""
    if not (flt.metric or flt.band) or flt.tags or flt.followups or flt.text or flt.where:
        return None
    if split_by or any(getattr(flt, name) for name in _DIMENSION_OF):
        return None
    params = _Params()
    clauses = ["d.dimension = 'all'"]
    if flt.metric:
        clauses.append(f"d.{flt.metric}_band IS NOT NULL")
    if flt.band:
        band = params.add(flt.band)
        metrics = (flt.metric,) if flt.metric else METRICS
        clauses.append("(" + " OR ".join(f"d.{m}_band = {band}" for m in metrics) + ")")
    _rollup_dates(flt, params, clauses)
    return " AND ".join(clauses), params.values


def band_cells_where(flt: Filter, split_by: str | None) -> tuple[str, dict[str, Any]] | None:
    """The filter over `daily_band_cells AS d`, when those rows can answer it exactly.

    They can when the filter uses a band and/or a metric, any of touchpoint, segment,
    channel, source and team (and `split_by`, a dimension to group by, is one of those or
    None), dates and complete-only. Returns None otherwise.
    """
    if not (flt.metric or flt.band) or flt.tags or flt.followups or flt.text or flt.where:
        return None
    if flt.agents or (split_by is not None and split_by not in _BAND_DIMENSIONS):
        return None
    params = _Params()
    clauses: list[str] = []
    _dimension_clauses(flt, params, clauses)
    _band_clauses(flt, clauses, "d")
    _rollup_dates(flt, params, clauses, complete="(d.bands >> 9) = 1")
    return (" AND ".join(clauses) if clauses else "1"), params.values


def _dimension_clauses(flt: Filter, params: _Params, clauses: list[str]) -> None:
    for name, dimension in _DIMENSION_OF.items():
        values: tuple[str, ...] = getattr(flt, name)
        if values:
            clauses.append(f"d.{dimension} IN ({params.many(values)})")


def dates_where(flt: Filter) -> tuple[str, dict[str, Any]] | None:
    """The filter over a per-day table `d` (day, complete), when it names nothing but dates
    and complete-only (the `attribute_scores` rows); None otherwise."""
    if replace(flt, since=None, until=None, complete_only=False) != Filter():
        return None
    params = _Params()
    clauses: list[str] = []
    _rollup_dates(flt, params, clauses)
    return (" AND ".join(clauses) if clauses else "1"), params.values


def cells_where(flt: Filter) -> tuple[str, dict[str, Any]] | None:
    """The filter over `daily_cells AS d`, when those rows can answer it exactly: any of
    touchpoint, segment, channel, source and team together, dates and complete-only."""
    if flt.metric or flt.band or flt.tags or flt.followups or flt.text or flt.where:
        return None
    if flt.agents:
        return None
    params = _Params()
    clauses: list[str] = []
    _dimension_clauses(flt, params, clauses)
    _rollup_dates(flt, params, clauses)
    return (" AND ".join(clauses) if clauses else "1"), params.values

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

from csat_tui.scoring.scales import METRICS, RULES, Metric
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

BAND_CODES: dict[int, str | None] = {0: "low", 1: "neutral", 2: "high", 3: "", 4: None}
"""A band as the number a build sorts by: low, neutral, high, '' (answered on a scale with no
band rule), not answered."""


def band_code(metric: Metric) -> str:
    """The band of a response's answer of `metric` as its number in BAND_CODES, from the
    same rules as `in_band_sql`: (score above the low band) + (score in the high band)."""
    score, scale = _SCORE[metric]
    rules = [(s, r.low_max, r.high_min) for (m, s), r in RULES.items() if m == metric]
    if len(rules) == 1:
        # One scale only (NPS, CES): no need to look at the scale column.
        _, low_max, high_min = rules[0]
        return f"coalesce(({score} > {low_max}) + ({score} >= {high_min}), 4)"
    cases = " ".join(
        f"WHEN '{name}' THEN coalesce(({score} > {low_max}) + ({score} >= {high_min}), 4)"
        for name, low_max, high_min in rules
    )
    return f"(CASE {scale} {cases} ELSE (CASE WHEN {score} IS NULL THEN 4 ELSE 3 END) END)"


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


_SHIFTS: dict[Metric, int] = {"csat": 6, "nps": 3, "ces": 0}
"""Where each metric's band code sits in a cell's `bands` (3 bits each; completeness above)."""


def _code(bands: str, metric: Metric) -> str:
    return f"(({bands} >> {_SHIFTS[metric]}) & 7)"


def _band_text(bands: str, metric: Metric) -> str:
    names = " ".join(f"WHEN {c} THEN '{b}'" for c, b in BAND_CODES.items() if b is not None)
    return f"(CASE {_code(bands, metric)} {names} END)"


def _counts(bands: str, n: str) -> dict[str, str]:
    """The counts of `daily.SUMMED` a band's answers decide, for `n` responses whose bands
    are `bands`: as the daily rows' own sums give them (NULL, not 0, where no answer of the
    metric has a band rule)."""

    def of(metric: Metric, code: int) -> str:
        # n when in that band, 0 in another band, NULL with no band (none or no rule).
        return f"(CASE {_code(bands, metric)} WHEN {code} THEN {n} WHEN 0 THEN 0 WHEN 1 THEN 0 WHEN 2 THEN 0 END)"

    def answered(metric: Metric) -> str:
        return f"(CASE WHEN {_code(bands, metric)} < 4 THEN {n} ELSE 0 END)"

    return {
        "csat_n": answered("csat"),
        "csat_satisfied": of("csat", 2),
        "csat_low_n": of("csat", 0),
        "nps_n": answered("nps"),
        "nps_promoters": of("nps", 2),
        "nps_detractors": of("nps", 0),
        "ces_n": answered("ces"),
        "ces_easy": of("ces", 2),
        "ces_low_n": of("ces", 0),
    }


def _combined(decided: dict[str, str], *, aliased: bool = False) -> str:
    """Every count of a daily row over cells `c`: `decided` (column → expression), the
    others summed (or their lowest and highest taken) from the cells."""
    from csat_tui.store.daily import HIGHEST, LOWEST, SUMMED

    parts = [(c, decided.get(c) or f"sum(c.{c})") for c in SUMMED]
    parts += [(c, f"min(c.{c})") for c in LOWEST] + [(c, f"max(c.{c})") for c in HIGHEST]
    return ", ".join(f"{e} AS {c}" if aliased else e for c, e in parts)


def _cells_select(day_condition: str) -> str:
    """One pass over the responses: a row per day, completeness, band of each metric and
    value of every cell dimension, with only the aggregates the bands do not decide."""
    bands = "((r.complete * 8 + {}) * 8 + {}) * 8 + {}".format(
        *(band_code(m) for m in METRICS)
    )
    dims = ", ".join(f"r.{d} AS {d}" for d in CELL_DIMENSIONS)
    keys = ", ".join(str(i) for i in range(1, len(CELL_DIMENSIONS) + 3))
    return (
        f"SELECT substr(r.submitted_at, 1, 10) AS day, {bands} AS bands, {dims},"
        " count(*) AS responses, sum(r.csat) AS csat_total, sum(r.ces) AS ces_total,"
        " min(r.submitted_at) AS first, min(r.csat_scale) AS csat_scale_min,"
        " max(r.submitted_at) AS last, max(r.csat_scale) AS csat_scale_max"
        f" FROM responses r WHERE {day_condition} GROUP BY {keys}"
    )


def rebuild(
    conn: sqlite3.Connection, day_condition: str, params: dict[str, object], delete: str
) -> None:
    """Recompute the rollup rows of the days matching `day_condition` (over `responses r`),
    after deleting the rows matching `delete` (over the rollup tables' `day`)."""
    if not has_tables(conn):
        return
    from csat_tui.store.daily import HIGHEST, LOWEST, SUMMED, combined_select

    conn.execute(f"DELETE FROM daily_bands WHERE {delete}", params)
    conn.execute(f"DELETE FROM daily_cells WHERE {delete}", params)
    conn.execute("DROP TABLE IF EXISTS temp._rollup_cells")
    conn.execute(f"CREATE TEMP TABLE _rollup_cells AS {_cells_select(day_condition)}", params)
    counts = ", ".join((*SUMMED, *LOWEST, *HIGHEST))
    band_insert = (
        f"INSERT INTO daily_bands (day, dimension, value, complete, "
        f"{', '.join(BAND_COLUMNS)}, {counts})"
    )
    # A band row's counts: its responses and the sums of its cells; the rest follow from
    # its bands.
    band_counts = _combined(_counts("c.bands", "sum(c.responses)"))
    band_texts = ", ".join(_band_text("c.bands", m) for m in METRICS)
    # Each pass over the cells costs about as much as the responses behind them (nearly one
    # cell per response in a large import): a dimension with a single value over these days
    # has the rows of "all" (copied), and "all" is combined from the first split dimension.
    single = _single_values(conn)
    split = [d for d in BAND_DIMENSIONS if d not in single]
    for dimension in split:
        conn.execute(
            f"{band_insert} SELECT c.day, '{dimension}', c.{dimension}, c.bands >> 9,"
            f" {band_texts}, {band_counts} FROM temp._rollup_cells c"
            f" GROUP BY c.day, c.bands, c.{dimension}"
        )
    band_keys = ", ".join(f"c.{b}" for b in BAND_COLUMNS)
    combine = combined_select("c")
    conn.execute("DROP TABLE IF EXISTS temp._rollup_all")
    if split:
        conn.execute(
            f"CREATE TEMP TABLE _rollup_all AS SELECT c.day AS day, c.complete AS complete,"
            f" {band_keys}, {combine} FROM daily_bands c"
            f" WHERE c.dimension = '{split[0]}' AND ({delete})"
            f" GROUP BY c.day, c.complete, {band_keys}",
            params,
        )
    else:
        conn.execute(
            "CREATE TEMP TABLE _rollup_all AS SELECT c.day AS day, c.bands >> 9 AS complete, "
            + ", ".join(f"{_band_text('c.bands', m)} AS {m}_band" for m in METRICS)
            + f", {_combined(_counts('c.bands', 'sum(c.responses)'), aliased=True)}"
            " FROM temp._rollup_cells c GROUP BY c.day, c.bands"
        )
    kept = ", ".join((*BAND_COLUMNS, counts))
    for dimension, value in {"all": None, **single}.items():
        conn.execute(
            f"{band_insert} SELECT day, ?, ?, complete, {kept} FROM temp._rollup_all",
            (dimension, value),
        )
    conn.execute("DROP TABLE temp._rollup_all")
    per_cell = _counts("c.bands", "c.responses")
    cell_counts = _combined({c: f"sum({e})" for c, e in per_cell.items()})
    cell_keys = ", ".join(f"c.{d}" for d in CELL_DIMENSIONS)
    conn.execute(
        f"INSERT INTO daily_cells (day, {', '.join(CELL_DIMENSIONS)}, complete, {counts})"
        f" SELECT c.day, {cell_keys}, c.bands >> 9, {cell_counts} FROM temp._rollup_cells c"
        f" GROUP BY c.day, {cell_keys}, c.bands >> 9"
    )
    conn.execute("DROP TABLE temp._rollup_cells")

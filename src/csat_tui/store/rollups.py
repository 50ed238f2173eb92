"""Rollups beside the daily rows, for the filters `daily_scores` cannot answer.

- `daily_band_cells`: per UTC day, per combination of touchpoint, segment, channel, source
  and team, and per completeness and band of each metric's answer (packed in one number,
  `bands`: see `where.BAND_SHIFTS`), the counts no band decides (responses, score totals,
  first and last, lowest and highest CSAT scale). Every band and metric filter with any of
  those dimensions, dates and completeness is a sum of its rows; the counts a band decides
  (answered, satisfied, promoters, low…) are summed from `bands` (`cell_select`).
- `daily_bands`: the same per day with no dimension (its rows of dimension "all"), with every
  count: band and metric filters over the whole store or by period, without reading the cells.
- `daily_cells`: per UTC day and per combination of touchpoint, segment, channel, source,
  team and completeness, every count. A filter on several of those dimensions at once is a
  sum of its rows.

All hold the same counts as `daily_scores` (`daily.SUMMED`, `LOWEST`, `HIGHEST`). They are
derived data: rebuilt for the days an import touched, inside that import's transaction, from
one pass over those days' responses (the band cells); the others are sums of those cells.
"""

from __future__ import annotations

import sqlite3

from csat_tui.scoring.scales import METRICS, RULES, Metric
from csat_tui.store.where import BAND_CODES, BAND_SHIFTS

CELL_DIMENSIONS = ("touchpoint", "segment", "channel", "source", "team")
"""Dimensions `daily_cells` and `daily_band_cells` combine. Not agent: with hundreds of
agents the cells would hold nearly a row per response; agent has its own index."""

BAND_COLUMNS = tuple(f"{metric}_band" for metric in METRICS)

_COUNTS = (
    "responses INTEGER, csat_n INTEGER, csat_satisfied INTEGER, csat_total INTEGER,"
    " csat_low_n INTEGER, nps_n INTEGER, nps_promoters INTEGER, nps_detractors INTEGER,"
    " ces_n INTEGER, ces_total INTEGER, ces_easy INTEGER, ces_low_n INTEGER,"
    " first TEXT, csat_scale_min TEXT, last TEXT, csat_scale_max TEXT"
)

CREATE_BAND_CELLS = (
    "CREATE TABLE daily_band_cells (day TEXT, bands INTEGER NOT NULL, touchpoint TEXT,"
    " segment TEXT, channel TEXT, source TEXT, team TEXT, responses INTEGER,"
    " csat_total INTEGER, ces_total INTEGER, first TEXT, csat_scale_min TEXT, last TEXT,"
    " csat_scale_max TEXT)",
    "CREATE INDEX idx_daily_band_cells ON daily_band_cells"
    "(day, touchpoint, segment, channel, source, team, (bands >> 9))",
)
"""The band cells (0012), beside the rollups of 0008. Their index is in the order the one
pass writes them (so it is appended to, not sorted), and it is the order of `daily_cells`:
those are summed from it without a sort. A date range reads it too."""

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


def band_code(metric: Metric) -> str:
    """The band of a response's answer of `metric` as its code (`where.BAND_CODES`; 4 when
    not answered), by the same rules as `in_band_sql`: (above the low band) + (in the high
    band), 3 on a scale with no band rule."""
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


def has_tables(conn: sqlite3.Connection) -> bool:
    """Do the rollup tables exist (migrations before 0012 rebuild daily rows without them)."""
    found = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('daily_bands', 'daily_cells', 'daily_band_cells')"
    ).fetchone()[0]
    return bool(found == 3)


def _code(bands: str, metric: Metric) -> str:
    return f"(({bands} >> {BAND_SHIFTS[metric]}) & 7)"


def _band_text(bands: str, metric: Metric) -> str:
    names = " ".join(f"WHEN {c} THEN '{b}'" for b, c in BAND_CODES.items())
    return f"(CASE {_code(bands, metric)} {names} END)"


def _counts(bands: str, n: str) -> dict[str, str]:
    """The counts of `daily.SUMMED` a band's answers decide, for `n` responses whose bands
    are `bands`: as the daily rows' own sums give them (NULL, not 0, where no answer of the
    metric has a band rule)."""

    def of(metric: Metric, code: int) -> str:
        # n when in that band, 0 in another band, NULL with no band (none or no rule).
        band = _code(bands, metric)
        return f"(CASE WHEN {band} < 3 THEN ({band} = {code}) * {n} END)"

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


def _combined(decided: dict[str, str], *, aliased: bool = False, table: str = "c") -> str:
    """Every count of a daily row over band cells `table`: `decided` (column → expression),
    the others summed (or their lowest and highest taken) from the cells."""
    from csat_tui.store.daily import HIGHEST, LOWEST, SUMMED

    parts = [(c, decided.get(c) or f"sum({table}.{c})") for c in SUMMED]
    parts += [(c, f"min({table}.{c})") for c in LOWEST]
    parts += [(c, f"max({table}.{c})") for c in HIGHEST]
    return ", ".join(f"{e} AS {c}" if aliased else e for c, e in parts)


def _constant_dimensions(conn: sqlite3.Connection) -> set[str]:
    """Cell dimensions that hold one value (or only NULL) in the whole store, found from
    their indexes without reading the responses: source (one per import, often one per
    store) and team (none named in most files)."""
    constant = set()
    # Apart, each is one step down the index; together they would read all of it.
    low = conn.execute("SELECT min(source) FROM responses").fetchone()[0]
    high = conn.execute("SELECT max(source) FROM responses").fetchone()[0]
    if low == high:  # NOT NULL: one source, or no responses at all
        constant.add("source")
    if conn.execute("SELECT 1 FROM responses WHERE team IS NOT NULL LIMIT 1").fetchone() is None:
        constant.add("team")
    return constant


def _cells_select(day_condition: str, constant: set[str]) -> str:
    """One pass over the responses: a row per day, completeness, band of each metric and
    value of every cell dimension, with only the aggregates the bands do not decide.
    `constant`: dimensions with one value over these responses, taken and not sorted by."""
    bands = "((r.complete * 8 + {}) * 8 + {}) * 8 + {}".format(*(band_code(m) for m in METRICS))
    dims = ", ".join(f"r.{d} AS {d}" for d in CELL_DIMENSIONS)
    # Written in the order of idx_daily_band_cells (day, the cell, then bands).
    keys = ["1"] + [str(i + 3) for i, d in enumerate(CELL_DIMENSIONS) if d not in constant]
    return (
        f"SELECT substr(r.submitted_at, 1, 10) AS day, {bands} AS bands, {dims},"
        " count(*) AS responses, sum(r.csat) AS csat_total, sum(r.ces) AS ces_total,"
        " min(r.submitted_at) AS first, min(r.csat_scale) AS csat_scale_min,"
        " max(r.submitted_at) AS last, max(r.csat_scale) AS csat_scale_max"
        f" FROM responses r WHERE {day_condition} GROUP BY {', '.join(keys)}, 2"
    )


def cell_select(table: str = "d") -> str:
    """Aggregates that combine band cells into one set of counts (`daily.combined_select`'s
    aliases)."""
    return _combined(
        {c: f"sum({e})" for c, e in _counts(f"{table}.bands", f"{table}.responses").items()},
        aliased=True,
        table=table,
    )


def cells_by_bands(key: str, condition: str) -> str:
    """The band cells `d` matching `condition` summed per `key` and bands (as `key`, `bands`
    and the cells' own columns): `cell_select` over these reads each band's counts once,
    not once per cell."""
    return (
        f"SELECT {key} AS key, d.bands AS bands, sum(d.responses) AS responses,"
        " sum(d.csat_total) AS csat_total, sum(d.ces_total) AS ces_total,"
        " min(d.first) AS first, min(d.csat_scale_min) AS csat_scale_min,"
        " max(d.last) AS last, max(d.csat_scale_max) AS csat_scale_max"
        f" FROM daily_band_cells d WHERE {condition} GROUP BY 1, 2"
    )


def rebuild(
    conn: sqlite3.Connection, day_condition: str, params: dict[str, object], delete: str
) -> None:
    """Recompute the rollup rows of the days matching `day_condition` (over `responses r`),
    after deleting the rows matching `delete` (over the rollup tables' `day`)."""
    if not has_tables(conn):
        return
    from csat_tui.store.daily import HIGHEST, LOWEST, SUMMED

    for table in ("daily_band_cells", "daily_bands", "daily_cells"):
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            conn.execute(f"DELETE FROM {table} WHERE {delete}", params)
    # The one pass over the responses; the other rollups are sums of its cells.
    conn.execute(
        f"INSERT INTO daily_band_cells (day, bands, {', '.join(CELL_DIMENSIONS)},"
        " responses, csat_total, ces_total, first, csat_scale_min, last, csat_scale_max)"
        f" {_cells_select(day_condition, _constant_dimensions(conn))}",
        params,
    )
    counts = ", ".join((*SUMMED, *LOWEST, *HIGHEST))
    cells = f"daily_band_cells c WHERE ({delete})"
    band_texts = ", ".join(_band_text("c.bands", m) for m in METRICS)
    conn.execute(
        f"INSERT INTO daily_bands (day, dimension, value, complete, {', '.join(BAND_COLUMNS)},"
        f" {counts}) SELECT c.day, 'all', NULL, c.bands >> 9, {band_texts},"
        f" {_combined(_counts('c.bands', 'sum(c.responses)'))} FROM {cells}"
        " GROUP BY c.day, c.bands",
        params,
    )
    cell_counts = _combined({c: f"sum({e})" for c, e in _counts("c.bands", "c.responses").items()})
    cell_keys = ", ".join(f"c.{d}" for d in CELL_DIMENSIONS)
    conn.execute(
        f"INSERT INTO daily_cells (day, {', '.join(CELL_DIMENSIONS)}, complete, {counts})"
        f" SELECT c.day, {cell_keys}, c.bands >> 9, {cell_counts} FROM {cells}"
        f" GROUP BY c.day, {cell_keys}, c.bands >> 9",
        params,
    )

"""Responses sorted by a score (lowest or highest first), keyset-paged like the date order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from csat_tui.filters import Filter
from csat_tui.scoring.scales import Metric
from csat_tui.store.browse import ROW_SELECT, ResponseRow, response_row
from csat_tui.store.db import Store
from csat_tui.store.where import METRIC_COLUMNS, where

ScoreOrder = Literal["lowest", "highest"]
SCORE_ORDERS: tuple[ScoreOrder, ...] = get_args(ScoreOrder)

ScoreCursor = tuple[int, int]
"""Where a page ended: the last row's (score, id)."""


@dataclass(frozen=True, slots=True)
class ScorePage:
    """One page of rows sorted by score, and where the next one starts (None at the end)."""

    rows: list[ResponseRow]
    next_cursor: ScoreCursor | None


def page_by_score(
    store: Store,
    flt: Filter,
    metric: Metric,
    order: ScoreOrder = "lowest",
    after: ScoreCursor | None = None,
    limit: int = 100,
) -> ScorePage:
    """Responses that answered `metric`, by that score; equal scores newest (highest id) first.

    Only responses with an answer of the metric are listed. Scores are compared as stored,
    so on a store mixing CSAT scales a 5 of 10 sorts with a 5 of 5.
    """
    condition, params = where(flt)
    score = METRIC_COLUMNS[metric][0]
    column = score.removeprefix("r.")
    # One range of the metric's (score, id) index per score value, newest first within it:
    # each page reads about as many index entries as it lists, whatever the store's size.
    step = "min" if order == "lowest" else "max"
    beyond = ">" if order == "lowest" else "<"
    after_id = None
    if after is None:
        current = store.conn.execute(f"SELECT {step}({column}) FROM responses").fetchone()[0]
    else:
        current, after_id = after
    sql = f"{ROW_SELECT} WHERE ({condition}) AND {score} = :score"
    rows: list[ResponseRow] = []
    while current is not None and len(rows) <= limit:
        params = {**params, "score": current, "limit": limit + 1 - len(rows)}
        query = sql
        if after_id is not None:
            query += " AND r.id < :after_id"
            params["after_id"] = after_id
        query += " ORDER BY r.id DESC LIMIT :limit"
        rows.extend(response_row(r) for r in store.db.query(query, params))
        after_id = None
        current = store.conn.execute(
            f"SELECT {step}({column}) FROM responses WHERE {column} {beyond} ?", (current,)
        ).fetchone()[0]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor: ScoreCursor | None = None
    if more and rows:
        last = rows[-1]
        value = {"csat": last.csat, "nps": last.nps, "ces": last.ces}[metric]
        assert value is not None
        cursor = (value, last.id)
    return ScorePage(rows, cursor)

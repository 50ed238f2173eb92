"""What the responses and detail screens load: pages in any order, the count, one response.
Plain functions run in thread workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from csat_tui.filters import Filter
from csat_tui.scoring import Metric
from csat_tui.services.opening import Opener
from csat_tui.store.browse import Cursor, ResponseDetail, ResponseRow, count, detail, page
from csat_tui.store.score_pages import ScoreCursor, page_by_score

PAGE_SIZE = 200
"""Rows a responses page holds; the next page loads as the cursor nears the end."""


RowOrder = Literal["newest", "oldest", "lowest", "highest"]
ROW_ORDERS: tuple[RowOrder, ...] = get_args(RowOrder)
"""Date orders, then score orders (of the sort metric)."""


@dataclass(frozen=True)
class Rows:
    """One page of responses in any order; `next` is where the following page starts."""

    rows: list[ResponseRow]
    next: Cursor | ScoreCursor | None


def load_page(
    opener: Opener,
    flt: Filter,
    order: RowOrder,
    after: Cursor | ScoreCursor | None,
    metric: Metric = "csat",
) -> Rows:
    """One keyset page of responses, by date or by the score of `metric`."""
    with opener() as store:
        if order == "newest" or order == "oldest":
            found = page(store, flt, order=order, after=_date_cursor(after), limit=PAGE_SIZE)
            return Rows(found.rows, found.next_cursor)
        scored = page_by_score(store, flt, metric, order, _score_cursor(after), PAGE_SIZE)
        return Rows(scored.rows, scored.next_cursor)


def _date_cursor(after: Cursor | ScoreCursor | None) -> Cursor | None:
    """The cursor of a date order: (submitted_at, id)."""
    if after is None:
        return None
    when, rowid = after
    if isinstance(when, int):
        raise ValueError("a score cursor was given to a date order")
    return when, rowid


def _score_cursor(after: Cursor | ScoreCursor | None) -> ScoreCursor | None:
    """The cursor of a score order: (score, id)."""
    if after is None:
        return None
    score, rowid = after
    if not isinstance(score, int):
        raise ValueError("a date cursor was given to a score order")
    return score, rowid


def load_count(opener: Opener, flt: Filter) -> int:
    """How many responses the filter matches."""
    with opener() as store:
        return count(store, flt)


def load_detail(opener: Opener, response_id: int) -> ResponseDetail:
    """One response in full."""
    with opener() as store:
        return detail(store, response_id)

"""What the screens load, as plain functions run inside thread workers.

Each call opens its own store connection (SQLite connections cannot cross threads) and
closes it before returning. Nothing here touches a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from csat_tui.filters import Filter
from csat_tui.scoring import Metric
from csat_tui.services import (
    BreakdownRow,
    Cursor,
    Facets,
    GroupBy,
    ResponseDetail,
    ResponseRow,
    ScoreCounts,
    ScoreCursor,
    ScoreReport,
    Store,
    breakdown_rows,
    count,
    detail,
    distribution,
    facets,
    open_store,
    page,
    page_by_score,
    scores,
)
from csat_tui.tui.periods import Step, step_for

PAGE_SIZE = 200
"""Rows a responses page holds; the next page loads as the cursor nears the end."""


Opener = Callable[[], AbstractContextManager[Store]]
"""Opens a store connection for one load (and closes it after)."""


def opener_for(db_path: Path) -> Opener:
    """A plain opener: a fresh connection to the store at `db_path`."""
    return lambda: open_store(db_path)


class LoadCancelled(Exception):
    """A load was replaced by a newer one before it began its query."""


class Running:
    """The connections of loads in progress, by part, so a newer load can stop an older one.

    `exclusive` workers drop a stale result, but the thread goes on running its query;
    interrupting its connection ends a long scan (up to ~1 s at a million rows) at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: dict[str, Store] = {}

    def opener(self, db_path: Path, part: str, cancelled: Callable[[], bool]) -> Opener:
        """An opener that registers its connection under `part` while it is open.

        `cancelled` tells (in the worker's thread) whether the load was replaced: checked
        after registering, so a load replaced just before is never left running.
        """

        @contextmanager
        def opened() -> Iterator[Store]:
            store = open_store(db_path)
            with self._lock:
                self._stores[part] = store
            try:
                if cancelled():
                    raise LoadCancelled(part)
                yield store
            finally:
                # Unregistered before closing: only open connections are ever interrupted.
                with self._lock:
                    if self._stores.get(part) is store:
                        del self._stores[part]
                store.close()

        return opened

    def interrupt(self, part: str) -> None:
        """Stop the query a previous load of `part` is running, if any (UI thread)."""
        with self._lock:
            store = self._stores.pop(part, None)
            if store is not None:
                store.conn.interrupt()


@dataclass(frozen=True)
class Trend:
    """A metric's score per period."""

    step: Step
    points: list[ScoreCounts]


def load_scores(opener: Opener, flt: Filter) -> ScoreReport:
    """Overall scores with the previous period of equal length."""
    with opener() as store:
        return scores(store, flt, with_previous=True)


def load_trend(opener: Opener, flt: Filter, first: str | None, last: str | None) -> Trend:
    """Scores per day, week or month, the step chosen from the range shown."""
    since = flt.since or (date.fromisoformat(first[:10]) if first else None)
    until = flt.until or (date.fromisoformat(last[:10]) if last else None)
    step = step_for(since, until)
    with opener() as store:
        report = scores(store, flt, by=step)
    return Trend(step, [g for g in report.groups or [] if g.key is not None])


def load_breakdown(opener: Opener, flt: Filter, by: GroupBy, metric: Metric) -> list[BreakdownRow]:
    """Groups of the filter by touchpoint, segment, channel or source, worst impact first."""
    with opener() as store:
        report = scores(store, flt, by=by)
    return breakdown_rows(report, metric)


def load_distribution(opener: Opener, flt: Filter, metric: Metric) -> list[tuple[str, int, int]]:
    """How many answers each score of the metric got: (scale, score, count)."""
    with opener() as store:
        return distribution(store, flt, metric)


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


def load_facets(opener: Opener) -> Facets:
    """The values the filter can choose from."""
    with opener() as store:
        return facets(store)

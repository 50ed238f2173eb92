"""Paging by score: every matching response once, in score order, newest first on ties."""

from __future__ import annotations

from csat_tui.filters import Filter
from csat_tui.services import ScoreOrder, page_by_score
from csat_tui.store.db import Store
from tests.helpers import record, write


def walk(store: Store, flt: Filter, order: ScoreOrder, limit: int) -> list[tuple[int | None, int]]:
    seen: list[tuple[int | None, int]] = []
    after = None
    while True:
        got = page_by_score(store, flt, "csat", order, after, limit)
        seen += [(r.csat, r.id) for r in got.rows]
        if got.next_cursor is None:
            return seen
        after = got.next_cursor


def test_lowest_and_highest_first_visit_each_row_once(store: Store) -> None:
    scores = [3, 1, 5, 1, 4, 2, 5, 3, 1, 4, 2, 2]
    write(store, [record(s) for s in scores] + [record(None, 7)])
    for limit in (1, 2, 5, 100):
        lowest = walk(store, Filter(), "lowest", limit)
        assert [s for s, _ in lowest] == sorted(scores)
        assert len({i for _, i in lowest}) == len(scores)
        ones = [i for s, i in lowest if s == 1]
        assert ones == sorted(ones, reverse=True)  # ties: newest first
        highest = walk(store, Filter(), "highest", limit)
        assert [s for s, _ in highest] == sorted(scores, reverse=True)


def test_the_filter_still_applies(store: Store) -> None:
    write(
        store,
        [record(1, touchpoint="web"), record(5, touchpoint="app"), record(2, touchpoint="web")],
    )
    rows = page_by_score(store, Filter(touchpoints=("web",)), "csat", "highest").rows
    assert [r.csat for r in rows] == [2, 1]

"""Breakdown rows: the impact of each group on the total, worst and biggest first."""

from __future__ import annotations

import pytest

from csat_tui.filters import Filter
from csat_tui.services import breakdown_rows, scores
from csat_tui.store.db import Store
from tests.helpers import record, write


def test_impact_is_the_gap_times_the_share(store: Store) -> None:
    # billing: 1 of 4 satisfied (25 %); delivery: 6 of 6 (100 %); overall 7 of 10 (70 %).
    write(
        store,
        [record(5, touchpoint="billing")]
        + [record(1, touchpoint="billing") for _ in range(3)]
        + [record(5, touchpoint="delivery") for _ in range(6)],
    )
    rows = breakdown_rows(scores(store, Filter(), by="touchpoint"), "csat")
    assert [r.counts.key for r in rows] == ["billing", "delivery"]
    billing, delivery = rows
    assert billing.impact == pytest.approx((25 - 70) * 4 / 10)
    assert delivery.impact == pytest.approx((100 - 70) * 6 / 10)
    assert billing.low is not None and billing.high is not None
    assert billing.low < 25 < billing.high


def test_groups_without_answers_sort_last(store: Store) -> None:
    write(store, [record(None, 9, touchpoint="web"), record(4, 3, touchpoint="app")])
    rows = breakdown_rows(scores(store, Filter(), by="touchpoint"), "csat")
    assert [r.counts.key for r in rows] == ["app", "web"]
    assert rows[1].score is None and rows[1].impact is None
    nps = breakdown_rows(scores(store, Filter(), by="touchpoint"), "nps")
    assert {r.counts.key: r.score for r in nps} == {"app": -100.0, "web": 100.0}

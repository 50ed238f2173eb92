"""Paging by score, one index range per score value, lists what sorting a full scan lists."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.scoring.scales import Metric
from csat_tui.store.db import Store, open_store
from csat_tui.store.score_pages import ScoreOrder, page_by_score
from csat_tui.store.where import where
from tests.helpers import record, write


def walk(store: Store, flt: Filter, metric: Metric, order: ScoreOrder, limit: int) -> list[int]:
    seen: list[int] = []
    after = None
    while True:
        got = page_by_score(store, flt, metric, order, after, limit)
        seen += [r.id for r in got.rows]
        if got.next_cursor is None:
            return seen
        after = got.next_cursor


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    return [
        record(
            draw(st.none() | st.integers(1, 5)),
            draw(st.none() | st.integers(0, 10)),
            draw(st.none() | st.integers(1, 7)),
            touchpoint=draw(st.sampled_from(["a", "b", None])),
        )
        for _ in range(draw(st.integers(0, 30)))
    ]


@settings(max_examples=40, deadline=None)
@given(
    records(),
    st.sampled_from(["csat", "nps", "ces"]),
    st.sampled_from(["lowest", "highest"]),
    st.integers(1, 7),
    st.sampled_from([Filter(), Filter(touchpoints=("a",)), Filter(band="low")]),
)
def test_pages_by_score_equal_a_sorted_scan(
    items: list[Record], metric: Metric, order: ScoreOrder, limit: int, flt: Filter
) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, items)
        condition, params = where(flt)
        scanned = store.conn.execute(
            f"SELECT r.id, r.{metric} FROM responses r"
            f" WHERE ({condition}) AND r.{metric} IS NOT NULL",
            params,
        ).fetchall()
        sign = 1 if order == "lowest" else -1
        expected = [i for i, _ in sorted(scanned, key=lambda r: (sign * r[1], -r[0]))]
        assert walk(store, flt, metric, order, limit) == expected

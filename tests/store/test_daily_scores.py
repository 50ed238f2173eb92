"""The daily table answers exactly what a scan of `responses` answers, for any data and filter."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.store import daily
from csat_tui.store.aggregates import GROUP_BYS, score_counts, score_counts_by
from csat_tui.store.db import Store, open_store
from csat_tui.store.where import daily_where
from tests.helpers import record, write

DAY0 = date(2026, 9, 28)
VALUES = ["a", "b", None]


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    out: list[Record] = []
    for _ in range(draw(st.integers(0, 40))):
        day = draw(st.none() | st.integers(0, 20))
        at = (
            None
            if day is None
            else f"{DAY0 + timedelta(days=day)}T{draw(st.integers(0, 23)):02d}:00:00Z"
        )
        scale = draw(st.sampled_from(["1-5", "1-7"]))
        out.append(
            record(
                draw(st.none() | st.integers(1, 5)),
                draw(st.none() | st.integers(0, 10)),
                draw(st.none() | st.integers(1, 7)),
                scale=scale,
                at=at,
                touchpoint=draw(st.sampled_from(VALUES)),
                segment=draw(st.sampled_from(VALUES)),
                channel=draw(st.sampled_from(VALUES)),
                complete=draw(st.booleans()),
            )
        )
    return out


@st.composite
def filters(draw: st.DrawFn) -> Filter:
    field = draw(st.sampled_from(["touchpoints", "segments", "channels", "sources", None]))
    values = tuple(draw(st.sets(st.sampled_from(["a", "b", "generic"]), min_size=1)))
    since = draw(st.none() | st.integers(0, 20).map(lambda d: DAY0 + timedelta(days=d)))
    until = draw(st.none() | st.integers(0, 20).map(lambda d: DAY0 + timedelta(days=d)))
    if since and until and since > until:
        since, until = until, since
    kwargs: dict[str, Any] = {field: values} if field else {}
    return Filter(since=since, until=until, complete_only=draw(st.booleans()), **kwargs)


def check(store: Store, flt: Filter) -> None:
    assert daily_where(flt, None) is not None
    assert score_counts(store, flt) == score_counts(store, flt, use_daily=False)
    for by in GROUP_BYS:
        assert score_counts_by(store, flt, by) == score_counts_by(store, flt, by, use_daily=False)


@settings(max_examples=50, deadline=None)
@given(records(), records(), st.lists(filters(), min_size=1, max_size=4))
def test_daily_rows_equal_a_full_scan(first: list[Record], second: list[Record],
                                      flts: list[Filter]) -> None:  # fmt: skip
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, first)
        write(store, second, source="other")  # overlapping days
        for flt in flts:
            check(store, flt)


def test_filters_the_daily_rows_cannot_answer() -> None:
    assert daily_where(Filter(band="low"), None) is None
    assert daily_where(Filter(tags=("x",)), None) is None
    assert daily_where(Filter(touchpoints=("a",), segments=("b",)), None) is None
    assert daily_where(Filter(touchpoints=("a",)), "segment") is None
    assert daily_where(Filter(touchpoints=("a",)), "touchpoint") is not None


def daily_rows(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        store.conn.execute("SELECT * FROM daily_scores").fetchall(),
        key=lambda row: tuple((v is not None, str(v)) for v in row),
    )


@settings(max_examples=60, deadline=None)
@given(records(), records(), records())
def test_daily_rows_kept_at_import_equal_a_rebuild(
    first: list[Record], second: list[Record], third: list[Record]
) -> None:
    # Each import rebuilds its days' rows from the band rollups (the days that had responses
    # before included). A rebuild from `responses` must agree exactly.
    for i, r in enumerate(third):  # crowded cells, on scales with and without band rules
        r.touchpoint = r.segment = r.channel = None
        r.complete = True
        r.agent = "Ana" if i % 2 else None  # the first agent named: agent rows need a pass
        r.submitted_at = f"{DAY0 + timedelta(days=i % 2)}T{i % 24:02d}:00:00Z"
        scale = ("1-10", "0-5", "1-5")[i % 3]
        r.answers = [replace(a, scale=scale) if a.metric == "csat" else a for a in r.answers]
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, first)
        write(store, second, source="other")
        write(store, third)
        kept = daily_rows(store)
        with store.write():
            daily.rebuild_all(store.conn)
            assert daily_rows(store) == kept

"""The band and cell rollups answer exactly what a scan of `responses` answers."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.scoring.scales import Metric
from csat_tui.store import daily, rollups
from csat_tui.store.aggregates import GROUP_BYS, distribution, score_counts, score_counts_by
from csat_tui.store.db import Store, open_store
from csat_tui.store.where import (
    METRIC_COLUMNS,
    band_cells_where,
    bands_where,
    cells_where,
    where,
)
from tests.helpers import record, write

DAY0 = date(2026, 9, 28)
VALUES = ["a", "b", None]
DIMENSION_FIELDS = ("touchpoints", "segments", "channels", "sources", "teams", "agents")


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    out = []
    for _ in range(draw(st.integers(0, 40))):
        day = draw(st.none() | st.integers(0, 20))
        at = (
            None
            if day is None
            else f"{DAY0 + timedelta(days=day)}T{draw(st.integers(0, 23)):02d}:00:00Z"
        )
        # 1-10 and 0-5 have no band rule: answered, but in no band.
        scale = draw(st.sampled_from(["1-5", "1-7", "1-10", "0-5"]))
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
                team=draw(st.sampled_from(VALUES)),
                agent=draw(st.sampled_from(VALUES)),
                complete=draw(st.booleans()),
            )
        )
    return out


@st.composite
def filters(draw: st.DrawFn) -> Filter:
    fields = draw(st.sets(st.sampled_from(DIMENSION_FIELDS), max_size=3))
    kwargs: dict[str, Any] = {
        field: tuple(draw(st.sets(st.sampled_from(["a", "b", "generic"]), min_size=1)))
        for field in fields
    }
    since = draw(st.none() | st.integers(0, 20).map(lambda d: DAY0 + timedelta(days=d)))
    until = draw(st.none() | st.integers(0, 20).map(lambda d: DAY0 + timedelta(days=d)))
    if since and until and since > until:
        since, until = until, since
    base = Filter(
        since=since,
        until=until,
        complete_only=draw(st.booleans()),
        metric=draw(st.sampled_from([None, "csat", "nps", "ces"])),
        band=draw(st.sampled_from([None, "low", "neutral", "high"])),
    )
    return replace(base, **kwargs)


def check(store: Store, flt: Filter) -> None:
    counts = score_counts(store, flt)
    assert counts == score_counts(store, flt, use_daily=False)
    for by in GROUP_BYS:
        assert score_counts_by(store, flt, by) == score_counts_by(store, flt, by, use_daily=False)
    # The distribution (always a pass over the responses) counts the same answers, and
    # each (scale, score) as often as the responses the filter keeps have it.
    condition, params = where(flt)
    answered_by: tuple[tuple[Metric, int], ...] = (
        ("csat", counts.csat.n),
        ("nps", counts.nps.n),
        ("ces", counts.ces.n),
    )
    for metric, answered in answered_by:
        found = distribution(store, flt, metric)
        assert sum(n for _, _, n in found) == answered
        score, scale = METRIC_COLUMNS[metric]
        kept = store.conn.execute(
            f"SELECT {scale}, {score} FROM responses r WHERE {condition} AND {score} IS NOT NULL",
            params,
        ).fetchall()
        assert found == sorted((s, v, n) for (s, v), n in Counter(kept).items())


@settings(max_examples=60, deadline=None)
@given(records(), records(), st.lists(filters(), min_size=1, max_size=4))
def test_rollups_equal_a_full_scan(
    first: list[Record], second: list[Record], flts: list[Filter]
) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, first)
        write(store, second, source="other")  # overlapping days: rebuilt, not added
        for flt in flts:
            check(store, flt)


def rollup_rows(store: Store) -> list[list[tuple[object, ...]]]:
    def key(row: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
        return tuple((v is not None, str(v)) for v in row)

    return [
        sorted(store.conn.execute(f"SELECT * FROM {table}").fetchall(), key=key)
        for table in ("daily_bands", "daily_cells", "daily_band_cells")
    ]


@settings(max_examples=40, deadline=None)
@given(records(), records(), records())
def test_rollups_kept_at_import_equal_a_rebuild(
    first: list[Record], second: list[Record], third: list[Record]
) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, first)
        write(store, second, source="other")
        write(store, third, source="third")
        kept = rollup_rows(store)
        with store.write():
            daily.rebuild_all(store.conn)
            assert rollup_rows(store) == kept


def test_which_filters_the_rollups_answer() -> None:
    assert bands_where(Filter(band="low"), None) is not None
    assert bands_where(Filter(metric="nps", since=DAY0, complete_only=True), None) is not None
    # With a dimension (in the filter or to split by), the band cells answer.
    assert bands_where(Filter(band="low"), "touchpoint") is None
    assert bands_where(Filter(metric="nps", teams=("a",)), None) is None
    assert band_cells_where(Filter(band="low"), "touchpoint") is not None
    assert band_cells_where(Filter(metric="nps", teams=("a",)), None) is not None
    assert band_cells_where(Filter(band="low", touchpoints=("a",), segments=("b",)), "channel")
    assert band_cells_where(Filter(band="low", agents=("a",)), None) is None
    assert band_cells_where(Filter(band="low"), "agent") is None
    assert band_cells_where(Filter(band="low", tags=("x",)), None) is None
    assert band_cells_where(Filter(touchpoints=("a",)), None) is None  # the daily rows answer it
    assert bands_where(Filter(touchpoints=("a",)), None) is None
    assert cells_where(Filter(touchpoints=("a",), segments=("b",), teams=("c",))) is not None
    assert cells_where(Filter(touchpoints=("a",), agents=("b",))) is None
    assert cells_where(Filter(band="low", touchpoints=("a",))) is None
    assert cells_where(Filter(tags=("x",))) is None


def test_one_source_and_no_team_in_the_one_pass() -> None:
    # Source and team held one value store-wide: the one pass does not sort by them, and the
    # daily rows copy "all" for them; a second source and a team make them split again.
    first = [
        record(c, n, e, at=f"{DAY0 + timedelta(days=i % 3)}T0{i % 9}:00:00Z",
               touchpoint=("a", "b")[i % 2], segment=(None, "a")[i % 3 == 0])
        for i, (c, n, e) in enumerate([(1, 0, 1), (5, 10, 7), (3, 7, None), (None, 9, 4)] * 3)
    ]  # fmt: skip
    second = [replace(r, team="a", external_id=f"t{i}") for i, r in enumerate(first[:5])]
    flts = [
        Filter(band="low"),
        Filter(band="high", teams=("a",)),
        Filter(metric="nps", sources=("other",), touchpoints=("a",)),
        Filter(band="neutral", metric="csat", segments=("a",), complete_only=True),
    ]
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, first)
        assert rollups._constant_dimensions(store.conn) == {"source", "team"}
        teams = store.conn.execute(
            "SELECT DISTINCT value FROM daily_scores WHERE dimension = 'team'"
        ).fetchall()
        assert teams == [(None,)]
        for flt in flts:
            check(store, flt)
        write(store, second, source="other")
        assert rollups._constant_dimensions(store.conn) == set()
        kept = rollup_rows(store)
        for flt in flts:
            check(store, flt)
        with store.write():
            daily.rebuild_all(store.conn)
            assert rollup_rows(store) == kept

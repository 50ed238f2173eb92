"""The filter becomes one WHERE clause with bound parameters, never spliced values."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.errors import FilterError
from csat_tui.filters import Filter
from csat_tui.store.browse import count
from csat_tui.store.db import Store
from csat_tui.store.where import where
from tests.helpers import record, write

HOSTILE = "'; DROP TABLE responses; --"


@pytest.mark.parametrize(
    ("flt", "sql", "params"),
    [
        (Filter(), "1", {}),
        (
            Filter(touchpoints=("billing", "support")),
            "r.touchpoint IN (:p0, :p1)",
            {"p0": "billing", "p1": "support"},
        ),
        (
            Filter(since=date(2026, 10, 1), until=date(2026, 10, 31)),
            "r.submitted_at >= :p0 AND r.submitted_at < :p1",
            {"p0": "2026-10-01", "p1": "2026-11-01"},
        ),
        (Filter(metric="nps", band="low"), "r.nps IS NOT NULL AND ((r.nps <= 6) = 1)", {}),
        (Filter(complete_only=True), "r.complete = 1", {}),
        (
            Filter(text='refund -"too late"'),
            "r.id IN (SELECT rowid FROM comment_index WHERE comment_index MATCH :p0)"
            " AND r.id NOT IN (SELECT rowid FROM comment_index WHERE comment_index MATCH :p1)",
            {"p0": '"refund"', "p1": '"too late"'},
        ),
        (
            Filter(followups=("none",)),
            "(NOT EXISTS (SELECT 1 FROM followups f WHERE f.response_id = r.id))",
            {},
        ),
    ],
)
def test_expected_sql_and_params(flt: Filter, sql: str, params: dict[str, object]) -> None:
    assert where(flt) == (sql, params)


def test_every_field_combines_with_and() -> None:
    sql, params = where(
        Filter(
            touchpoints=("a",), segments=("b",), channels=("c",), sources=("d",), tags=("e",),
            followups=("open", "none"), band="high", text="f", complete_only=True,
        )
    )  # fmt: skip
    assert sql.count(" AND ") >= 8
    assert sorted(params.values()) == ['"f"', "a", "b", "c", "d", "e", "open"]


text_values = st.text(min_size=1, max_size=30) | st.sampled_from(
    [HOSTILE, "a' OR '1'='1", "%", "_"]
)


@given(text_values, text_values, text_values)
def test_no_value_is_ever_spliced_into_the_sql(a: str, b: str, c: str) -> None:
    flt = Filter(touchpoints=(a,), tags=(b,), text=c, segments=(HOSTILE,))
    sql, params = where(flt)
    for value in (a, b, HOSTILE):
        assert value in params.values()
    # The search text becomes an FTS query of letters and digits, also bound.
    assert "MATCH :" in sql or "MATCH" not in sql
    # The same clauses with a neutral value: a word the SQL holds anyway ("tag", "index")
    # proves nothing either way.
    neutral, _ = where(Filter(touchpoints=("q",), tags=("q",), text="q", segments=("q",)))
    for word in (a, b, c, HOSTILE):
        if len(word) > 2 and word not in neutral:
            assert word not in sql


def test_hostile_values_run_harmlessly(store: Store) -> None:
    write(store, [record(5, touchpoint=HOSTILE, comment=HOSTILE), record(1, touchpoint="x")])
    assert count(store, Filter(touchpoints=(HOSTILE,))) == 1
    assert count(store, Filter(text=HOSTILE, tags=(HOSTILE,))) == 0
    assert count(store, Filter(text="drop table")) == 1
    assert count(store, Filter()) == 2


def test_bad_filter_values_are_refused() -> None:
    with pytest.raises(FilterError, match="unknown band 'bad'"):
        not_a_band: Any = "bad"  # what a caller without types could pass
        Filter(band=not_a_band)
    with pytest.raises(FilterError, match="starts"):
        Filter(since=date(2026, 2, 1), until=date(2026, 1, 1))


def test_filter_json_round_trip_and_words() -> None:
    flt = Filter(touchpoints=("billing",), since=date(2026, 10, 1), band="low", metric="csat")
    assert Filter.from_json(flt.to_json()) == flt
    assert (
        flt.describe() == "touchpoint billing; since 2026-10-01; answered CSAT; low scores on CSAT"
    )

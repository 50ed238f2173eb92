"""explain over real stores: the parts add up to the cards' change, and the demo's story shows."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.services import scores
from csat_tui.services.demo import demo_session
from csat_tui.services.demo_data import PRICE_CHANGE, PRO_IMPROVES
from csat_tui.services.explain import (
    explain,
    explanation_json,
    group_responses,
    narrowed,
    parse_compare,
)
from csat_tui.store.db import Store, open_store
from csat_tui.store.explain import DIMENSION_NAMES, group_answers
from tests.helpers import record, write

START = date(2026, 3, 1)
Row = tuple[int, int, int | None, str | None, str]
answers = st.tuples(
    st.integers(min_value=0, max_value=27),  # day
    st.integers(min_value=1, max_value=5),  # CSAT
    st.one_of(st.none(), st.integers(min_value=0, max_value=10)),  # NPS
    st.sampled_from(["billing", "delivery", "onboarding", None]),
    st.sampled_from(["free", "pro"]),
)


def _store(path: Path, rows: list[tuple[int, int, int | None, str | None, str]]) -> Store:
    store = open_store(path)
    write(
        store,
        [
            record(csat, nps, at=f"{START + timedelta(days=day)}T12:00:00Z", touchpoint=tp,
                   segment=plan, channel="email" if i % 2 else "chat")
            for i, (day, csat, nps, tp, plan) in enumerate(rows)
        ],
    )  # fmt: skip
    return store


@given(st.lists(answers, min_size=1, max_size=60), st.integers(min_value=1, max_value=27),
       st.sampled_from(["csat", "nps"]), st.sampled_from([*DIMENSION_NAMES, None]))  # fmt: skip
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parts_add_up_to_the_cards_change(
    rows: list[Row], split: int, metric: str, by: str | None
) -> None:
    since = START + timedelta(days=split)
    until = START + timedelta(days=27)
    flt = Filter(since=since, until=until)
    with tempfile.TemporaryDirectory() as folder:
        store = _store(Path(folder) / "s.db", rows)
        try:
            e = explain(store, flt, "csat" if metric == "csat" else "nps", by)
            card = scores(store, flt, with_previous=True).comparison
        finally:
            store.close()
    assert card is not None
    change = card.csat if metric == "csat" else card.nps
    if change is None:
        assert e.change is None and e.groups == []
        return
    assert e.change is not None
    assert math.isclose(e.change, change.delta, abs_tol=1e-9)
    assert math.isclose(math.fsum(g.contribution for g in e.groups), change.delta, abs_tol=1e-9)
    assert sum(g.current.n for g in e.groups) == e.current.n
    assert sum(g.previous.n for g in e.groups) == e.previous.n
    assert math.isclose(math.fsum(g.current.share for g in e.groups), 1.0)
    assert [abs(g.contribution) for g in e.groups] == sorted(
        (abs(g.contribution) for g in e.groups), reverse=True
    )


def test_daily_table_and_responses_agree(store: Store) -> None:
    rows = [(d % 20, 1 + d % 5, d % 11, ("a", "b", None)[d % 3], "x") for d in range(90)]
    write(store, [record(c, n, at=f"{START + timedelta(days=d)}T08:00:00Z", touchpoint=t,
                         segment=s) for d, c, n, t, s in rows])  # fmt: skip
    flt = Filter(since=START, until=START + timedelta(days=19))
    for metric in ("csat", "nps"):
        fast = group_answers(store, flt, metric, "touchpoint")
        # A metric in the filter stops the daily table from answering: this scans responses.
        slow = group_answers(store, replace(flt, metric=metric), metric, "touchpoint")
        assert sorted(fast, key=str) == sorted(slow, key=str)
        assert {g.key for g in fast} == {"a", "b", None}
        assert sum(g.n for g in fast) == 90 if metric == "csat" else sum(g.n for g in fast) > 0


def test_group_with_no_value_lists_its_responses(store: Store) -> None:
    write(
        store,
        [record(c, at=f"2026-03-{d:02d}T10:00:00Z", touchpoint=None if c < 3 else "web",
                comment=f"invoice {d}" if d > 10 else "fine") for d, c in
         [(2, 4), (3, 2), (4, 5), (12, 1), (13, 2), (14, 4), (15, 1)]],
    )  # fmt: skip
    e = explain(store, Filter(since=date(2026, 3, 11), until=date(2026, 3, 19)), by="touchpoint")
    found = group_responses(store, e, None)
    assert [r.csat for r in found.rows] == [1, 1, 2]
    assert all(r.touchpoint is None for r in found.rows)
    assert found.current_comments == 3 and found.previous_comments == 1
    assert narrowed(e.filter, "touchpoint", None) is None
    assert narrowed(e.filter, "touchpoint", "web") == Filter(
        since=date(2026, 3, 11), until=date(2026, 3, 19), touchpoints=("web",)
    )


def test_parse_compare() -> None:
    assert parse_compare("previous") is None
    assert parse_compare("2026-01-01..2026-01-31") == (date(2026, 1, 1), date(2026, 1, 31))


@pytest.fixture(scope="module")
def demo() -> Iterator[Store]:
    with demo_session() as path, open_store(path) as store:
        yield store


AFTER = Filter(since=PRICE_CHANGE, until=PRICE_CHANGE + timedelta(days=20))


def test_demo_billing_explains_the_csat_fall(demo: Store) -> None:
    e = explain(demo, AFTER, "csat", "touchpoint")
    assert e.previous.since == PRICE_CHANGE - timedelta(days=21)
    assert e.change is not None and e.change < 0
    top = e.groups[0]
    assert top.key == "billing"
    assert top.significant
    assert top.contribution / e.change > 0.5  # most of the fall
    assert e.overall_change is not None and e.overall_change.significant


def test_demo_picks_touchpoint_for_the_csat_fall(demo: Store) -> None:
    e = explain(demo, AFTER, "csat")
    assert e.by == "touchpoint"
    assert e.chosen is not None and set(e.chosen) == set(DIMENSION_NAMES)
    best = e.chosen["touchpoint"]
    assert best is not None
    assert all(share is None or share <= best for share in e.chosen.values())


def test_demo_pro_plan_leads_the_nps_rise(demo: Store) -> None:
    since = PRO_IMPROVES
    e = explain(demo, Filter(since=since, until=date(2026, 11, 15)), "nps")
    assert e.by == "segment"
    assert e.change is not None and e.change > 0
    assert e.groups[0].key == "pro"
    assert e.groups[0].significant


def test_demo_rising_terms_of_billing(demo: Store) -> None:
    e = explain(demo, AFTER, "csat", "touchpoint")
    found = group_responses(demo, e, "billing")
    assert found.rows and found.rows[0].csat == 1
    assert [r.csat for r in found.rows] == sorted(r.csat or 0 for r in found.rows)
    assert all(t.current_share > t.previous_share for t in found.terms)
    assert found.terms, "the price change should bring new words"


def test_json_shape(demo: Store) -> None:
    data = explanation_json(explain(demo, AFTER, "csat", "touchpoint"))
    assert list(data) == ["metric", "by", "current", "previous", "change", "groups"]
    assert list(data["current"]) == ["since", "until", "n", "value"]
    group = data["groups"][0]
    assert list(group) == ["key", "current", "previous", "rate_effect", "mix_effect",
                           "contribution", "significant", "small_sample"]  # fmt: skip
    assert list(group["current"]) == ["n", "share", "value"]

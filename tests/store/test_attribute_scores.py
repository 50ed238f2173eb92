"""Grouping by a kept column from `attribute_scores` gives what reading every response's JSON
gives, for any keys and values, across imports, and falls back when it cannot be written."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.scoring.scales import Metric
from csat_tui.store import attribute_scores
from csat_tui.store.aggregates import ScoreCounts, score_counts_by
from csat_tui.store.db import Store, open_store
from csat_tui.store.explain import GroupAnswers, group_answers
from csat_tui.store.health import rescue
from tests.helpers import record, write

HOSTILE = "'; DROP TABLE responses; --"
KEYS = ("Plan", "plan", "", "a.b", 'x"y', "$.Plan", HOSTILE, "Ключ 🙂")
DAYS = ("2026-10-01T08:00:00Z", "2026-10-01T23:59:59Z", "2026-10-02T00:00:00Z",
        "2026-10-05T12:00:00Z", "2026-09-30T10:00:00+02:00")  # fmt: skip
LONG = st.text(min_size=195, max_size=260)
"""Around the attribute index's 200-character limit (its long values are left out there)."""

values = st.one_of(
    st.sampled_from(("", " ", "free", "Free", "pro", HOSTILE, "NULL", "0", "null")),
    st.text(max_size=12),
    LONG,
    st.integers(-3, 3),
    st.just(None),
)
attributes = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), values, max_size=4)
grouped_keys = (st.sampled_from(KEYS) | st.text(max_size=6)).filter(lambda k: k == k.strip() != "")
"""A key `--by attribute:KEY` can name (a name, without spaces around it)."""


@st.composite
def records(draw: st.DrawFn) -> Record:
    scale = draw(st.sampled_from(("1-5", "1-7", "1-10")))
    top = int(scale.split("-")[1])
    return record(
        draw(st.none() | st.integers(1, top)),
        draw(st.none() | st.integers(0, 10)),
        draw(st.none() | st.integers(1, 7)),
        scale=scale,
        at=draw(st.none() | st.sampled_from(DAYS)),
        complete=draw(st.booleans()),
        attributes=draw(attributes),
    )


filters = st.sampled_from(
    (
        Filter(),
        Filter(since=date(2026, 10, 1)),
        Filter(until=date(2026, 10, 1)),
        Filter(since=date(2026, 10, 2), until=date(2026, 10, 5), complete_only=True),
        Filter(complete_only=True),
    )
)


def _by_json(store: Store, flt: Filter, key: str) -> list[ScoreCounts]:
    """The groups read from every response's JSON (the way it was done before the cache)."""
    return score_counts_by(store, flt, f"attribute:{key}", use_daily=False)


def _answers_from(groups: list[ScoreCounts], metric: Metric) -> list[GroupAnswers]:
    out = []
    for g in groups:
        if metric == "csat":
            n, high, low = g.csat.n, g.csat.satisfied, g.csat.low_n
        elif metric == "nps":
            n, high, low = g.nps.n, g.nps.promoters, g.nps.detractors
        else:
            n, high, low = g.ces.n, g.ces.easy, g.ces.low_n
        if n:
            out.append(GroupAnswers(g.key, n, high, low))
    return out


def _check(store: Store, flt: Filter, key: str) -> None:
    expected = _by_json(store, flt, key)
    assert score_counts_by(store, flt, f"attribute:{key}") == expected
    # The groups above came from the counts: they cover every response.
    upto = store.conn.execute(
        "SELECT upto FROM attribute_scores_upto WHERE key = ?", (key,)
    ).fetchone()
    assert upto == store.conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()
    for metric in ("csat", "nps", "ces"):
        got = sorted(group_answers(store, flt, metric, f"attribute:{key}"), key=_order)
        assert got == sorted(_answers_from(expected, metric), key=_order)


def _order(g: GroupAnswers) -> tuple[bool, str]:
    return (g.key is not None, g.key or "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
@given(
    st.lists(st.lists(records(), max_size=12), min_size=1, max_size=3),
    grouped_keys,
    filters,
)
def test_counts_per_value_equal_the_json_grouping_across_imports(
    imports: list[list[Record]], key: str, flt: Filter
) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        for i, batch in enumerate(imports):
            write(store, batch, checksum=f"c{i}")
            # Counted after each import: the next one tops the counts up.
            _check(store, flt, key)
        _check(store, Filter(), key)


def _store_with(store: Store, rows: list[dict[str, Any]], checksum: str = "x") -> None:
    write(
        store,
        [record(r.get("csat"), attributes=r["attributes"], at=r.get("at", DAYS[0])) for r in rows],
        checksum=checksum,
    )


def test_a_busy_store_is_read_directly_without_waiting(store: Store, db_path: Path) -> None:
    _store_with(store, [{"csat": 5, "attributes": {"Plan": "pro"}}, {"csat": 1, "attributes": {}}])
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock (an import)
    try:
        assert not attribute_scores.ready(store, "Plan")
        groups = score_counts_by(store, Filter(), "attribute:Plan")
        assert groups == _by_json(store, Filter(), "Plan")
        assert [g.key for g in groups] == [None, "pro"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.conn.execute("SELECT count(*) FROM attribute_scores_upto").fetchone()[0] == 0
    assert attribute_scores.ready(store, "Plan")


def test_a_read_only_store_is_read_directly(store: Store) -> None:
    _store_with(store, [{"csat": 4, "attributes": {"Plan": "free"}}])
    store.read_only = True
    assert score_counts_by(store, Filter(), "attribute:Plan") == _by_json(store, Filter(), "Plan")
    assert store.conn.execute("SELECT count(*) FROM attribute_scores").fetchone()[0] == 0


def test_other_filters_read_the_responses(store: Store) -> None:
    _store_with(store, [{"csat": 4, "attributes": {"Plan": "free"}}])
    flt = Filter(metric="csat")
    assert score_counts_by(store, flt, "attribute:Plan") == _by_json(store, flt, "Plan")
    assert store.conn.execute("SELECT count(*) FROM attribute_scores").fetchone()[0] == 0


def test_changed_or_deleted_responses_empty_the_counts(store: Store) -> None:
    _store_with(store, [{"csat": 5, "attributes": {"Plan": "pro"}}, {"csat": 2, "attributes": {}}])
    assert score_counts_by(store, Filter(), "attribute:Plan")[1].csat.satisfied == 1
    with store.write() as db:
        db.execute("UPDATE responses SET csat = 1")
    assert store.conn.execute("SELECT count(*) FROM attribute_scores").fetchone()[0] == 0
    assert score_counts_by(store, Filter(), "attribute:Plan")[1].csat.satisfied == 0
    with store.write() as db:
        db.execute("""UPDATE responses SET attributes = '{"Plan": "team"}'""")
    assert [g.key for g in score_counts_by(store, Filter(), "attribute:Plan")] == ["team"]
    with store.write() as db:
        db.execute("DELETE FROM explicit_ratings")
        db.execute("DELETE FROM responses")
    assert score_counts_by(store, Filter(), "attribute:Plan") == []


def test_a_later_import_is_added_to_the_counts(store: Store) -> None:
    _store_with(store, [{"csat": 5, "attributes": {"Plan": "pro"}}])
    assert [g.responses for g in score_counts_by(store, Filter(), "attribute:Plan")] == [1]
    _store_with(store, [{"csat": 1, "attributes": {"Plan": "pro"}}, {"attributes": {}}], "y")
    groups = score_counts_by(store, Filter(), "attribute:Plan")
    assert [(g.key, g.responses) for g in groups] == [(None, 1), ("pro", 2)]
    assert groups == _by_json(store, Filter(), "Plan")


def test_a_full_disk_is_read_directly(store: Store) -> None:
    # Counts of 60 long values need new pages.
    _store_with(store, [{"csat": 3, "attributes": {"Plan": f"{i}" * 300}} for i in range(60)])
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # no room for a new page
    assert not attribute_scores.ready(store, "Plan")
    assert score_counts_by(store, Filter(), "attribute:Plan") == _by_json(store, Filter(), "Plan")
    assert store.conn.execute("SELECT count(*) FROM attribute_scores_upto").fetchone()[0] == 0


def test_a_rescued_store_counts_again_from_what_was_rescued(store: Store, db_path: Path) -> None:
    _store_with(store, [{"csat": 5, "attributes": {"Plan": "pro"}}, {"attributes": {}}])
    counted = score_counts_by(store, Filter(), "attribute:Plan")
    store.close()
    target = db_path.with_name("rescued.db")
    rescue(db_path, target)
    with open_store(target) as rescued:
        assert rescued.conn.execute("SELECT count(*) FROM attribute_scores").fetchone()[0] == 0
        assert score_counts_by(rescued, Filter(), "attribute:Plan") == counted

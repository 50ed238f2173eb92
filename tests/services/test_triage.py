"""Triage actions, their audit trail, and undo that restores the triage tables exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.errors import NotFoundError, NothingToUndoError
from csat_tui.services import detail, triage
from csat_tui.store.db import Store, open_store
from tests.helpers import record, write


def triage_tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        for table in ("tags", "response_tags", "followups")
    }


@pytest.fixture
def three(store: Store) -> Store:
    write(store, [record(1, comment="bad"), record(2, comment="meh"), record(5)])
    return store


def test_tag_untag_and_history(three: Store) -> None:
    triage.tag(three, [1], ["Billing", "slow reply"])
    triage.tag(three, [1, 2], ["billing"])  # same tag, other case: no new tag
    assert three.conn.execute("SELECT name FROM tags ORDER BY id").fetchall() == [
        ("Billing",),
        ("slow reply",),
    ]
    assert detail(three, 2).row.tags == ("Billing",)
    triage.untag(three, [1], ["SLOW REPLY"])
    shown = detail(three, 1)
    assert shown.row.tags == ("Billing",)
    assert [e.action for e in shown.events] == ["tag", "tag", "untag"]
    assert {e.actor for e in shown.events} == {"tester"}


def test_followup_fields_merge(three: Store) -> None:
    triage.set_followup(three, [1], owner="Anna", due_date="2026-12-01")
    triage.set_followup(three, [1], status="in_progress", note="called, no answer")
    f = detail(three, 1).followup
    assert f is not None
    assert (f.status, f.owner, f.due_date, f.note) == (
        "in_progress", "Anna", "2026-12-01", "called, no answer"
    )  # fmt: skip


def test_undo_walks_back_one_action_at_a_time(three: Store) -> None:
    empty = triage_tables(three)
    triage.tag(three, [1], ["billing"])
    after_tag = triage_tables(three)
    triage.set_followup(three, [1], owner="Anna")
    assert triage.undo(three).action == "followup"
    assert triage_tables(three) == after_tag
    assert triage.undo(three).action == "tag"
    assert triage_tables(three) == empty
    with pytest.raises(NothingToUndoError):
        triage.undo(three)
    assert [e.undone for e in detail(three, 1).events if e.action != "undo"] == [True, True]


def test_unknown_response_or_tag(three: Store) -> None:
    with pytest.raises(NotFoundError, match="no response 99"):
        triage.tag(three, [99], ["x"])
    with pytest.raises(NotFoundError, match="no tag named 'nope'"):
        triage.untag(three, [1], ["nope"])


actions = st.lists(
    st.one_of(
        st.tuples(st.just("tag"), st.sets(st.integers(1, 3), min_size=1),
                  st.sets(st.sampled_from(["a", "B", "b", "c"]), min_size=1)),
        st.tuples(st.just("untag"), st.sets(st.integers(1, 3), min_size=1),
                  st.sets(st.sampled_from(["a", "b"]), min_size=1)),
        st.tuples(st.just("followup"), st.sets(st.integers(1, 3), min_size=1),
                  st.sampled_from(["open", "done", None])),
    ),
    max_size=8,
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(actions)
def test_any_actions_then_as_many_undos_restore_the_tables(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, [record(1), record(2), record(3)])
        triage.tag(store, [3], ["a"])  # something already there before the sequence
        start = triage_tables(store)
        done = 0
        for kind, ids, arg in steps:
            try:
                if kind == "tag":
                    triage.tag(store, sorted(ids), sorted(arg))
                elif kind == "untag":
                    triage.untag(store, sorted(ids), sorted(arg))
                else:
                    triage.set_followup(store, sorted(ids), status=arg, owner="o")
                done += 1
            except NotFoundError:
                pass  # untag of a tag that does not exist yet: no event
        for _ in range(done):
            triage.undo(store)
        assert triage_tables(store) == start

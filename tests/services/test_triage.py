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
        for table in ("tags", "response_tags", "followups", "triaged")
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
        st.tuples(st.just("triaged"), st.sets(st.integers(1, 3), min_size=1), st.none()),
        st.tuples(st.just("rename"), st.sampled_from(["a", "b", "c"]),
                  st.sampled_from(["b", "c", "d"])),
        st.tuples(st.just("merge"), st.sampled_from(["a", "b", "c"]),
                  st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("delete"), st.sampled_from(["a", "b", "c"]), st.none()),
    ),
    max_size=8,
)  # fmt: skip


def act(store: Store, kind: str, target: Any, arg: Any) -> None:
    if kind == "tag":
        triage.tag(store, sorted(target), sorted(arg))
    elif kind == "untag":
        triage.untag(store, sorted(target), sorted(arg))
    elif kind == "followup":
        triage.set_followup(store, sorted(target), status=arg, owner="o")
    elif kind == "triaged":
        triage.mark_triaged(store, sorted(target))
    elif kind == "rename":
        triage.rename_tag(store, target, arg)
    elif kind == "merge":
        triage.merge_tags(store, target, arg)
    else:
        triage.delete_tag(store, target)


@settings(max_examples=40, deadline=None)
@given(actions)
def test_any_actions_then_as_many_undos_restore_the_tables(steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, [record(1), record(2), record(3)])
        triage.tag(store, [3], ["a"])  # something already there before the sequence
        start = triage_tables(store)
        done = 0
        for kind, target, arg in steps:
            try:
                act(store, kind, target, arg)
                done += 1
            except (NotFoundError, ValueError):
                pass  # e.g. a tag that does not exist (yet): refused, no event
        for _ in range(done):
            triage.undo(store)
        assert triage_tables(store) == start


def test_undo_after_a_tag_merge_restores_both_tags(three: Store) -> None:
    triage.tag(three, [1, 2], ["slow"])
    triage.tag(three, [2, 3], ["late"])
    before = triage_tables(three)
    triage.merge_tags(three, "slow", "late")
    assert [t.name for t in triage.tag_counts(three)] == ["late"]
    assert triage.tag_counts(three)[0].responses == 3
    assert triage.undo(three).action == "merge_tags"
    assert triage_tables(three) == before


def test_rename_onto_an_existing_name_merges(three: Store) -> None:
    triage.tag(three, [1], ["Billing"])
    triage.tag(three, [2], ["invoice"])
    triage.rename_tag(three, "invoice", "billing")
    assert [(t.name, t.responses) for t in triage.tag_counts(three)] == [("Billing", 2)]
    triage.rename_tag(three, "Billing", "Payments")
    assert detail(three, 2).row.tags == ("Payments",)
    assert [e.action for e in triage.history(three)][:2] == ["rename_tag", "merge_tags"]


def test_delete_tag_and_undo(three: Store) -> None:
    triage.tag(three, [1, 2], ["spam"])
    before = triage_tables(three)
    triage.delete_tag(three, "SPAM")
    assert triage.tag_counts(three) == []
    triage.undo(three)
    assert triage_tables(three) == before


def test_queue_leaves_out_triaged_and_comment_less(three: Store) -> None:
    from csat_tui.filters import Filter

    # Response 1 (CSAT 1, comment) and 2 (CSAT 2, comment) are low; 3 is high.
    assert [r.id for r in triage.queue_page(three, Filter()).rows] == [2, 1]
    triage.mark_triaged(three, [2])
    assert triage.queue_count(three, Filter()) == 1
    assert detail(three, 2).row.triaged_at is not None
    triage.undo(three)
    assert triage.queue_count(three, Filter()) == 2

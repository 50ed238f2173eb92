"""History says exactly what each action changed: for any run of triage actions and undos,
the changes read from an event's snapshots are the difference in the store it made."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csat_tui.errors import NotFoundError, NothingToUndoError
from csat_tui.services import audit
from csat_tui.services import triage as actions
from csat_tui.store.db import Store, open_store
from tests.helpers import record, write

IDS = (1, 2, 3)
NAMES = ("billing", "Refund", "slow reply")


def _state(store: Store) -> dict[int, dict[str, Any]]:
    """What a person sees of each response's triage: tag names, follow-up, triaged."""
    out: dict[int, dict[str, Any]] = {}
    for i in IDS:
        tags = {
            row[0]
            for row in store.conn.execute(
                "SELECT t.name FROM response_tags rt JOIN tags t ON t.id = rt.tag_id"
                " WHERE rt.response_id = ?",
                (i,),
            )
        }
        follow = store.conn.execute(
            "SELECT status, owner, due_date, note FROM followups WHERE response_id = ?", (i,)
        ).fetchone()
        triaged = store.conn.execute("SELECT 1 FROM triaged WHERE response_id = ?", (i,))
        out[i] = {
            "tags": tags,
            "followup": dict(zip(audit.FOLLOWUP_FIELDS, follow, strict=True)) if follow else None,
            "triaged": triaged.fetchone() is not None,
        }
    return out


ids = st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True)
names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=2)
maybe = st.one_of(st.none(), st.sampled_from(["kim", "ana", "", "[b]x"]))
Step = tuple[str, list[int], Any]
action: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("tag"), ids, names),
    st.tuples(st.just("untag"), ids, names),
    st.tuples(
        st.just("followup"),
        ids,
        st.fixed_dictionaries(
            {
                "status": st.one_of(st.none(), st.sampled_from(["open", "done", "wont_do"])),
                "owner": maybe,
                "due_date": st.one_of(st.none(), st.sampled_from(["2026-11-02", "2026-12-01"])),
                "note": maybe,
            }
        ),
    ),
    st.tuples(st.just("triaged"), ids, st.none()),
    st.tuples(st.just("undo"), st.just([]), st.none()),
)


def _run(store: Store, step: Step) -> bool:
    kind, on, arg = step
    try:
        if kind == "tag":
            actions.tag(store, on, arg, actor="t")
        elif kind == "untag":
            actions.untag(store, on, arg, actor="t")
        elif kind == "followup":
            actions.set_followup(store, on, actor="t", **arg)
        elif kind == "triaged":
            actions.mark_triaged(store, on, actor="t")
        else:
            actions.undo(store, actor="t")
    except (NotFoundError, NothingToUndoError):
        return False
    return True


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(action, min_size=1, max_size=8))
def test_each_event_says_what_it_changed(steps: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, [record(3, comment=str(i)) for i in IDS])
        for step in steps:
            before = _state(store)
            if not _run(store, step):
                continue
            after = _state(store)
            event = actions.history(store, None, 1)[0]
            found = audit.changes(event)
            described = {c.response_id: c for c in found.responses}
            for i in IDS:
                old, new = before[i], after[i]
                change = described.get(i)
                if change is None:
                    assert old == new, (step, i)
                    continue
                fold = str.casefold
                assert {fold(t) for t in change.tags_added} == {
                    fold(t) for t in new["tags"] - old["tags"]
                }
                assert {fold(t) for t in change.tags_removed} == {
                    fold(t) for t in old["tags"] - new["tags"]
                }
                assert change.triaged == (
                    None if old["triaged"] == new["triaged"] else new["triaged"]
                )
                was, now = old["followup"] or {}, new["followup"] or {}
                assert {(c.field, c.before, c.after) for c in change.followup} == {
                    (f, was.get(f), now.get(f))
                    for f in audit.FOLLOWUP_FIELDS
                    if was.get(f) != now.get(f)
                }
                assert change.followup_created == (old["followup"] is None and now != {})
                # The words name every tag that changed, and say "no change" only when true.
                words = audit.describe(found, i)
                for tag in (*change.tags_added, *change.tags_removed):
                    assert tag in words
                if not change.changed:
                    assert "added" not in words and "removed" not in words


def test_a_bulk_action_that_did_different_things_says_each(store: Store) -> None:
    write(store, [record(3, comment=str(i)) for i in range(1, 9)])
    for i in range(1, 6):
        actions.set_followup(store, [i], owner=f"owner{i}", actor="t")
    actions.set_followup(store, list(range(1, 9)), owner="kim", actor="t")
    words = audit.describe(audit.changes(actions.history(store, None, 1)[0]))
    # Three responses had no follow-up; five had five different owners.
    assert words.startswith("opened a follow-up: status open, owner kim (responses 6, 7, 8)")
    assert "changed the follow-up: owner owner1 → kim (response 1)" in words
    assert words.endswith("; and 3 other changes")
    # For one response, only what happened to it.
    one = audit.describe(audit.changes(actions.history(store, 4, 1)[0]), 4)
    assert one == "changed the follow-up: owner owner4 → kim"

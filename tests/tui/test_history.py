"""A response's history in words, as the detail screen shows it."""

from __future__ import annotations

from csat_tui.services.triage import history, mark_triaged, set_followup, tag, undo
from csat_tui.store.db import Store
from csat_tui.tui.history import event_line
from tests.helpers import record, write


def test_each_action_reads_as_a_sentence(store: Store) -> None:
    write(store, [record(1, comment="x"), record(2, comment="y")])
    tag(store, [1, 2], ["billing", "[/b] odd"], actor="sam")
    set_followup(store, [1], owner="kim", due_date="2026-11-02", note="call", actor="sam")
    mark_triaged(store, [1], actor="sam")
    undo(store, actor="kim")
    lines = [event_line(e, 1) for e in history(store, 1)]
    assert lines[0].startswith("#4 ") and "kim undid action #3" in lines[0]
    assert "sam marked it triaged  [undone]" in lines[1]
    assert "set the follow-up: open, owner kim, due 2026-11-02, note 'call'" in lines[2]
    assert "sam tagged billing, [/b] odd (with 1 other response)" in lines[3]

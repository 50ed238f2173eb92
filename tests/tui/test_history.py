"""A response's history in words, as the detail screen shows it: what each action did."""

from __future__ import annotations

from csat_tui.services.triage import (
    history,
    mark_triaged,
    rename_tag,
    set_followup,
    tag,
    undo,
    untag,
)
from csat_tui.store.db import Store
from csat_tui.tui.history import event_line
from tests.helpers import record, write


def test_each_action_says_what_it_changed(store: Store) -> None:
    write(store, [record(1, comment="x"), record(2, comment="y")])
    tag(store, [1, 2], ["billing", "[/b] odd"], actor="sam")
    set_followup(store, [1], owner="kim", due_date="2026-11-02", note="call", actor="sam")
    set_followup(store, [1], owner="ana", status="done", actor="kim")
    untag(store, [1], ["billing"], actor="kim")
    mark_triaged(store, [1], actor="sam")
    undo(store, actor="kim")
    lines = [event_line(e, 1) for e in history(store, 1)]
    assert lines[0].startswith("#6 ")
    assert "kim undid #5: untriaged: back in the queue" in lines[0]
    assert "sam marked triaged  [undone]" in lines[1]
    assert "kim removed the tag billing" in lines[2]
    assert "kim changed the follow-up: status open → done, owner kim → ana" in lines[3]
    assert "sam opened a follow-up: status open, owner kim, due 2026-11-02, note 'call'" in lines[4]
    assert "sam added the tags [/b] odd, billing (with 1 other response)" in lines[5]


def test_history_names_a_tag_as_it_was_when_the_action_ran(store: Store) -> None:
    write(store, [record(1, comment="x")])
    tag(store, [1], ["billing"], actor="sam")
    rename_tag(store, "billing", "invoices", actor="sam")
    lines = [event_line(e, 1) for e in history(store, 1)]
    assert "sam added the tag billing" in lines[-1]


def test_an_action_that_changed_nothing_says_so(store: Store) -> None:
    write(store, [record(1, comment="x")])
    tag(store, [1], ["billing"], actor="sam")
    tag(store, [1], ["Billing"], actor="kim")
    line = event_line(history(store, 1)[0], 1)
    assert "kim tagged, but every response had those tags already" in line


def test_the_detail_screen_shows_what_each_action_did(store: Store) -> None:
    from csat_tui.services import detail
    from csat_tui.tui.screens.detail import detail_content

    write(store, [record(1, comment="x")])
    tag(store, [1], ["billing", "x\x1b]52;c;eA==\x07y"], actor="sam")
    set_followup(store, [1], owner="kim", actor="sam")
    set_followup(store, [1], owner="ana", status="done", actor="kim")
    shown = detail_content(detail(store, 1)).plain
    history_part = shown[shown.index("History") :]
    assert "kim changed the follow-up: status open → done, owner kim → ana" in history_part
    assert "sam opened a follow-up: status open, owner kim" in history_part
    assert "sam added the tags billing, x␛]52;c;eA==␇y" in history_part
    assert "\x1b" not in shown

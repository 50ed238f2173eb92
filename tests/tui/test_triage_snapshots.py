"""Snapshots of the triage queue, the follow-ups and the tags at 80×24 and 160×48.

The store is the small fixed one of `test_snapshots` plus a few follow-ups (one overdue
against the fixed clock). Regenerate with `--snapshot-update`, then look at them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from csat_tui.services import open_store
from csat_tui.services.triage import set_followup, tag
from tests.tui.support import build_small_store, make_app, settle

SIZES = [(80, 24), (160, 48)]
SnapCompare = Callable[..., bool]


@pytest.fixture
def triage_store(tmp_path: Path) -> Path:
    """The fixed store with follow-ups in every status and a few more tags."""
    path = build_small_store(tmp_path / "triage.db")
    with open_store(path) as store:
        set_followup(store, [7], owner="kim", due_date="2026-10-20", actor="tester")
        set_followup(store, [17], owner="sam", due_date="2026-11-03", note="[red]x", actor="t")
        set_followup(store, [27], owner="kim", status="in_progress", actor="tester")
        set_followup(store, [37], owner="sam", status="done", due_date="2026-10-01", actor="t")
        tag(store, [7, 17, 27], ["slow reply"], actor="tester")
        tag(store, [37], ["bug"], actor="tester")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue(snap_compare: SnapCompare, triage_store: Path, size: tuple[int, int]) -> None:
    app = make_app(triage_store, "queue")
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_followups(snap_compare: SnapCompare, triage_store: Path, size: tuple[int, int]) -> None:
    app = make_app(triage_store, "followups")
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tags(snap_compare: SnapCompare, triage_store: Path, size: tuple[int, int]) -> None:
    app = make_app(triage_store, "tags")
    assert snap_compare(app, terminal_size=size, run_before=_settled)

"""The app with another writer holding the store: a triage action waits, says so, then lands."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from csat_tui.tui.triage_runner import tag_action
from tests.faults.support import contents
from tests.tui.support import make_app, settle


async def test_a_triage_action_is_queued_while_the_store_is_busy(filled: Path) -> None:
    tags_before = contents(filled)["response_tags"][0]
    app = make_app(filled, "responses")
    async with app.run_test() as pilot:
        await settle(pilot)
        holder = sqlite3.connect(filled, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            app.triage.run(tag_action([9], ["refund"]))
            deadline = time.monotonic() + 30
            while app.triage.waiting_for is None:  # the runner's own signal that it waits
                assert time.monotonic() < deadline, "the action never said it was waiting"
                await pilot.pause(0.05)
            assert "the store is busy" in app.triage.waiting_for
            assert app.triage.busy
            said = [n.message for n in app._notifications]
            assert any("your change is queued" in m for m in said), said
            assert contents(filled)["response_tags"][0] == tags_before
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        deadline = time.monotonic() + 30
        while app.triage.busy:
            assert time.monotonic() < deadline, "the action never ran"
            await pilot.pause(0.05)
        await settle(pilot)
        assert app.triage.waiting_for is None
        assert any("Tagged #9: refund" in n.message for n in app._notifications)
    assert contents(filled)["response_tags"][0] == tags_before + 1

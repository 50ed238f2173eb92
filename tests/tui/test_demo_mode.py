"""The demo mode: every run starts from the original data, whatever the last one did."""

from __future__ import annotations

from pathlib import Path

from csat_tui.config import Settings
from csat_tui.services.demo import demo_session
from csat_tui.store.db import open_store
from csat_tui.tui.app import CsatApp
from tests.tui.support import settle


def triage_counts(path: Path) -> tuple[int, int, int]:
    """Responses tagged "training", events, and follow-ups in a store."""
    with open_store(path) as store:
        tagged = store.conn.execute(
            "SELECT count(*) FROM response_tags rt JOIN tags t ON t.id = rt.tag_id"
            " WHERE t.name = 'training'"
        ).fetchone()[0]
        events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        followups = store.conn.execute("SELECT count(*) FROM followups").fetchone()[0]
    return tagged, events, followups


async def test_demo_changes_do_not_persist_from_one_run_to_the_next() -> None:
    seen_at_start: list[tuple[int, int, int]] = []
    copies: list[Path] = []
    for _run in range(2):
        with demo_session() as path:
            copies.append(path)
            seen_at_start.append(triage_counts(path))
            app = CsatApp(Settings(db_path=path, demo=True, tour=False, screen="queue"))
            async with app.run_test(size=(120, 36)) as pilot:
                await settle(pilot)
                assert "DEMO" in app.sub_title
                await pilot.press("a")
                await settle(pilot)
                await pilot.press(*"training", "enter")
                await settle(pilot)
            tagged, events, _ = triage_counts(path)
            assert tagged == 1 and events == seen_at_start[-1][1] + 1  # the run did change it
    # The second run saw the original data, not what the first one did; both copies are gone.
    assert seen_at_start[1] == seen_at_start[0]
    assert seen_at_start[0][0] == 0
    assert not any(path.exists() for path in copies)

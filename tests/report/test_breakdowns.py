"""The report's breakdowns: by touchpoint always, by agent where the data has agents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csat_tui.filters import Filter
from csat_tui.services.report import build_report
from csat_tui.store.db import open_store
from tests.helpers import record, write

WEEK = Filter(since=date(2026, 10, 1), until=date(2026, 10, 7))


def test_agents_get_a_breakdown_with_the_numbers_of_scores_by_agent(db_path: Path) -> None:
    items = [
        record(csat=5 if i % 4 else 2, agent="Sam" if i % 2 else "Lee", touchpoint="billing",
               at=f"2026-10-0{1 + i % 7}T10:00:00Z")
        for i in range(40)
    ]  # fmt: skip
    with open_store(db_path) as store:
        write(store, items)
        data = build_report(store, WEEK, date(2026, 10, 8))
    by_agent = next(b for b in data.breakdowns if b.by == "agent")
    assert {r.counts.key: r.n for r in by_agent.rows} == {"Sam": 20, "Lee": 20}
    lee = next(r for r in by_agent.rows if r.counts.key == "Lee")
    assert lee.score == 50.0  # every 4th of the even rows is a 2: 10 of 20 satisfied


def test_no_agent_breakdown_when_no_response_has_an_agent(db_path: Path) -> None:
    with open_store(db_path) as store:
        write(
            store, [record(csat=4, touchpoint="app", at="2026-10-02T10:00:00Z") for _ in range(5)]
        )
        data = build_report(store, WEEK, date(2026, 10, 8))
    assert [b.by for b in data.breakdowns] == ["touchpoint"]

"""Migration 0007 fills agent and team in existing stores; the agents list ranks fairly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from csat_tui.filters import Filter
from csat_tui.services.agents import agents, sort_rows
from csat_tui.store.db import Store, open_store
from csat_tui.store.migrations import MIGRATIONS
from tests.helpers import record, write


def test_migration_fills_agent_and_team_from_kept_columns(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0007_agents")
    mapping = json.dumps([{"header": "Group", "role": "touchpoint"}])
    db.execute(
        "INSERT INTO imports (id, file_name, status, started_at, preset, mapping)"
        " VALUES (1, 'c.csv', 'done', 'x', 'chatwoot', '[]'),"
        " (2, 't.csv', 'done', 'x', 'zendesk', ?)",
        [mapping],
    )
    rows = [
        (1, "chatwoot", "a", 1, {"Agent Name": "Sam Agent (sam@example.com)", "Inbox": "Web"}),
        (2, "chatwoot", "b", 1, {"Agent Name": "", "Contact Name": "Jo"}),
        (3, "generic", "c", 1, {"Supervisor": "Mo", "Agent_name": " Vicki Collins "}),
        (4, "zendesk", "d", 2, {"Assignee": "Lee <lee@example.com>"}),
    ]
    for rid, source, ext, import_id, attributes in rows:
        db.execute(
            "INSERT INTO responses (id, source, external_id, import_id, attributes, csat,"
            " csat_scale, submitted_at, touchpoint) VALUES (?, ?, ?, ?, ?, 5, '1-5',"
            " '2026-10-01T10:00:00Z', ?)",
            [rid, source, ext, import_id, json.dumps(attributes), "Support" if rid == 4 else None],
        )
    db.close()
    with open_store(path) as store:
        found = store.conn.execute("SELECT id, agent, team FROM responses ORDER BY id").fetchall()
        assert found == [
            (1, "Sam Agent", "Web"),
            (2, None, None),
            (3, "Vicki Collins", None),
            (4, "Lee", "Support"),
        ]
        daily = store.conn.execute(
            "SELECT value, responses FROM daily_scores WHERE dimension = 'agent' ORDER BY value"
        ).fetchall()
        assert daily == [(None, 1), ("Lee", 1), ("Sam Agent", 1), ("Vicki Collins", 1)]
        indexed = store.conn.execute(
            "SELECT key, value, response_id FROM response_attributes ORDER BY response_id, key"
        ).fetchall()
        # Blank values are kept (a column present but empty is a value too).
        assert ("Supervisor", "Mo", 3) in indexed and ("Agent Name", "", 2) in indexed
        assert len(indexed) == 7


def _ratings(store: Store, agent: str, n: int, satisfied: int) -> None:
    write(
        store,
        [record(5 if i < satisfied else 2, agent=agent, external_id=f"{agent}-{i}")
         for i in range(n)],
        checksum=agent,
    )  # fmt: skip


def test_three_perfect_ratings_do_not_outrank_three_hundred_at_95(store: Store) -> None:
    _ratings(store, "Few", 3, 3)
    _ratings(store, "Many", 300, 285)
    _ratings(store, "Thirty", 30, 30)
    report = agents(store, Filter(), today=date(2026, 10, 2))
    by_name = {row.name: row for row in report.rows}
    assert by_name["Few"].counts.csat.pct == 100.0
    assert by_name["Many"].counts.csat.pct == 95.0
    assert by_name["Many"].rank == 1
    # 30 of 30 is 100 %, but its interval's low end is below 300 at 95 %'s.
    assert by_name["Thirty"].rank == 2
    assert by_name["Few"].rank is None and by_name["Few"].small
    assert [row.name for row in report.rows] == ["Many", "Thirty", "Few"]
    assert "Wilson" in report.rule
    # Sorting by the raw score puts Few first, but the fair order does not.
    assert sort_rows(report.rows, "score")[0].name in ("Few", "Thirty")
    assert sort_rows(report.rows, "rank")[0].name == "Many"


def test_agents_counts_low_scores_followups_and_tags(store: Store) -> None:
    _ratings(store, "Sam", 4, 2)
    ids = [r for (r,) in store.conn.execute("SELECT id FROM responses ORDER BY id")]
    store.conn.execute("INSERT INTO tags (id, name) VALUES (1, 'refund'), (2, 'slow')")
    store.conn.executemany(
        "INSERT INTO response_tags (response_id, tag_id) VALUES (?, ?)",
        [(ids[2], 1), (ids[3], 1), (ids[3], 2)],
    )
    store.conn.executemany(
        "INSERT INTO followups (response_id, status, due_date) VALUES (?, ?, ?)",
        [(ids[2], "open", "2026-09-01"), (ids[3], "in_progress", "2026-12-01"),
         (ids[0], "done", "2026-09-01")],
    )  # fmt: skip
    store.conn.commit()
    (row,) = agents(store, Filter(), today=date(2026, 10, 2)).rows
    assert row.extras.low == 2
    assert (row.extras.open_followups, row.extras.overdue) == (2, 1)
    assert row.extras.tags == [("refund", 2), ("slow", 1)]


def test_change_against_the_previous_period_per_agent(store: Store) -> None:
    now = [record(5 if i < 45 else 1, agent="Sam", at="2026-10-20T10:00:00Z") for i in range(50)]
    before = [record(5 if i < 25 else 1, agent="Sam", at="2026-10-05T10:00:00Z")
              for i in range(50)]  # fmt: skip
    write(store, [*now, *before])
    flt = Filter(since=date(2026, 10, 16), until=date(2026, 10, 30))
    (row,) = agents(store, flt, today=date(2026, 10, 31)).rows
    assert row.previous is not None and row.previous.csat.n == 50
    assert row.change is not None
    assert row.change.delta == 40.0 and row.change.significant

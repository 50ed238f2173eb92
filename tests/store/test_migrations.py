"""Forward-only migrations: a store made at any earlier version opens and keeps its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from csat_tui.errors import StoreError
from csat_tui.store.db import open_store
from csat_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION

NAMES = [m.name for m in MIGRATIONS.pending(Database(memory=True))]


def test_schema_version_counts_the_migrations() -> None:
    assert len(NAMES) == SCHEMA_VERSION


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.db"
    db = Database(path)
    if version < len(NAMES):
        MIGRATIONS.apply(db, stop_before=NAMES[version])
    assert db.execute("PRAGMA user_version").fetchone()[0] == version
    if version >= 1:
        db.execute(
            "INSERT INTO responses (id, source, external_id, respondent, csat, csat_scale, nps)"
            " VALUES (1, 'generic', 'a', 'ann', 5, '1-5', 10)"
        )
        if version < 13:
            db.execute(
                "INSERT INTO ratings (response_id, metric, question, score, scale)"
                " VALUES (1, 'csat', 'q', 5, '1-5')"
            )
        else:  # `ratings` is a view from 0013: an answer of its own is an explicit one
            db.execute(
                "INSERT INTO explicit_ratings (response_id, position, metric, question, score,"
                " scale) VALUES (1, 0, 'csat', 'q', 5, '1-5')"
            )
    db.close()
    with open_store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [m.name for m in MIGRATIONS.applied(store.db)] == NAMES
        expected = [("a", 5)] if version >= 1 else []
        assert store.conn.execute("SELECT external_id, csat FROM responses").fetchall() == expected
        # The rating stays (0013: as an explicit answer, having no import to derive it from).
        assert store.conn.execute(
            "SELECT response_id, metric, question, score, scale FROM ratings"
        ).fetchall() == ([(1, "csat", "q", 5, "1-5")] if version >= 1 else [])
        indexes = {i.name for i in store.db.table("responses").indexes}
        assert "idx_responses_submitted" in indexes
        assert "idx_responses_scores" not in indexes  # 0014: the rollups answer its queries
        assert {f"idx_responses_{m}_order" for m in ("csat", "nps", "ces")} <= indexes
        # The rollups are rebuilt by 0012 from the responses the store already had (a row
        # written behind the store's back before 0012 is in them; one written after is not).
        rolled = 1 <= version < 12
        bands = store.conn.execute(
            "SELECT csat_band, responses FROM daily_bands WHERE dimension = 'all'"
        ).fetchall()
        assert bands == ([("high", 1)] if rolled else [])
        cells = store.conn.execute("SELECT sum(responses) FROM daily_cells").fetchone()[0]
        assert cells == (1 if rolled else None)
        band_cells = store.conn.execute(
            "SELECT bands, touchpoint, responses FROM daily_band_cells"
        ).fetchall()
        assert band_cells == ([(1 * 512 + 2 * 64 + 2 * 8 + 4, None, 1)] if rolled else [])
        # And the customers' tiers of 0010, built from every response the store had (again,
        # not a row written behind its back after 0010).
        tiered = 1 <= version < 10
        tiers = store.conn.execute("SELECT respondent, tier FROM customer_tiers").fetchall()
        assert tiers == ([("ann", "advocate")] if tiered else [])
        state = store.conn.execute("SELECT through_id FROM customer_tiers_state").fetchone()
        assert state == ((1,) if tiered else (0,))


def test_reopening_a_current_store_writes_nothing(db_path: Path) -> None:
    open_store(db_path).close()
    before = db_path.stat().st_mtime_ns
    with open_store(db_path) as store:
        assert store.conn.total_changes == 0
    assert db_path.stat().st_mtime_ns == before


def test_a_newer_store_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer csat-tui"):
        open_store(db_path)


def test_other_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a csat-tui store"):
        open_store(other)
    text = tmp_path / "notes.txt"
    text.write_text("hello, this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a readable SQLite store"):
        open_store(text)


def test_0009_narrows_the_agent_and_team_indexes_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0009_partial_people_indexes")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 8
    rows = [(i, f"r{i}", 1 + i % 5, "Ana" if i % 3 == 0 else None, "Billing" if i % 4 else None)
            for i in range(1, 201)]  # fmt: skip
    db.conn.executemany(
        "INSERT INTO responses (id, source, external_id, csat, csat_scale, agent, team,"
        " submitted_at) VALUES (?, 'generic', ?, ?, '1-5', ?, ?, '2026-01-02T10:00:00Z')",
        rows,
    )
    db.conn.commit()
    db.close()
    with open_store(path) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT id, external_id, csat, agent, team FROM responses"
                            " ORDER BY id").fetchall() == rows  # fmt: skip
        sql = {name: sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN"
            " ('idx_responses_agent', 'idx_responses_team')")}  # fmt: skip
        assert sql["idx_responses_agent"].endswith("WHERE agent IS NOT NULL")
        assert sql["idx_responses_team"].endswith("WHERE team IS NOT NULL")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for column, value, n in (("agent", "Ana", 66), ("team", "Billing", 150)):
            query = f"SELECT count(*) FROM responses r WHERE r.{column} IN (?)"
            plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}", (value,)))
            assert f"idx_responses_{column}" in plan
            assert conn.execute(query, (value,)).fetchone()[0] == n

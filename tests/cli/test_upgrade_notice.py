"""Opening a large store of an earlier version says, once, that it is being upgraded."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.store import db as db_module
from csat_tui.store.migrations import MIGRATIONS

runner = CliRunner()
NAMES = [m.name for m in MIGRATIONS.pending(Database(memory=True))]


def old_store(path: Path, responses: int) -> None:
    """A store as the version before the latest migration left it, with some responses."""
    db = Database(path)
    MIGRATIONS.apply(db, stop_before=NAMES[-1])
    db.conn.executemany(
        "INSERT INTO responses (source, external_id, submitted_at, csat, csat_scale)"
        " VALUES ('generic', ?, '2026-10-01T10:00:00Z', 4, '1-5')",
        [(f"r{n}",) for n in range(responses)],
    )
    db.conn.commit()
    db.close()


@pytest.mark.parametrize("responses, told", [(3, True), (2, False)])
def test_a_large_store_is_said_to_be_upgrading_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, responses: int, told: bool
) -> None:
    monkeypatch.setattr(db_module, "UPGRADE_NOTICE_AT", 3)
    path = tmp_path / "old\x1b[31m.db"
    old_store(path, responses)
    first = runner.invoke(app, ["scores", "--db", str(path), "--format", "json"])
    assert first.exit_code == 0, first.stderr
    said = [line for line in first.stderr.splitlines() if "upgrading" in line]
    if told:
        assert len(said) == 1
        assert f"from schema {len(NAMES) - 1} to {len(NAMES)}" in said[0]
        assert "\x1b" not in said[0]  # the file's name as text
    else:
        assert said == []
    again = runner.invoke(app, ["scores", "--db", str(path), "--format", "json"])
    assert again.exit_code == 0
    assert "upgrading" not in again.stderr
    assert again.stdout == first.stdout

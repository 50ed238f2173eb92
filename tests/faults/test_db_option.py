"""`--db` before or after the command, and $CSAT_TUI_DB: the same store either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.support import cli, contents


def responses(path: Path) -> int:
    return contents(path)["responses"][0]


def test_db_before_the_command_is_the_store_written(tmp_path: Path, csv_file: Path) -> None:
    target = tmp_path / "x.db"
    default = tmp_path / "default-store.db"
    ran = cli("--db", target, "import", csv_file, "--timezone", "UTC")
    assert ran.code == 0, ran
    assert responses(target) == 200
    assert not default.exists()


def test_db_after_the_command_wins_over_one_before(tmp_path: Path, csv_file: Path) -> None:
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    assert cli("--db", before, "import", csv_file, "--db", after).code == 0
    assert responses(after) == 200
    assert not before.exists()


@pytest.mark.parametrize("where", ["before", "after", "env"])
def test_every_way_of_naming_the_store_reaches_the_same_one(
    tmp_path: Path, filled: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if where == "env":
        monkeypatch.setenv("CSAT_TUI_DB", str(filled))
        ran = cli("tag", "5", "refund")
    elif where == "before":
        ran = cli("--db", filled, "tag", "5", "refund")
    else:
        ran = cli("tag", "5", "refund", "--db", filled)
    assert ran.code == 0, ran
    assert cli("--db", filled, "triaged", "--tag", "refund", "--format", "json").code in (0, 2)
    assert contents(filled)["response_tags"][0] == 2
    assert not (tmp_path / "default-store.db").exists()

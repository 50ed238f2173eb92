"""Identical rows: in a ratings-only file (no id, date, respondent or comment) they are other
respondents giving the same answers; where a row carries any of those, an identical row is a
copy. Either way, importing the same file again adds nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.store.writer import DUPLICATE_NO_ID, DUPLICATE_STORED

runner = CliRunner()

RATINGS_ONLY = "Website,Scheduling,Audio\n4,5,3\n4,5,3\n2,3,3\n4,5,3\n5,5,5\n"


def _import(db: Path, path: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    summary: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return summary


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eval.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _csat_n(db: Path) -> int:
    result = runner.invoke(app, ["scores", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    n: int = json.loads(result.stdout)["csat"]["n"]
    return n


def test_identical_ratings_only_rows_are_different_respondents(
    tmp_path: Path, db_path: Path
) -> None:
    path = _write(tmp_path, RATINGS_ONLY)
    mapped = ("--map", "Website=csat:1-5")
    first = _import(db_path, path, *mapped)
    assert (first["records"], first["imported"], first["duplicates"]) == (5, 5, 0)
    assert first["reasons"]["duplicates"] == {}
    rule = [m for m in first["messages"] if "rows repeat an earlier row's answers" in m]
    assert len(rule) == 1 and rule[0].startswith("2 rows repeat")
    assert _csat_n(db_path) == 5
    again = _import(db_path, path, *mapped)
    assert (again["imported"], again["duplicates"]) == (0, 5)
    assert again["reasons"]["duplicates"] == {DUPLICATE_STORED: 5}
    assert _csat_n(db_path) == 5


def test_the_rule_is_not_said_when_no_row_repeats(tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path, "Website,Audio\n4,5\n3,3\n")
    first = _import(db_path, path, "--map", "Website=csat:1-5")
    assert not [m for m in first["messages"] if "repeat an earlier row" in m]


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("Submitted", "2026-10-01 10:00"),
        ("Comment", "The room was too small"),
        ("Email", "a@example.com"),
    ],
)
def test_a_row_with_a_date_comment_or_respondent_repeated_is_a_copy(
    tmp_path: Path, db_path: Path, header: str, cell: str
) -> None:
    text = f"{header},CSAT\n{cell},5\n{cell},5\nother {cell},4\n"
    path = _write(tmp_path, text.replace("other 2026-10-01", "2026-10-02"))
    first = _import(db_path, path)
    assert (first["records"], first["imported"], first["duplicates"]) == (3, 2, 1)
    assert first["reasons"]["duplicates"] == {DUPLICATE_NO_ID: 1}
    assert not [m for m in first["messages"] if "repeat an earlier row" in m]
    again = _import(db_path, path)
    assert again["reasons"]["duplicates"] == {DUPLICATE_STORED: 3}


def test_a_dry_run_counts_ratings_only_repeats_as_new(tmp_path: Path, db_path: Path) -> None:
    path = _write(tmp_path, RATINGS_ONLY)
    dry = _import(db_path, path, "--dry-run", "--map", "Website=csat:1-5")
    assert (dry["imported"], dry["duplicates"]) == (5, 0)

"""Real exports, imported through the CLI: the totals a separate reader counts, and the roles a
person assigns by reading each file (which column is the date, the comment, the main rating).

Totals are checked with the main rating named by `--map` (other ratings of the same metric kept
as attributes), so they test reading and counting, not guessing. Roles are checked on an import
without `--map`: what the importer decides by itself. The cases it gets wrong today are marked
`xfail(strict=True)` with what it decides instead; remove a mark once the importer gets it right.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from tests.importers.real_corpus import EXPECTED, Expected, count_rating, read_rows

runner = CliRunner()

BY_NAME = {expected.name: expected for expected in EXPECTED}
RATING_ROLE_PREFIXES = ("csat:", "nps:", "ces:")

ROLE_XFAILS: dict[tuple[str, str], str] = {}

RECORDS_XFAILS: dict[str, str] = {}
TOTALS_XFAILS: dict[str, str] = {}


def _invoke(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, list(args))
    summary: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return result.exit_code, summary


def _import(expected: Expected, db_path: Path, pinned: bool) -> tuple[int, dict[str, Any]]:
    args = ["import", str(expected.path), "--db", str(db_path), "--json"]
    if pinned:
        args += ["--map", f"{expected.rating}={expected.role}"]
        for other in expected.same_metric:
            args += ["--map", f"{other}=attribute"]
    return _invoke(*args)


def _scores(db_path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["scores", "--db", str(db_path), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _param(name: str, marks: dict[str, str]) -> Any:
    reason = marks.get(name)
    mark = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(BY_NAME[name], id=name.removesuffix(".csv"), marks=mark)


TOTALS_CASES = [_param(expected.name, TOTALS_XFAILS) for expected in EXPECTED]


def _role_case(expected: Expected, aspect: str) -> Any:
    reason = ROLE_XFAILS.get((expected.name, aspect))
    mark = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    case_id = f"{expected.name.removesuffix('.csv')}-{aspect}"
    return pytest.param(expected, aspect, id=case_id, marks=mark)


ROLE_CASES = [
    _role_case(expected, aspect)
    for expected in EXPECTED
    for aspect in ("rating", "submitted_at", "comment")
]


def test_the_corpus_is_what_provenance_lists() -> None:
    listed = (Path(__file__).parent / "fixtures" / "real" / "PROVENANCE.md").read_text("utf-8")
    files = sorted(p.name for p in EXPECTED[0].path.parent.iterdir() if p.name != "PROVENANCE.md")
    assert files == sorted(BY_NAME)
    for name in files:
        assert f"`{name}`" in listed, name
    assert len(files) >= 6


@pytest.mark.parametrize("expected", [_param(e.name, RECORDS_XFAILS) for e in EXPECTED])
def test_every_record_is_one_response(expected: Expected, db_path: Path) -> None:
    # Each row is one person's answers: none is a preview, a footer or a copy of another.
    _, rows = read_rows(expected)
    code, summary = _import(expected, db_path, pinned=True)
    assert code == 0, summary["messages"]
    assert summary["records"] == len(rows)
    assert (summary["imported"], summary["duplicates"], summary["skipped"]) == (len(rows), 0, 0)
    assert _scores(db_path)["responses"] == len(rows)


@pytest.mark.parametrize("expected", TOTALS_CASES)
def test_the_main_rating_gives_the_totals_counted_from_the_cells(
    expected: Expected, db_path: Path
) -> None:
    totals = count_rating(expected)
    assert totals.n > 0  # the table names a rating column that has answers
    code, summary = _import(expected, db_path, pinned=True)
    assert code == 0, summary["messages"]
    with sqlite3.connect(db_path) as conn:
        strays = conn.execute(
            'SELECT count(*) FROM rejects WHERE "column" = ?', (expected.rating,)
        ).fetchone()[0]
    assert strays == totals.strays
    block = _scores(db_path)[expected.metric]
    if expected.metric == "csat":
        assert (block["n"], block["satisfied"], block["scale"]) == (
            totals.n,
            totals.high,
            f"{expected.scale[0]}-{expected.scale[1]}",
        )
        assert block["pct"] == pytest.approx(totals.pct, abs=0.05)
    else:
        assert (block["n"], block["promoters"], block["detractors"]) == (
            totals.n,
            totals.high,
            totals.low,
        )
        assert block["score"] == pytest.approx(totals.nps, abs=0.05)


@pytest.mark.parametrize(("expected", "aspect"), ROLE_CASES)
def test_the_importer_assigns_the_roles_a_person_would(
    expected: Expected, aspect: str, db_path: Path
) -> None:
    code, summary = _import(expected, db_path, pinned=False)
    columns: dict[str, str] = summary["columns"]
    if aspect == "rating":
        if expected.guessed:
            assert code == 0, summary["messages"]
            assert columns.get(expected.rating) == expected.role
        else:
            # Nothing in the headers says which rating this is: the import asks instead.
            assert (code, summary["status"]) == (1, "failed")
            assert "--map" in summary["messages"][0]
            assert not [r for r in columns.values() if r.startswith(RATING_ROLE_PREFIXES)]
    elif aspect == "submitted_at":
        dated = [column for column, role in columns.items() if role == "submitted_at"]
        assert dated == ([expected.submitted_at] if expected.submitted_at else [])
    else:
        comments = [column for column, role in columns.items() if role == "comment"]
        assert len(comments) <= 1
        assert (comments[0] if comments else None) in expected.comments


def test_two_respondents_with_the_same_answers_are_both_counted(db_path: Path) -> None:
    # OHBM: lines 80 and 97 give the same six answers, and the file has no id, date or
    # comment to tell them apart from a copy; in a ratings-only survey they are two people.
    expected = BY_NAME["ohbm2021_meeting_eval.csv"]
    _, rows = read_rows(expected)
    assert rows[80 - 2] == rows[97 - 2]
    assert len({tuple(row) for row in rows}) == len(rows) - 1
    code, first = _import(expected, db_path, pinned=True)
    assert code == 0
    assert (first["imported"], first["duplicates"]) == (len(rows), 0)
    assert any("1 row repeats an earlier row's answers" in m for m in first["messages"])
    code, again = _import(expected, db_path, pinned=True)
    assert (again["imported"], again["duplicates"]) == (0, len(rows))
    assert _scores(db_path)["responses"] == len(rows)

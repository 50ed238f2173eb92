"""`csat-tui check` and `csat-tui rejects` on a store built by importing generated exports."""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

runner = CliRunner()

HEADER = ["response_id", "submitted_at", "email"]


def _write(path: Path, question: str, rows: Sequence[tuple[str, str, object, str]]) -> Path:
    """A generic export: (id, day, respondent, score) rows and a plain comment."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow([*HEADER, question, "comment"])
        for i, (rid, day, who, score) in enumerate(rows):
            comment = "test" if rid == "a-test-comment" else f"comment number {i}"
            out.writerow([rid, f"{day}T{9 + i % 12:02d}:{i % 60:02d}:00Z", who, score, comment])
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with each finding, in counts the test knows."""
    # a.csv: 20 answers on 1–5; two strays (a formula and an escape sequence) are rejects;
    # ann answers twice on 10-03 and three times on 10-04; four test entries.
    people = [f"person{i}@acme.com" for i in range(20)]
    people[2] = people[3] = "ann@acme.com"
    people[4] = people[5] = people[6] = "ANN@acme.com "
    people[10] = "test@acme.com"
    people[11] = "qa@example.com"
    people[12] = "Test User"
    days = ["2026-10-01"] * 2 + ["2026-10-03"] * 2 + ["2026-10-04"] * 3 + ["2026-10-05"] * 13
    scores: list[object] = [5, 4, 3, 2, 1] * 4
    scores[8], scores[15] = "=1+1", "\x1b[2Jbad"
    rows = [(f"a{i}", days[i], people[i], str(scores[i])) for i in range(20)]
    rows[13] = ("a-test-comment", days[13], people[13], "4")
    a = _write(tmp_path / "a.csv", "How satisfied were you?", rows)
    # b.csv: the same source answers CSAT on 1–10 (10 answers).
    b = _write(
        tmp_path / "b.csv",
        "Rate your satisfaction",
        [(f"b{i}", "2026-10-06", f"b{i}@acme.com", str(1 + i)) for i in range(10)],
    )
    # c.csv: a header that says the 1–5 scale runs backwards (6 answers).
    c = _write(
        tmp_path / "c.csv",
        "Overall (1 = very satisfied, 5 = very dissatisfied)",
        [(f"c{i}", "2026-10-07", f"c{i}@acme.com", str(1 + i % 5)) for i in range(6)],
    )
    path = tmp_path / "store.db"
    for file in (a, b, c):
        code, out, err = _run("import", str(file), "--db", str(path), "--json")
        assert code == 0, err
        summary = json.loads(out)["files"][0]
        assert summary["status"] == "imported", summary
    return path


def _check(db: Path, *args: str) -> dict[str, Any]:
    code, out, err = _run("check", "--db", str(db), "--format", "json", *args)
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


def _by_kind(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["kind"], []).append(finding)
    return found


def test_check_lists_each_finding_with_its_count(db: Path) -> None:
    report = _check(db)
    found = _by_kind(report)
    assert sorted(found) == ["rejects", "repeats", "reversed", "scales", "tests"]
    assert report["count"] == 5

    (rejects,) = found["rejects"]
    assert (rejects["count"], rejects["source"]) == (2, "generic")
    assert rejects["details"]["column"] == "How satisfied were you?"
    assert rejects["details"]["records"] == 36
    assert rejects["details"]["share_pct"] == pytest.approx(2 / 36 * 100)
    assert rejects["warning"] is True  # over 5 %

    (scales,) = found["scales"]
    assert scales["details"]["scales"] == {"1-5": 24, "1-10": 10}
    assert scales["details"]["main"] == "1-5"
    assert scales["count"] == 10

    (repeats,) = found["repeats"]
    assert repeats["count"] == 5
    assert repeats["details"] == {"respondents": 1, "respondent_days": 2}

    (tests,) = found["tests"]
    assert tests["count"] == 4
    assert tests["details"]["reasons"] == {
        "test address": 1, "example address": 1, "test name": 1, "test comment": 1
    }  # fmt: skip

    (reversed_,) = found["reversed"]
    assert reversed_["count"] == 6
    assert reversed_["details"]["question"] == "Overall (1 = very satisfied, 5 = very dissatisfied)"


def test_each_command_lists_as_many_rows_as_the_count(db: Path) -> None:
    for finding in _check(db)["findings"]:
        program, *argv = shlex.split(finding["command"])
        assert program == "csat-tui"
        code, out, err = _run(*argv, "--db", str(db), "--format", "json")
        assert code == 0, (finding["command"], err)
        assert len(json.loads(out)) == finding["count"], finding["command"]


def test_show_tells_why(db: Path) -> None:
    code, out, _ = _run("check", "--db", str(db), "--show", "tests", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["respondent"]: r["why"] for r in rows if r["why"] != "test comment"} == {
        "test@acme.com": "test address",
        "qa@example.com": "example address",
        "Test User": "test name",
    }


def test_the_filter_narrows_the_findings(db: Path) -> None:
    found = _by_kind(_check(db, "--since", "2026-10-06"))
    # Rejects follow only the sources of a filter; the rest follow all of it.
    assert sorted(found) == ["rejects", "reversed", "scales"]
    assert found["scales"][0]["details"]["scales"] == {"1-10": 10, "1-5": 6}
    assert found["scales"][0]["count"] == 6
    assert "--since 2026-10-06" in found["scales"][0]["command"]
    assert _by_kind(_check(db, "--source", "other")) == {}


def test_no_findings_exits_zero_and_says_so(tmp_path: Path) -> None:
    clean = _write(
        tmp_path / "clean.csv",
        "How satisfied were you?",
        [(f"r{i}", f"2026-10-{1 + i:02d}", f"p{i}@acme.com", str(1 + i % 5)) for i in range(10)],
    )
    path = tmp_path / "clean.db"
    assert _run("import", str(clean), "--db", str(path))[0] == 0
    code, out, _ = _run("check", "--db", str(path))
    assert code == 0
    assert "nothing found" in out
    assert _check(path) == {"filter": {}, "count": 0, "findings": []}


def test_check_table_names_the_command(db: Path) -> None:
    code, out, _ = _run("check", "--db", str(db))
    assert code == 0
    assert "csat-tui check --show tests" in out
    assert "5 findings" in out
    assert "\x1b" not in out


def test_rejects_verbatim_newest_import_first(db: Path, tmp_path: Path) -> None:
    code, out, _ = _run("rejects", "--db", str(db), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["line"], r["column"], r["value"]) for r in rows] == [
        (10, "How satisfied were you?", "=1+1"),
        (17, "How satisfied were you?", "\x1b[2Jbad"),
    ]
    assert all(r["import"] == 1 and r["file"] == "a.csv" for r in rows)
    # A newer import's rejects come first.
    late = _write(tmp_path / "late.csv", "How satisfied were you?",
                  [(f"z{i}", "2026-11-01", f"z{i}@acme.com", score)
                   for i, score in enumerate(("5", "4", "1", "@SUM(A1)"))])  # fmt: skip
    assert _run("import", str(late), "--db", str(db))[0] == 0
    code, out, _ = _run("rejects", "--db", str(db), "--format", "json", "--limit", "2")
    assert [r["value"] for r in json.loads(out)] == ["@SUM(A1)", "=1+1"]
    code, out, _ = _run("rejects", "--db", str(db), "--format", "json", "--import", "1")
    assert len(json.loads(out)) == 2


def test_rejects_table_shows_text_and_csv_is_formula_safe(db: Path) -> None:
    code, out, _ = _run("rejects", "--db", str(db))
    assert code == 0
    assert "\x1b" not in out
    assert "␛[2Jbad" in out
    code, out, _ = _run("rejects", "--db", str(db), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["value"] for r in rows] == ["'=1+1", "\x1b[2Jbad"]
    assert rows[0]["reason"].startswith("'=1+1'")


def test_rejects_of_an_unknown_import_fail(db: Path) -> None:
    code, _, err = _run("rejects", "--db", str(db), "--import", "99")
    assert code == 1
    assert "no import #99" in err
    code, _, _ = _run("rejects", "--db", str(db), "--column", "x", "--whole-rows")
    assert code == 2

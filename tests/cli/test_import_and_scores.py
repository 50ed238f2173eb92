"""The command-line contract: import, scores JSON, rejects, duplicates, exit codes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

runner = CliRunner()

GENERIC_CSV = """\
response_id,submitted_at,How satisfied were you?,How likely are you to recommend us?,comment
r1,2026-10-01T09:00:00Z,5,10,Great service
r2,2026-10-01T10:00:00Z,4,9,
r3,2026-10-02T11:00:00Z,2,3,"Slow, and I was charged twice"
r4,2026-10-03T12:00:00Z,6,7,The 6 is off the 1-5 scale
r5,2026-10-04T13:00:00Z,1,0,=HYPERLINK("http://x")
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    path.write_text(GENERIC_CSV, encoding="utf-8")
    return path


def test_import_with_no_options_gives_the_right_scores(survey: Path, db_path: Path) -> None:
    code, out, _ = invoke("import", str(survey), "--db", str(db_path), "--json")
    assert code == 0, out
    summary = json.loads(out)["files"][0]
    assert summary["path"] == str(survey)
    assert summary["preset"] == "generic"
    assert summary["encoding"] in {"utf-8", "ascii"}
    assert (summary["records"], summary["imported"], summary["duplicates"]) == (5, 5, 0)
    assert (summary["skipped"], summary["rejects"], summary["status"]) == (0, 1, "imported")

    code, out, _ = invoke("scores", "--db", str(db_path), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["filter"] == {}
    assert report["responses"] == 5
    assert report["first_submitted_at"] == "2026-10-01T09:00:00Z"
    assert report["last_submitted_at"] == "2026-10-04T13:00:00Z"
    # CSAT answers: 5, 4, 2, 1 (the 6 was rejected) → 2 of 4 satisfied.
    csat = report["csat"]
    assert (csat["n"], csat["satisfied"], csat["pct"], csat["scale"], csat["low_n"]) == (
        4, 2, 50.0, "1-5", 2
    )  # fmt: skip
    assert csat["mean"] == 3.0
    assert csat["ci95"][0] < 50 < csat["ci95"][1]
    # NPS answers: 10, 9, 3, 7, 0 → 2 promoters, 1 passive, 2 detractors → 0.
    nps = report["nps"]
    assert (nps["n"], nps["promoters"], nps["passives"], nps["detractors"], nps["score"]) == (
        5, 2, 1, 2, 0.0
    )  # fmt: skip
    assert nps["moe95"] > 0
    assert report["ces"] == {
        "n": 0, "mean": None, "easy": 0, "easy_pct": None, "low_n": 0, "small_sample": True
    }  # fmt: skip


def test_an_off_scale_cell_is_a_reject_with_line_and_column(survey: Path, db_path: Path) -> None:
    invoke("import", str(survey), "--db", str(db_path))
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        'SELECT line, "column", value, reason, response_id IS NOT NULL FROM rejects'
    ).fetchall()
    assert rows == [(5, "How satisfied were you?", "6", "6 is outside the 1–5 scale", 1)]
    # The rest of that row is imported: its NPS answer and its comment.
    assert conn.execute(
        "SELECT nps, comment, csat FROM responses WHERE external_id = 'r4'"
    ).fetchone() == (7, "The 6 is off the 1-5 scale", None)


def test_importing_the_same_file_twice_adds_nothing(survey: Path, db_path: Path) -> None:
    invoke("import", str(survey), "--db", str(db_path))
    code, out, _ = invoke("import", str(survey), "--db", str(db_path), "--json")
    assert code == 0
    summary = json.loads(out)["files"][0]
    assert (summary["imported"], summary["duplicates"], summary["rejects"]) == (0, 5, 0)
    assert any("already in the store" in m for m in summary["messages"])
    assert any("imported before" in m for m in summary["messages"])
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM responses").fetchone() == (5,)
    assert conn.execute("SELECT count(*) FROM rejects").fetchone() == (1,)
    code, out, _ = invoke("import", str(survey), "--db", str(db_path))
    assert "nothing new" in out


def test_a_missing_file_exits_1_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    code, out, err = invoke("import", str(tmp_path / "nope.csv"), "--json")
    assert code == 1
    summary = json.loads(out)["files"][0]
    assert summary["status"] == "failed"
    assert "nope.csv" in summary["messages"][0]
    assert "Traceback" not in out + err


def test_usage_errors_exit_2(survey: Path) -> None:
    assert invoke("import", str(survey), "--map", "nonsense")[0] == 2
    assert invoke("import", str(survey), "--map", "comment=feelings")[0] == 2
    assert invoke("import", str(survey), "--timezone", "Mars/Olympus")[0] == 2
    assert invoke("scores", "--since", "yesterday")[0] == 2
    assert invoke("scores", "--band", "terrible")[0] == 2
    assert invoke("scores", "--by", "planet")[0] == 2


def test_filters_and_groups_in_json(survey: Path, db_path: Path) -> None:
    invoke("import", str(survey), "--db", str(db_path))
    code, out, _ = invoke(
        "scores", "--db", str(db_path), "--since", "2026-10-02", "--by", "day", "--format", "json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["filter"] == {"since": "2026-10-02"}
    assert report["responses"] == 3
    assert [g["key"] for g in report["groups"]] == ["2026-10-02", "2026-10-03", "2026-10-04"]
    assert report["groups"][0]["csat"]["n"] == 1


def test_csv_output_is_defanged_and_json_keeps_text(survey: Path, db_path: Path) -> None:
    invoke("import", str(survey), "--db", str(db_path))
    code, out, _ = invoke("responses", "--db", str(db_path), "--format", "csv")
    assert code == 0
    assert "'=HYPERLINK" in out
    code, out, _ = invoke("responses", "--db", str(db_path), "--format", "jsonl")
    comments = [json.loads(line)["comment"] for line in out.splitlines()]
    assert '=HYPERLINK("http://x")' in comments


def test_export_writes_a_file(survey: Path, db_path: Path, tmp_path: Path) -> None:
    invoke("import", str(survey), "--db", str(db_path))
    target = tmp_path / "low.json"
    code, _, err = invoke(
        "export", "--db", str(db_path), "--band", "low", "--format", "json", "-o", str(target)
    )
    assert code == 0, err
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(r["external_id"] for r in rows) == ["r3", "r5"]


def test_tag_followup_and_undo(survey: Path, db_path: Path) -> None:
    invoke("import", str(survey), "--db", str(db_path))
    assert invoke("tag", "3", "billing", "slow reply", "--db", str(db_path))[0] == 0
    assert invoke("followup", "3", "--owner", "Anna", "--due", "2026-12-01",
                  "--db", str(db_path))[0] == 0  # fmt: skip
    _, out, _ = invoke("responses", "--db", str(db_path), "--tag", "billing", "--format", "json")
    assert [r["tags"] for r in json.loads(out)] == [["billing", "slow reply"]]
    assert json.loads(out)[0]["followup"] == "open"
    assert invoke("undo", "--db", str(db_path))[0] == 0
    _code, out, _ = invoke("responses", "--db", str(db_path), "--followup", "open", "--format",
                          "json")  # fmt: skip
    assert json.loads(out) == []
    assert invoke("tag", "999", "x", "--db", str(db_path))[0] == 1
    assert invoke("followup", "3", "--due", "soon", "--db", str(db_path))[0] == 2


def test_every_command_explains_itself() -> None:
    for command in ("import", "scores", "responses", "export", "tag", "untag", "followup",
                    "undo", "demo", "tui"):  # fmt: skip
        code, out, _ = invoke(command, "--help")
        assert code == 0
        assert "Example:" in out, command

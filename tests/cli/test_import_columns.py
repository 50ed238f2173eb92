"""`import` says which column got which role: a line for people, a `columns` field in JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.importers.planning import NO_COMMENT
from csat_tui.importers.roles import parse_role
from tests.importers.forms_data import forms_csv

runner = CliRunner()

OLD_FIELDS = {
    "path": str,
    "preset": str,
    "encoding": str,
    "records": int,
    "imported": int,
    "duplicates": int,
    "skipped": int,
    "rejects": int,
    "offered": int,
    "unoffered": int,
    "status": str,
    "messages": list,
}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _file(tmp_path: Path, text: str, name: str = "support_survey_responses.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _one_line(out: str) -> str:
    # Rich wraps long lines at the terminal width: join them back.
    return " ".join(out.split())


def test_the_output_names_the_comment_column(tmp_path: Path, db_path: Path) -> None:
    path = _file(tmp_path, forms_csv())
    code, out, _ = invoke("import", str(path), "--db", str(db_path))
    assert code == 0, out
    line = _one_line(out)
    assert "support_survey_responses.csv: columns: Timestamp → submitted_at, " in line
    assert "Email Address → respondent" in line
    assert "→ csat 1-5" in line and "→ nps 0-10" in line
    assert "Anything else? → comment" in line
    assert NO_COMMENT not in line


def test_a_guessed_comment_says_it_was_guessed(tmp_path: Path, db_path: Path) -> None:
    path = _file(tmp_path, forms_csv("Is there something you would like to share?"))
    code, out, _ = invoke("import", str(path), "--db", str(db_path))
    assert code == 0, out
    assert "Is there something you would… → comment (guessed from its text)" in _one_line(out)


def test_dry_run_shows_the_roles(tmp_path: Path, db_path: Path) -> None:
    path = _file(tmp_path, forms_csv("Is there something you would like to share?"))
    code, out, _ = invoke("import", str(path), "--db", str(db_path), "--dry-run")
    assert code == 0, out
    line = _one_line(out)
    assert "Columns" in line and "guessed from its text" in line
    assert "→ comment (guessed from its text)" in line


def test_a_file_without_a_comment_says_so(tmp_path: Path, db_path: Path) -> None:
    text = "Which plan are you on?,csat\n" + "Basic,4\nPro,5\nTeam,2\n" * 10
    path = _file(tmp_path, text, "plans.csv")
    code, out, _ = invoke("import", str(path), "--db", str(db_path))
    assert code == 0, out
    line = _one_line(out)
    assert "plans.csv: columns: csat → csat 1-5; kept as attributes: Which plan are you on?" in line
    assert f"plans.csv: {NO_COMMENT}" in line


def test_map_is_shown_in_the_line(tmp_path: Path, db_path: Path) -> None:
    path = _file(tmp_path, forms_csv())
    code, out, _ = invoke(
        "import", str(path), "--db", str(db_path), "--map", "Anything else?=ignore"
    )
    assert code == 0, out
    line = _one_line(out)
    assert "; ignored: Anything else?" in line
    assert NO_COMMENT in line


def test_json_adds_columns_and_keeps_the_old_fields(tmp_path: Path, db_path: Path) -> None:
    path = _file(tmp_path, forms_csv())
    code, out, _ = invoke("import", str(path), "--db", str(db_path), "--json")
    assert code == 0, out
    summary = json.loads(out)["files"][0]
    assert list(summary) == [*OLD_FIELDS, "columns", "reasons"]
    for field, kind in OLD_FIELDS.items():
        assert isinstance(summary[field], kind), field
    assert (summary["path"], summary["preset"], summary["status"]) == (
        str(path),
        "google-sheets",
        "imported",
    )
    assert (summary["records"], summary["imported"], summary["rejects"]) == (300, 300, 0)
    assert summary["columns"] == {
        "Timestamp": "submitted_at",
        "Email Address": "respondent",
        "How satisfied were you with our support?": "csat:1-5",
        "How likely are you to recommend us to a friend? (0-10)": "nps:0-10",
        "Anything else?": "comment",
    }
    for role in summary["columns"].values():
        parse_role(role)  # each is a valid --map role


def test_json_columns_of_a_failed_file_are_empty(tmp_path: Path, db_path: Path) -> None:
    code, out, _ = invoke("import", str(tmp_path / "nope.csv"), "--db", str(db_path), "--json")
    assert code == 1
    summary = json.loads(out)["files"][0]
    assert summary["status"] == "failed"
    assert summary["columns"] == {}


def test_json_columns_show_attributes_and_dates(tmp_path: Path, db_path: Path) -> None:
    text = "csat,Region,Visited\n4,North,2026-10-01\n5,South,2026-10-02\n"
    path = _file(tmp_path, text, "r.csv")
    code, out, _ = invoke(
        "import", str(path), "--db", str(db_path), "--json", "--map", "Visited=date"
    )
    assert code == 0, out
    summary = json.loads(out)["files"][0]
    assert summary["columns"] == {"csat": "csat:1-5", "Region": "attribute", "Visited": "date"}
    assert NO_COMMENT in summary["messages"]


def test_hostile_headers_are_shown_as_text(tmp_path: Path, db_path: Path) -> None:
    header = "[bold red]Say more[/] \x1b[2J"
    text = f'csat,"{header}"\n' + "4,The reply took two days and nobody called back\n" * 3
    path = _file(tmp_path, text, "h.csv")
    code, out, _ = invoke("import", str(path), "--db", str(db_path))
    assert code == 0, out
    assert "\x1b[2J" not in out
    assert "[bold red]Say more[/] ␛[2J → comment (guessed from its text)" in _one_line(out)

"""Triage from the command line: follow-ups, customers, history, triaged marks and tag care."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.store.db import open_store
from tests.helpers import record, write

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def db(db_path: Path) -> str:
    with open_store(db_path) as store:
        write(
            store,
            [
                record(1, 2, respondent="ann", comment="bad", at="2026-10-01T10:00:00Z"),
                record(2, None, respondent="ann", comment="worse", at="2026-10-02T10:00:00Z"),
                record(1, None, respondent="ann", comment="=cmd|' /C calc'!A0",
                       at="2026-10-03T10:00:00Z"),
                record(5, 10, respondent="bo", at="2026-10-03T11:00:00Z"),
            ],
        )  # fmt: skip
    return str(db_path)


def test_followups_due_words_and_overdue(db: str) -> None:
    assert run("followup", "1", "--owner", "Anna", "--due", "+2d", "--db", db)[0] == 0
    past = (date.today() - timedelta(days=3)).isoformat()
    assert run("followup", "2", "--owner", "Bo", "--due", past, "--db", db)[0] == 0
    _, out = run("followups", "--db", db, "--format", "json")
    rows = json.loads(out)
    assert [(r["response_id"], r["owner"], r["overdue"]) for r in rows] == [
        (2, "Bo", True),
        (1, "Anna", False),
    ]
    assert rows[1]["due_date"] == (date.today() + timedelta(days=2)).isoformat()
    _, out = run("followups", "--db", db, "--overdue", "--format", "json")
    assert [r["response_id"] for r in json.loads(out)] == [2]
    _, out = run("followups", "--db", db, "--owner", "anna", "--format", "json")
    assert [r["response_id"] for r in json.loads(out)] == [1]
    assert run("followup", "1", "--due", "someday", "--db", db)[0] == 2


def test_customers_at_risk_and_advocates(db: str) -> None:
    code, out = run("customers", "--at-risk", "--db", db, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "respondent": "ann",
            "tier": "immediate",
            "last_csat": ["1/5", "2/5", "1/5"],
            "latest_nps": 2,
            "last_response_at": "2026-10-03T10:00:00Z",
            "responses": 3,
        }
    ]
    code, out = run("customers", "--advocates", "--db", db, "--format", "csv")
    assert out.splitlines()[1].startswith("bo,advocate,5/5,10,")


def test_triaged_history_and_undo(db: str) -> None:
    assert run("triaged", "1", "3", "--db", db, "--user", "lead")[0] == 0
    _, out = run("history", "--db", db, "--format", "json")
    [event] = json.loads(out)
    assert (event["action"], event["actor"], event["responses"]) == ("triaged", "lead", "1, 3")
    assert run("undo", "--db", db)[0] == 0
    _, out = run("history", "3", "--db", db, "--format", "json")
    assert [(e["action"], e["undone"]) for e in json.loads(out)] == [
        ("undo", False),
        ("triaged", True),
    ]


def test_tags_list_rename_merge_delete(db: str) -> None:
    run("tag", "1", "billing", "--db", db)
    run("tag", "2", "invoice", "--db", db)
    assert run("tags", "merge", "invoice", "billing", "--db", db)[0] == 0
    _, out = run("tags", "list", "--db", db, "--format", "json")
    assert json.loads(out) == [{"tag": "billing", "responses": 2}]
    assert run("tags", "rename", "billing", "Payments", "--db", db)[0] == 0
    assert run("tags", "delete", "nope", "--db", db)[0] == 1
    assert run("tags", "delete", "payments", "--db", db)[0] == 0
    assert json.loads(run("tags", "list", "--db", db, "--format", "json")[1]) == []
    run("undo", "--db", db)
    assert json.loads(run("tags", "list", "--db", db, "--format", "json")[1]) == [
        {"tag": "Payments", "responses": 2}
    ]


def test_csv_lists_are_formula_safe(db: str) -> None:
    run("followup", "3", "--note", '=HYPERLINK("x")', "--db", db)
    _, out = run("followups", "--db", db, "--format", "csv")
    assert "'=HYPERLINK" in out
    assert "'=cmd|" in out


def test_saved_views_and_view_option(db: str) -> None:
    assert run("views", "save", "ann lows", "--band", "low", "--since", "2026-10-02",
               "--db", db)[0] == 0  # fmt: skip
    _, out = run("views", "list", "--json", "--db", db)
    assert json.loads(out) == [
        {"name": "ann lows", "filter": {"since": "2026-10-02", "band": "low"}}
    ]
    _, out = run("scores", "--view", "ann lows", "--db", db, "--format", "json")
    report = json.loads(out)
    assert report["filter"] == {"since": "2026-10-02", "band": "low"}
    assert report["responses"] == 2
    # Options given with --view override the view's fields.
    _, out = run("scores", "--view", "ann lows", "--since", "2026-10-01", "--db", db,
                 "--format", "json")  # fmt: skip
    assert json.loads(out)["responses"] == 3
    code, _ = run("scores", "--view", "nope", "--db", db)
    assert code == 1
    assert run("views", "delete", "ann lows", "--db", db)[0] == 0
    assert json.loads(run("views", "list", "--json", "--db", db)[1]) == []


def test_themes_command(db_path: Path) -> None:
    with open_store(db_path) as store:
        write(store, [record(1, comment="refund never came") for _ in range(6)])
        write(store, [record(5, comment="lovely staff") for _ in range(6)], source="other")
    code, out = run("themes", "--db", str(db_path), "--format", "json", "--top", "3")
    assert code == 0
    rows = json.loads(out)
    assert {r["term"] for r in rows} == {"refund", "never", "came"}
    assert rows[0]["low_comments"] == 6 and rows[0]["other_comments"] == 0


def test_response_rate_where_the_number_sent_is_known(db: str) -> None:
    _, out = run("scores", "--db", db, "--format", "json")
    assert json.loads(out)["response_rate"] is None
    assert run("sent", "--from", "2026-10-01", "--to", "2026-10-10", "--count", "20",
               "--db", db)[0] == 0  # fmt: skip
    _, out = run("scores", "--db", db, "--format", "json", "--until", "2026-10-05")
    # 4 responses; half of the 10-day period falls in the filter: 10 sent.
    assert json.loads(out)["response_rate"] == {"responses": 4, "sent": 10.0, "pct": 40.0}
    _, out = run("scores", "--db", db, "--format", "json", "--band", "low")
    assert json.loads(out)["response_rate"] is None  # a rate of low scores means nothing
    assert run("sent", "--from", "2026-10-10", "--to", "2026-10-01", "--count", "1",
               "--db", db)[0] == 2  # fmt: skip


def test_response_rate_counts_only_the_tools_whose_sends_are_known(db_path: Path) -> None:
    with open_store(db_path) as store:
        write(store, [record(5, at="2026-10-02T10:00:00Z") for _ in range(3)], source="zendesk")
        write(store, [record(5, at="2026-10-02T10:00:00Z") for _ in range(7)], source="typeform")
    run("sent", "--from", "2026-10-01", "--to", "2026-10-31", "--count", "12",
        "--source", "zendesk", "--db", str(db_path))  # fmt: skip
    _, out = run("scores", "--db", str(db_path), "--format", "json")
    assert json.loads(out)["response_rate"] == {"responses": 3, "sent": 12.0, "pct": 25.0}

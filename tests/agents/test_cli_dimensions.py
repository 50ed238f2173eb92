"""Agents, teams and kept columns as dimensions, from real exports through the CLI."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

runner = CliRunner()
FIXTURES = Path(__file__).parent.parent / "importers" / "fixtures"
CHATWOOT = FIXTURES / "chatwoot.csv"
SUPPORT = FIXTURES / "real" / "ecommerce_support_csat.csv"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def scores_json(db: Path, *args: str) -> dict[str, object]:
    code, out, err = invoke("scores", "--db", str(db), "--format", "json", *args)
    assert code == 0, err
    found: dict[str, object] = json.loads(out)
    return found


def groups(report: dict[str, object]) -> dict[str | None, tuple[int, int, int]]:
    """key → (responses, csat answers, satisfied)."""
    rows = report["groups"]
    assert isinstance(rows, list)
    return {g["key"]: (g["responses"], g["csat"]["n"], g["csat"]["satisfied"]) for g in rows}


@pytest.fixture
def chatwoot(db_path: Path) -> Path:
    code, _, err = invoke("import", str(CHATWOOT), "--db", str(db_path))
    assert code == 0, err
    return db_path


@pytest.fixture
def support(db_path: Path) -> Path:
    code, _, err = invoke("import", str(SUPPORT), "--db", str(db_path))
    assert code == 0, err
    return db_path


def read_support() -> list[dict[str, str]]:
    """The support file read with the csv module alone: the counts to compare with."""
    with SUPPORT.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_by(rows: list[dict[str, str]], column: str) -> dict[str | None, tuple[int, int, int]]:
    counts: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        key = row[column].strip() or None
        counts[key][0] += 1
        score = row["CSAT Score"].strip()
        if score:
            counts[key][1] += 1
            counts[key][2] += int(score) >= 4
    return {key: (n, answered, satisfied) for key, (n, answered, satisfied) in counts.items()}


def test_chatwoot_by_agent_has_one_group_per_agent_and_one_for_the_unassigned(
    chatwoot: Path,
) -> None:
    with CHATWOOT.open(encoding="utf-8-sig", newline="") as handle:
        raw = [row["Agent Name"] for row in csv.DictReader(handle) if row.get("Rating")]
    expected = Counter(name.split(" (")[0] if name else None for name in raw)
    found = groups(scores_json(chatwoot, "--by", "agent"))
    assert {key: n for key, (n, _, _) in found.items()} == dict(expected)
    assert None in found and "Sam Agent" in found


@pytest.mark.parametrize("name", ["Sam Agent", "Sam Agent (sam@example.com)"])
def test_chatwoot_agent_filter_selects_that_agents_responses(chatwoot: Path, name: str) -> None:
    report = scores_json(chatwoot, "--agent", name)
    assert report["responses"] == 2
    assert report["filter"] == {"agents": ["Sam Agent"]}
    code, out, err = invoke("responses", "--db", str(chatwoot), "--agent", name, "--format", "json")
    assert code == 0, err
    assert {row["comment"] for row in json.loads(out)} == {"Super helpful", None}


def test_support_by_agent_matches_a_separate_reader(support: Path) -> None:
    assert groups(scores_json(support, "--by", "agent")) == expected_by(
        read_support(), "Agent_name"
    )


def test_support_by_supervisor_attribute_matches_a_separate_reader(support: Path) -> None:
    found = groups(scores_json(support, "--by", "attribute:Supervisor"))
    assert found == expected_by(read_support(), "Supervisor")


def test_support_where_shift_matches_a_separate_reader(support: Path) -> None:
    rows = [r for r in read_support() if r["Agent Shift"] == "Morning"]
    report = scores_json(support, "--where", "Agent Shift=Morning")
    assert report["responses"] == len(rows)
    csat = report["csat"]
    assert isinstance(csat, dict)
    assert csat["satisfied"] == sum(int(r["CSAT Score"]) >= 4 for r in rows if r["CSAT Score"])


def test_where_values_of_one_key_or_and_keys_and(support: Path) -> None:
    rows = read_support()
    shifts = {"Morning", "Evening"}
    supervisor = rows[0]["Supervisor"]
    either = scores_json(
        support, "--where", "Agent Shift=Morning", "--where", "Agent Shift=Evening"
    )
    assert either["responses"] == sum(r["Agent Shift"] in shifts for r in rows)
    both = scores_json(
        support,
        "--where", "Agent Shift=Morning", "--where", "Agent Shift=Evening",
        "--where", f"Supervisor={supervisor}",
    )  # fmt: skip
    assert both["responses"] == sum(
        r["Agent Shift"] in shifts and r["Supervisor"] == supervisor for r in rows
    )
    assert both["filter"] == {
        "where": {"Agent Shift": ["Morning", "Evening"], "Supervisor": [supervisor]}
    }


def test_agent_filter_and_where_agree_with_by_agent(support: Path) -> None:
    by_agent = groups(scores_json(support, "--by", "agent"))
    name = max((k for k in by_agent if k), key=lambda k: by_agent[k][0])
    assert scores_json(support, "--agent", name)["responses"] == by_agent[name][0]
    assert scores_json(support, "--where", f"Agent_name={name}")["responses"] == by_agent[name][0]


def test_a_where_without_equals_is_a_usage_error(support: Path) -> None:
    code, _, err = invoke("scores", "--db", str(support), "--where", "Agent Shift")
    assert code == 2
    assert "COLUMN=VALUE" in err


def test_an_unknown_breakdown_is_a_usage_error(support: Path) -> None:
    code, _, err = invoke("scores", "--db", str(support), "--by", "planet")
    assert code == 2
    assert "attribute:COLUMN" in err


def test_a_saved_view_keeps_agent_team_and_where(support: Path) -> None:
    code, _, err = invoke(
        "views", "save", "mornings", "--db", str(support),
        "--where", "Agent Shift=Morning", "--agent", "Richard Buchanan", "--team", "Nobody",
    )  # fmt: skip
    assert code == 0, err
    assert "agent Richard Buchanan; team Nobody; Agent Shift is Morning" in err
    report = scores_json(support, "--view", "mornings")
    assert report["filter"] == {
        "agents": ["Richard Buchanan"], "teams": ["Nobody"], "where": {"Agent Shift": ["Morning"]}
    }  # fmt: skip
    assert report["responses"] == 0


def test_agents_command_lists_every_agent_with_the_rule(support: Path) -> None:
    code, out, err = invoke("agents", "--db", str(support), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    expected = expected_by(read_support(), "Agent_name")
    assert {a["agent"]: a["responses"] for a in report["agents"]} == {
        k: n for k, (n, _, _) in expected.items()
    }
    assert "Wilson" in report["rule"]
    # Every agent here has fewer than 30 answers: flagged, none ranked.
    assert all(a["small_sample"] and a["rank"] is None for a in report["agents"])
    code, out, err = invoke("agents", "--db", str(support))
    assert code == 0, err
    assert "fewer than 30 answers" in out

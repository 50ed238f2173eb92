"""--period, the clock the report counts from, and the follow-ups it lists."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.errors import FilterError
from csat_tui.filters import Filter
from csat_tui.services.demo import DEMO_TODAY
from csat_tui.services.report import build_report, parse_period, store_today, took
from csat_tui.store.db import open_store

runner = CliRunner()
DAY = date(2026, 11, 20)


def test_week_and_month_end_today_as_the_apps_periods() -> None:
    assert parse_period("week", DAY) == (date(2026, 11, 14), DAY)
    assert parse_period(" Month ", DAY) == (date(2026, 10, 22), DAY)


@given(st.dates(), st.dates())
def test_a_range_is_those_days_both_included(a: date, b: date) -> None:
    since, until = min(a, b), max(a, b)
    assert parse_period(f"{since}..{until}", DAY) == (since, until)
    if since != until:
        with pytest.raises(FilterError, match="ends before it starts"):
            parse_period(f"{until}..{since}", DAY)


@pytest.mark.parametrize("text", ["fortnight", "2026-11-01", "2026-11-01..", "..2026-11-02",
                                  "2026-13-01..2026-13-02", "yesterday..today"])  # fmt: skip
def test_anything_else_is_a_filter_error(text: str) -> None:
    with pytest.raises(FilterError):
        parse_period(text, DAY)


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *args])
    return result.exit_code, result.stderr


def test_usage_errors_exit_2_in_one_line(demo_db: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "r.html")
    code, err = _run("--db", str(demo_db), "--period", "fortnight", "-o", out)
    assert code == 2 and "is not a period" in err and len(err.strip().splitlines()) == 1
    code, err = _run("--db", str(demo_db), "--period", "week", "--since", "2026-11-01", "-o", out)
    assert code == 2 and "either --period or --since" in err
    code, err = _run("--db", str(demo_db), "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "needs .html or .md" in err
    code, err = _run("--db", str(demo_db), "-o", str(tmp_path / "no" / "r.md"))
    assert code == 1 and "does not exist" in err
    assert not Path(out).exists()


def test_the_demo_store_counts_from_the_demos_today(demo_db: Path, tmp_path: Path) -> None:
    with open_store(demo_db) as store:
        assert store_today(store) == DEMO_TODAY
    code, err = _run("--db", str(demo_db), "-o", str(tmp_path / "r.md"))
    week = f"{DEMO_TODAY - timedelta(days=6)} to {DEMO_TODAY}"
    assert code == 0 and week in err
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Customer satisfaction: {week}\n")
    # Overdue is counted on the demo's clock too: the ones due before its today.
    assert "**Still open: 20, 10 overdue**" in text


def test_another_store_counts_from_today(hostile_db: Path) -> None:
    with open_store(hostile_db) as store:
        assert store_today(store) == datetime.now(UTC).date()


def test_since_and_until_are_the_period_too(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    code, _ = _run("--db", str(demo_db), "--since", "2026-10-01", "--until", "2026-10-07",
                   "-o", str(out))  # fmt: skip
    assert code == 0
    assert out.read_text().startswith("# Customer satisfaction: 2026-10-01 to 2026-10-07\n")


def test_the_loops_closed_this_period_and_the_open_ones(hostile_db: Path) -> None:
    today = datetime.now(UTC).date()
    with open_store(hostile_db) as store:
        week = build_report(store, Filter().with_range(today - timedelta(days=6), today), today)
        before = build_report(
            store, Filter().with_range(today - timedelta(days=20), today - timedelta(days=7)), today
        )
    assert [(x.owner, x.status) for x in week.closed] == [("Omar & <Co>", "done")]
    assert took(week.closed[0]) == "under an hour"
    assert before.closed == []  # closed today, not in a period that ended last week
    assert [(x.owner, week.overdue(x)) for x in week.open] == [("<i>Eve</i>", True)]
    assert before.open == week.open  # what is open is open now, whatever the period


def test_customers_at_risk_and_themes_with_two_examples(hostile_db: Path) -> None:
    today = datetime.now(UTC).date()
    with open_store(hostile_db) as store:
        data = build_report(store, Filter().with_range(today - timedelta(days=6), today), today)
    assert [c.respondent for c in data.at_risk] == ["<script>alert('who')</script>@example.com"]
    assert data.themes, "the hostile comment's words are the low scores' themes"
    for theme in data.themes:
        assert len(theme.examples) == 2 and len(set(theme.examples)) == 2
        assert all(theme.theme.term in json.dumps(e).lower() for e in theme.examples)

"""`csat-tui explain` on a copy of the demo store: the story, the JSON contract, the errors."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.services.demo import demo_session

runner = CliRunner()
AFTER = ["--since", "2026-08-03", "--until", "2026-08-23"]


@pytest.fixture(scope="module")
def demo_db() -> Iterator[Path]:
    with demo_session() as path:
        yield path


def _json(db: Path, *args: str) -> Any:
    result = runner.invoke(app, ["explain", "--db", str(db), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_by_touchpoint_ranks_billing_first(demo_db: Path) -> None:
    data = _json(demo_db, *AFTER, "--by", "touchpoint")
    assert data["metric"] == "csat" and data["by"] == "touchpoint"
    assert data["previous"]["since"] == "2026-07-13"
    assert data["previous"]["until"] == "2026-08-02"
    groups = data["groups"]
    assert isinstance(groups, list)
    assert groups[0]["key"] == "billing"
    change = data["change"]
    assert isinstance(change, float) and change < 0
    assert groups[0]["contribution"] / change > 0.5
    assert math.isclose(sum(g["contribution"] for g in groups), change, abs_tol=1e-9)
    assert groups[0]["significant"] is True and groups[0]["small_sample"] is False


def test_no_by_picks_touchpoint(demo_db: Path) -> None:
    assert _json(demo_db, *AFTER)["by"] == "touchpoint"
    result = runner.invoke(app, ["explain", "--db", str(demo_db), *AFTER])
    assert result.exit_code == 0, result.stderr
    assert "Chose touchpoint" in result.stderr
    assert "billing" in result.stdout and "significant" in result.stdout


def test_nps_from_september_pro_leads(demo_db: Path) -> None:
    data = _json(demo_db, "--since", "2026-09-01", "--until", "2026-11-15", "--metric", "nps")
    assert data["metric"] == "nps" and data["by"] == "segment"
    groups = data["groups"]
    assert isinstance(groups, list) and groups[0]["key"] == "pro"


def test_compare_with_dates_and_csv(demo_db: Path) -> None:
    args = ["explain", "--db", str(demo_db), *AFTER, "--by", "channel"]
    result = runner.invoke(app, [*args, "--compare", "2026-06-01..2026-06-21", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["key"] for r in rows} == {"email", "chat", "web", "in-app"}
    data = _json(demo_db, *AFTER, "--by", "channel", "--compare", "2026-06-01..2026-06-21")
    assert data["previous"]["since"] == "2026-06-01"
    total = sum(float(r["contribution"]) for r in rows)
    assert math.isclose(total, data["change"], abs_tol=1e-9)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--by", "planet"], "cannot explain by 'planet'"),
        (["--metric", "ces"], "explain takes --metric csat or nps"),
        (["--compare", "2026-06-01"], "is not a period"),
        (["--compare", "2026-06-21..2026-06-01"], "starts (2026-06-21) after it ends"),
    ],
)
def test_usage_errors(demo_db: Path, args: list[str], words: str) -> None:
    result = runner.invoke(app, ["explain", "--db", str(demo_db), *AFTER, *args])
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_nothing_to_compare_fails_in_one_line(demo_db: Path) -> None:
    result = runner.invoke(
        app, ["explain", "--db", str(demo_db), "--since", "2020-01-01", "--until", "2020-01-31"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "csat-tui: no CSAT % answers in the previous period (2019-12-01..2019-12-31): "
        "nothing to compare"
    )


def test_help_names_the_decomposition() -> None:
    result = runner.invoke(app, ["explain", "--help"])
    assert result.exit_code == 0
    assert "mean share" in result.stdout and "no leftover" in result.stdout

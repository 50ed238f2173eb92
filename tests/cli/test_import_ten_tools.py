"""As a new user would: ten exports of different tools into one store, then scores by source."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from csat_tui.cli.main import app

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"
runner = CliRunner()

# Files that name no zone get --timezone, as the user would be told; the rest get nothing.
FILES: list[tuple[str, tuple[str, ...]]] = [
    ("surveymonkey.csv", ("--timezone", "America/New_York")),
    ("qualtrics.csv", ()),
    ("typeform.csv", ()),
    ("google_forms.csv", ()),
    ("google_sheets.csv", ("--timezone", "Europe/London")),
    ("zendesk_ratings.json", ()),
    ("delighted.json", ()),
    ("formbricks.csv", ("--timezone", "Europe/Berlin")),
    ("chatwoot.csv", ()),
    ("hotjar.csv", ("--timezone", "Europe/Paris")),
]

# source: responses, CSAT (n, satisfied, pct), NPS (n, score)
EXPECTED = {
    "chatwoot": (4, (4, 2, 50.0), (0, None)),
    "delighted": (3, (0, 0, None), (3, 0.0)),
    "formbricks": (4, (4, 2, 50.0), (3, 0.0)),
    "google_forms": (4, (4, 2, 50.0), (4, 25.0)),
    "google_sheets": (3, (3, 2, 66.7), (3, 66.7)),
    "hotjar": (3, (3, 2, 66.7), (3, 33.3)),
    "qualtrics": (5, (5, 2, 40.0), (4, -25.0)),
    "surveymonkey": (7, (6, 3, 50.0), (6, 0.0)),
    "typeform": (5, (4, 2, 50.0), (4, 25.0)),
    "zendesk": (3, (3, 2, 66.7), (0, None)),
}


def _tenth(value: float | None) -> float | None:
    """The JSON is unrounded; the table above is written to one decimal."""
    return None if value is None else round(value, 1)


def test_ten_tools_one_store_no_options_but_timezone(db_path: Path) -> None:
    for name, options in FILES:
        result = runner.invoke(
            app, ["import", str(FIXTURES / name), "--db", str(db_path), *options, "--json"]
        )
        assert result.exit_code == 0, (name, result.stdout, result.stderr)
        summary = json.loads(result.stdout)["files"][0]
        assert summary["status"] == "imported", (name, summary)
        assert summary["preset"] != "generic", name
    result = runner.invoke(
        app, ["scores", "--db", str(db_path), "--by", "source", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    got = {
        g["key"]: (
            g["responses"],
            (g["csat"]["n"], g["csat"]["satisfied"], _tenth(g["csat"]["pct"])),
            (g["nps"]["n"], _tenth(g["nps"]["score"])),
        )
        for g in report["groups"]
    }
    assert got == EXPECTED
    assert report["responses"] == sum(e[0] for e in EXPECTED.values())

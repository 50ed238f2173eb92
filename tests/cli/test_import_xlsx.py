"""XLSX: a SurveyMonkey workbook reads like its CSV, so importing both adds nothing new."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from typer.testing import CliRunner

from csat_tui.cli.main import app

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"
runner = CliRunner()
_DATE = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} [AP]M")


def typed(text: str) -> Any:
    """A CSV cell as Excel would hold it: numbers as numbers, dates as datetimes."""
    if text.isdigit():
        return int(text)
    if _DATE.fullmatch(text):
        return datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p")
    return text or None


def surveymonkey_workbook(path: Path) -> Path:
    """The SurveyMonkey fixture's responses as the XLSX SurveyMonkey would write."""
    with (FIXTURES / "surveymonkey.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet"
    for number, row in enumerate(table):
        sheet.append([cell or None for cell in row] if number < 2 else [typed(c) for c in row])
    book.save(path)
    return path


def summary_of(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["import", *args, "--json"])
    assert result.exit_code == 0, result.stdout + result.stderr
    files: dict[str, Any] = json.loads(result.stdout)["files"][0]
    return files


def test_the_xlsx_of_a_survey_adds_nothing_after_its_csv(db_path: Path, tmp_path: Path) -> None:
    book = surveymonkey_workbook(tmp_path / "responses.xlsx")
    zone = ("--timezone", "America/New_York", "--db", str(db_path))
    first = summary_of(str(FIXTURES / "surveymonkey.csv"), *zone)
    second = summary_of(str(book), *zone)
    assert (second["preset"], second["encoding"]) == ("surveymonkey", "binary")
    assert (second["records"], second["imported"], second["duplicates"], second["rejects"]) == (
        first["records"], 0, first["imported"], 0,
    )  # fmt: skip


def test_xlsx_cells_are_stored_as_the_csv_would_be(db_path: Path, tmp_path: Path) -> None:
    book = surveymonkey_workbook(tmp_path / "responses.xlsx")
    summary = summary_of(str(book), "--timezone", "America/New_York", "--db", str(db_path))
    assert (summary["imported"], summary["rejects"]) == (7, 1)
    with sqlite3.connect(db_path) as conn:
        got = conn.execute(
            "SELECT external_id, submitted_at, respondent, comment, nps, csat, attributes"
            " FROM responses ORDER BY id LIMIT 1"
        ).fetchone()
        reject = conn.execute('SELECT line, "column", value, reason FROM rejects').fetchone()
    assert got[:6] == (
        "114400000001", "2026-10-01T13:03:55Z", "ann@example.com",
        "Fast and friendly, thanks!", 10, 5,
    )  # fmt: skip
    attributes = json.loads(got[6])
    assert attributes == {
        "Collector ID": "400000001",
        "Start Date": "2026-10-01T13:01:10Z",
        "IP Address": "192.0.2.1",
        "Which plan are you on?": "Pro",
    }
    assert reject == (
        9,
        "How satisfied are you with our support?",
        "Somewhat happy",
        "'Somewhat happy' is not a score: expected a whole number 1–5 or an answer such as "
        "'Very satisfied'",
    )

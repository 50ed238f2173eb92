"""Each preset's fixture through `csat-tui import` and `csat-tui scores --format json`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def import_json(db: Path, *args: str) -> dict[str, Any]:
    code, out, err = invoke("import", *args, "--db", str(db), "--json")
    assert code == 0, out + err
    summary: dict[str, Any] = json.loads(out)["files"][0]
    return summary


def scores(db: Path, *args: str) -> dict[str, Any]:
    code, out, err = invoke("scores", "--db", str(db), "--format", "json", *args)
    assert code == 0, err
    report: dict[str, Any] = json.loads(out)
    return report


# fixture, options, (preset, encoding), (records, imported, skipped, rejects, offered,
# unoffered), CSAT (n, satisfied, scale), NPS (n, promoters, detractors), CES (n, easy).
# Offered and unoffered are skipped too; a report's footer line is a record read and skipped.
CASES: list[tuple[str, tuple[str, ...], tuple[str, str], tuple[int, ...], tuple[Any, ...],
                  tuple[int, int, int], tuple[int, int]]] = [
    ("surveymonkey.csv", ("--timezone", "America/New_York"), ("surveymonkey", "utf-8-sig"),
     (7, 7, 0, 1, 0, 0), (6, 3, "1-5"), (6, 2, 2), (0, 0)),
    ("qualtrics.csv", (), ("qualtrics", "utf-8-sig"),
     (6, 5, 1, 0, 0, 0), (5, 2, "1-5"), (4, 1, 2), (4, 2)),
    ("qualtrics.tsv", (), ("qualtrics", "utf-16"),
     (4, 3, 1, 0, 0, 0), (3, 2, "1-5"), (2, 1, 1), (2, 1)),
    ("typeform.csv", (), ("typeform", "utf-8"),
     (5, 5, 0, 1, 0, 0), (4, 2, "1-5"), (4, 2, 1), (0, 0)),
    ("google_forms.csv", (), ("google-forms", "utf-8"),
     (4, 4, 0, 0, 0, 0), (4, 2, "1-5"), (4, 2, 1), (0, 0)),
    ("google_sheets.csv", ("--timezone", "Europe/London"), ("google-sheets", "utf-8"),
     (3, 3, 0, 0, 0, 0), (3, 2, "1-5"), (3, 2, 0), (0, 0)),
    ("zendesk_ratings.json", (), ("zendesk", "utf-8"),
     (5, 3, 2, 0, 1, 1), (3, 2, "1-2"), (0, 0, 0), (0, 0)),
    ("zendesk_tickets.csv", ("--timezone", "Europe/Berlin"), ("zendesk", "cp1252"),
     (5, 3, 2, 0, 1, 1), (3, 2, "1-2"), (0, 0, 0), (0, 0)),
    ("delighted.json", (), ("delighted", "utf-8"),
     (3, 3, 0, 0, 0, 0), (0, 0, None), (3, 1, 1), (0, 0)),
    ("delighted.csv", (), ("delighted", "utf-8"),
     (3, 3, 0, 0, 0, 0), (0, 0, None), (3, 2, 1), (0, 0)),
    ("formbricks.csv", ("--timezone", "UTC"), ("formbricks", "utf-8"),
     (4, 4, 0, 0, 0, 0), (4, 2, "1-5"), (3, 1, 1), (0, 0)),
    ("chatwoot.csv", (), ("chatwoot", "utf-8-sig"),
     (5, 4, 1, 0, 0, 0), (4, 2, "1-5"), (0, 0, 0), (0, 0)),
    ("hotjar.csv", ("--timezone", "Europe/Paris"), ("hotjar", "utf-8"),
     (3, 3, 0, 0, 0, 0), (3, 2, "1-5"), (3, 2, 1), (0, 0)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "options", "detected", "counts", "csat", "nps", "ces"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_each_preset_imports_with_exact_counts_and_scores(
    db_path: Path,
    name: str,
    options: tuple[str, ...],
    detected: tuple[str, str],
    counts: tuple[int, ...],
    csat: tuple[Any, ...],
    nps: tuple[int, int, int],
    ces: tuple[int, int],
) -> None:
    summary = import_json(db_path, str(FIXTURES / name), *options)
    assert (summary["preset"], summary["encoding"]) == detected
    keys = ("records", "imported", "skipped", "rejects", "offered", "unoffered")
    assert tuple(summary[k] for k in keys) == counts
    report = scores(db_path)
    assert report["responses"] == counts[1]
    assert (report["csat"]["n"], report["csat"]["satisfied"], report["csat"]["scale"]) == csat
    got_nps = report["nps"]
    assert (got_nps["n"], got_nps["promoters"], got_nps["detractors"]) == nps
    assert (report["ces"]["n"], report["ces"]["easy"]) == ces
    # Importing the same file again adds nothing.
    again = import_json(db_path, str(FIXTURES / name), *options)
    assert (again["imported"], again["duplicates"], again["rejects"]) == (0, counts[1], 0)


def rows(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_qualtrics_time_zone_preview_partial_and_nps_group(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "qualtrics.csv"), "--timezone", "Asia/Tokyo")
    got = rows(
        db_path,
        "SELECT external_id, submitted_at, complete, segment, channel, comment, respondent"
        " FROM responses ORDER BY external_id",
    )
    # RecordedDate 08:05 in America/Denver (the export's timeZone), not in --timezone.
    assert got[0] == (
        "R_1aaaaaaaaaaaaaa", "2026-10-01T14:05:00Z", 1, "Pro", "email", "Quick answer",
        "ann@example.com",
    )  # fmt: skip
    assert [g[0] for g in got] == [
        "R_1aaaaaaaaaaaaaa",
        "R_2bbbbbbbbbbbbbb",
        "R_3ccccccccccccc",
        "R_5eeeeeeeeeeeeee",
        "R_6ffffffffffffff",
    ]  # fmt: skip  (the preview R_4 is skipped)
    assert [g[2] for g in got] == [1, 1, 1, 0, 1]  # R_5 did not finish
    # The NPS group column is an attribute, never a rating.
    assert rows(db_path, "SELECT DISTINCT metric FROM ratings ORDER BY 1") == [
        ("ces",),
        ("csat",),
        ("nps",),
    ]
    group = rows(
        db_path,
        "SELECT json_extract(attributes, '$.\"How likely are you to recommend us to a friend or"
        " colleague? - Group\"') FROM responses WHERE external_id = 'R_1aaaaaaaaaaaaaa'",
    )
    assert group == [("Promoter",)]
    assert scores(db_path, "--complete-only")["responses"] == 4


def test_typeform_partial_response_keeps_its_stage_date(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "typeform.csv"))
    got = rows(
        db_path,
        "SELECT submitted_at, complete, segment FROM responses WHERE external_id LIKE 'd1%'",
    )
    assert got == [("2026-10-02T09:01:00Z", 0, "pro")]
    reject = rows(db_path, 'SELECT line, "column", value, reason FROM rejects')
    assert reject == [
        (6, "How satisfied were you with your order?", "6", "6 is outside the 1–5 scale")
    ]


def test_google_forms_zone_abbreviations_across_the_dst_switch(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "google_forms.csv"))
    got = rows(db_path, "SELECT submitted_at FROM responses ORDER BY id")
    assert [g[0] for g in got] == [
        "2026-11-01T03:59:59Z",
        "2026-11-01T05:30:00Z",  # 1:30 AM EDT
        "2026-11-01T06:30:00Z",  # the same clock time an hour later, EST
        "2026-11-02T14:15:00Z",
    ]


def test_google_sheets_day_first_dates_in_the_given_zone(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "google_sheets.csv"), "--timezone", "Europe/London")
    got = rows(db_path, "SELECT submitted_at FROM responses ORDER BY id")
    assert [g[0] for g in got] == [
        "2026-10-25T10:00:00Z",  # BST ended at 02:00 that morning
        "2026-10-26T11:00:00Z",
        "2026-11-01T12:00:00Z",
    ]


def test_zendesk_csv_from_excel_reads_cp1252_day_first_and_counts_sent(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "zendesk_tickets.csv"), "--timezone", "Europe/Berlin")
    got = rows(
        db_path,
        "SELECT external_id, submitted_at, comment, touchpoint, channel, csat, csat_scale,"
        " json_extract(attributes, '$.\"Requester id\"'),"
        " json_extract(attributes, '$.Subject') FROM responses ORDER BY id",
    )
    assert got[0] == (
        "101", "2026-09-30T14:40:00Z", "Thanks – great help", "Support", "Email", 2, "1-2",
        "9.99591E+12", "Can’t log in",
    )  # fmt: skip
    assert got[1][2] == "Didn’t fix it"  # U+2019 from Windows-1252 0x92, never U+0092
    assert [g[0] for g in got] == ["101", "102", "105"]
    # Sent: the three answered tickets and the offered one; never the unoffered one.
    assert rows(db_path, "SELECT source, touchpoint, period_start, count FROM sent") == [
        ("zendesk", "Support", "2026-09-30", 1),
        ("zendesk", "Billing", "2026-10-01", 1),
        ("zendesk", "Billing", "2026-10-02", 1),
        ("zendesk", "Support", "2026-10-13", 1),
    ]
    import_json(db_path, str(FIXTURES / "zendesk_tickets.csv"), "--timezone", "Europe/Berlin")
    assert rows(db_path, "SELECT sum(count) FROM sent") == [(4,)]


def test_zendesk_api_json(db_path: Path) -> None:
    summary = import_json(db_path, str(FIXTURES / "zendesk_ratings.json"))
    assert (
        "1 surveys were offered but not answered: counted toward the response rate, "
        "not as responses" in summary["messages"]
    )
    got = rows(db_path, "SELECT external_id, comment, csat FROM responses ORDER BY id")
    assert got == [("35436", "Solved in minutes", 2), ("35437", None, 1),
                   ("35440", "Thanks!\nVery clear.", 2)]  # fmt: skip
    assert rows(db_path, "SELECT sum(count) FROM sent") == [(4,)]
    # Response rate: three answers of four surveys sent (the unoffered one was never sent).
    rate = scores(db_path, "--source", "zendesk")["response_rate"]
    assert rate == {"responses": 3, "sent": 4.0, "pct": 75.0}


def test_delighted_json_unix_seconds_person_and_plan(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "delighted.json"))
    got = rows(db_path, "SELECT external_id, submitted_at, respondent, segment, nps FROM responses")
    assert got[0] == ("90001", "2026-10-05T12:00:00Z", "ann@example.com", "Pro", 10)
    assert got[2][3] is None


def test_formbricks_empty_nps_is_no_answer_and_unfinished_is_partial(db_path: Path) -> None:
    import_json(db_path, str(FIXTURES / "formbricks.csv"), "--timezone", "UTC")
    got = rows(
        db_path,
        "SELECT external_id, complete, nps, csat, channel FROM responses ORDER BY id",
    )
    assert got[1] == ("clr2aaaaaaaaaaaaaaaaaaaaa", 0, None, 3, "link")
    assert rows(db_path, "SELECT count(*) FROM ratings WHERE metric = 'nps'") == [(3,)]


def test_chatwoot_footer_is_not_a_response(db_path: Path) -> None:
    summary = import_json(db_path, str(FIXTURES / "chatwoot.csv"))
    assert (
        "line 6 is the report's footer, not a response: "
        "'Reporting period 2026-10-01 to 2026-10-31'" in summary["messages"]
    )
    assert rows(db_path, "SELECT count(*) FROM rejects") == [(0,)]
    assert rows(db_path, "SELECT submitted_at FROM responses ORDER BY id LIMIT 1") == [
        ("2026-10-07T12:00:00Z",)
    ]


def test_hotjar_ratings_are_found_by_their_values_and_tags_are_attributes(
    db_path: Path,
) -> None:
    import_json(db_path, str(FIXTURES / "hotjar.csv"), "--timezone", "Europe/Paris")
    got = rows(
        db_path,
        "SELECT touchpoint, comment, csat, nps, submitted_at FROM responses ORDER BY id",
    )
    assert got[1] == (
        "https://acme.example/checkout", "Checkout crashed", 2, 4, "2026-10-08T08:45:00Z"
    )  # fmt: skip
    assert rows(db_path, "SELECT count(*) FROM ratings") == [(6,)]


def test_a_forced_preset_and_the_presets_command(db_path: Path, tmp_path: Path) -> None:
    code, out, _ = invoke("presets", "--json")
    assert code == 0
    names = [p["name"] for p in json.loads(out)]
    assert names == ["qualtrics", "surveymonkey", "typeform", "formbricks", "chatwoot",
                     "hotjar", "zendesk", "delighted", "google-forms", "google-sheets",
                     "generic"]  # fmt: skip
    code, out, _ = invoke("presets")
    assert code == 0 and "surveymonkey" in out
    summary = import_json(
        db_path, str(FIXTURES / "hotjar.csv"), "--preset", "generic", "--timezone", "UTC"
    )
    assert summary["preset"] == "generic"
    assert scores(db_path, "--by", "source")["groups"][0]["key"] == "generic"

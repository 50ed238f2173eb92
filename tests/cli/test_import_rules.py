"""The rules every import follows, each with the message the user sees."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

runner = CliRunner()
Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write text (or bytes) to a file: write("a.csv", "csat\\n5\\n", encoding="cp1252")."""

    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


def run(db: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, ["import", *args, "--db", str(db), "--json"])
    return result.exit_code, json.loads(result.stdout)["files"][0], result.stderr


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


REJECTED = [
    ("4.5", "'4.5' is not a score"),
    ('"4,0"', "'4,0' is not a score"),
    ("five", "'five' is not a score"),
    ("N/A", "'N/A' is not a score"),
    ("NaN", "'NaN' is not a score"),
    ("Infinity", "'Infinity' is not a score"),
    ("1e1", "'1e1' is not a score"),
    ("0x5", "'0x5' is not a score"),
    ("+3", "'+3' is not a score"),
    ("3/5", "'3/5' is not a score"),
    ("5 stars", "'5 stars' is not a score"),
    ("４", "'４' is not a score"),
    ("٣", "'٣' is not a score"),
    ("⑤", "'⑤' is not a score"),
    ("6", "6 is outside the 1–5 scale"),
]
EXPECTED_SUFFIX = ": expected a whole number 1–5 or an answer such as 'Very satisfied'"


def test_cells_that_are_not_scores_are_rejected_and_the_row_still_imported(
    db_path: Path, write: Write
) -> None:
    lines = ["id,csat,nps,comment", "ok1,5,10,fine", "ok2, 4 ,9,spaces are trimmed"]
    lines += [f"r{n},{value},7,row {n}" for n, (value, _) in enumerate(REJECTED)]
    lines.append("blank,,8,a blank cell is no answer")
    code, summary, _ = run(db_path, str(write("scores.csv", "\n".join(lines) + "\n")))
    assert code == 0
    assert (summary["records"], summary["imported"], summary["rejects"]) == (
        len(REJECTED) + 3, len(REJECTED) + 3, len(REJECTED),
    )  # fmt: skip
    got = rows(
        db_path,
        'SELECT j.line, j."column", j.reason, r.external_id, r.nps, r.comment FROM rejects j'
        " JOIN responses r ON r.id = j.response_id ORDER BY j.line",
    )
    for n, ((_value, reason), row) in enumerate(zip(REJECTED, got, strict=True)):
        full = reason + ("" if "outside" in reason else EXPECTED_SUFFIX)
        # The reject points at its record, which kept its other rating and its comment.
        assert row == (n + 4, "csat", full, f"r{n}", 7, f"row {n}")
    assert rows(db_path, "SELECT csat FROM responses WHERE external_id = 'ok2'") == [(4,)]
    assert rows(db_path, "SELECT csat, nps FROM responses WHERE external_id = 'blank'") == [
        (None, 8)
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.csv", "{path}: no such file"),
        (lambda d: d, "{path} is a folder, not a file"),
        (lambda d: _put(d / "empty.csv", b""), "{path} is empty"),
        (lambda d: _put(d / "blob.csv", b"\x00\x01\x02\x00\xff\x00binary"),
         "{path} is a binary file, not CSV, TSV, XLSX or JSON text"),
        (lambda d: _put(d / "names.csv", b"name,city\nAnn,Oslo\n"),
         "{path}: no column looks like a CSAT, NPS or CES rating; name one with "
         "--map COLUMN=csat (columns: 'name', 'city')"),
    ],
    ids=["missing", "folder", "empty", "binary", "no-rating"],
)  # fmt: skip
def test_broken_files_give_one_message_exit_1_and_store_nothing(
    db_path: Path, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder)
    result = runner.invoke(app, ["import", str(path), "--db", str(db_path)])
    assert result.exit_code == 1
    assert message.format(path=path) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    for table in ("responses", "ratings", "rejects", "sent"):
        assert rows(db_path, f"SELECT count(*) FROM {table}") == [(0,)]


def _put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_truncated_csv_names_line_and_column_and_keeps_the_rest(
    db_path: Path, write: Write
) -> None:
    path = write("cut.csv", 'id,csat,comment\nr1,5,fine\nr2,4,"ok"\nr3,2,"this never\nends')
    code, summary, _ = run(db_path, str(path))
    assert code == 0
    assert (summary["imported"], summary["rejects"]) == (2, 1)
    assert (
        f"{path}, line 4, column 'comment': quoted field not closed before end of file: the "
        "file looks truncated; the complete records before it were imported, and the broken "
        "record is kept verbatim in rejects"
    ) in summary["messages"]
    assert rows(db_path, 'SELECT line, "column", value FROM rejects') == [
        (4, "comment", 'r3,2,"this never\nends')
    ]


def test_a_five_megabyte_comment_imports(db_path: Path, write: Write) -> None:
    comment = "é" * 5_000_000
    path = write("big.csv", f'id,csat,comment\nr1,5,"{comment}"\nr2,4,short\n')
    code, summary, _ = run(db_path, str(path))
    assert (code, summary["imported"]) == (0, 2)
    assert rows(db_path, "SELECT length(comment) FROM responses ORDER BY id") == [
        (5_000_000,), (5,)
    ]  # fmt: skip


TEXTS = [
    "line one\nline two\n",
    "   leading and trailing spaces   ",
    "emoji 😡👍🏽 and ZWJ 👩‍👩‍👧",
    "decomposed e\u0301 stays decomposed",
    "control \x07 bell and \x1b[31mred\x1b[0m escape",
    "[bold]markup[/bold] <script>alert(1)</script>",
    '=HYPERLINK("http://example.com")',
    "Chinese 服务很好, Azerbaijani XİDMƏTİ, Swedish kundtjänst",
]


def test_text_is_stored_exactly_as_written(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "texts.json"
    path.write_text(
        json.dumps([{"id": f"t{i}", "csat": 5, "comment": t} for i, t in enumerate(TEXTS)]),
        encoding="utf-8",
    )
    assert run(db_path, str(path))[0] == 0
    assert [r[0] for r in rows(db_path, "SELECT comment FROM responses ORDER BY id")] == TEXTS


def test_duplicates_exact_copies_counted_changed_copies_rejected(
    db_path: Path, write: Write
) -> None:
    path = write("dup.csv", "id,csat,comment\nr1,5,first\nr1,5,first\nr1,2,changed\nr2,4,\n")
    code, summary, _ = run(db_path, str(path))
    assert code == 0
    assert (summary["imported"], summary["duplicates"], summary["rejects"]) == (2, 1, 1)
    assert rows(db_path, "SELECT reason FROM rejects") == [
        ("duplicate id 'r1' with different content (comment, csat): the first one stays",)
    ]
    assert rows(db_path, "SELECT comment FROM responses WHERE external_id = 'r1'") == [("first",)]


def test_dry_run_shows_the_plan_and_writes_nothing(db_path: Path, write: Write) -> None:
    path = write(
        "sheet.csv",
        "Timestamp,Email address,Overall satisfaction,Plan\n"
        "25/10/2026 10:00:00,a@example.com,5,Pro\n01/11/2026 12:00:00,b@example.com,3,Basic\n",
    )
    result = runner.invoke(
        app, ["import", str(path), "--db", str(db_path), "--dry-run", "--timezone", "UTC"]
    )
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    for shown in (
        "preset google-sheets, format csv, encoding utf-8",
        "Timestamp",
        "submitted_at",
        "dd/mm/yyyy hh:mm:ss",
        "Overall satisfaction",
        "csat",
        "Plan",
        "segment",
        "First records as they would be stored",
        "2026-10-25T10:00:00Z",
        "dry run: nothing was written",
    ):
        assert shown in out, shown
    assert rows(db_path, "SELECT count(*) FROM responses") == [(0,)]


def test_the_mapping_is_saved_and_reused_for_the_same_layout(db_path: Path, write: Write) -> None:
    header = "ref,Rate us,Notes\n"
    first = write("may.csv", header + "a1,7,great\na2,2,meh\n")
    code, summary, _ = run(db_path, str(first), "--map", "Rate us=csat:1-7", "--map",
                           "ref=external_id", "--map", "Notes=comment")  # fmt: skip
    assert (code, summary["imported"]) == (0, 2)
    second = write("june.csv", header + "b1,6,good\nb2,1,bad\n")
    code, summary, _ = run(db_path, str(second))
    assert (code, summary["imported"]) == (0, 2)
    assert (
        "mapping reused from import #1 (may.csv) (same columns): Rate us=csat:1-7, "
        "ref=external_id, Notes=comment"
    ) in summary["messages"]
    got = rows(db_path, "SELECT external_id, csat, csat_scale, comment FROM responses")
    assert got[2:] == [("b1", 6, "1-7", "good"), ("b2", 1, "1-7", "bad")]
    saved = json.loads(rows(db_path, "SELECT mapping FROM imports WHERE id = 2")[0][0])
    assert saved["map"] == {"Rate us": "csat:1-7", "ref": "external_id", "Notes": "comment"}
    assert {c["header"]: c["role"] for c in saved["columns"]}["Rate us"] == "csat"


def test_ids_shortened_by_excel_are_not_used_as_keys(db_path: Path, write: Write) -> None:
    path = write("x.csv", "Response ID,csat\n9.99591E+12,5\n9.99591E+12,3\n")
    result = runner.invoke(app, ["import", str(path), "--db", str(db_path), "--dry-run"])
    assert "shortened by a spreadsheet" in result.stdout
    code, summary, _ = run(db_path, str(path))
    assert (code, summary["imported"], summary["rejects"]) == (0, 2, 0)


@pytest.mark.parametrize(
    ("values", "options", "expected"),
    [
        (["2026-10-01 14:00 CEST", "2026-12-01 14:00 CET"], (),
         ["2026-10-01T12:00:00Z", "2026-12-01T13:00:00Z"]),
        (["2026-07-01 09:00 BST", "2026-07-01T09:00:00+05:30"], (),
         ["2026-07-01T08:00:00Z", "2026-07-01T03:30:00Z"]),
        (["1791201600", "1791288000"], (), ["2026-10-05T12:00:00Z", "2026-10-06T12:00:00Z"]),
        (["1791201600000", "1791288000000"], (),
         ["2026-10-05T12:00:00Z", "2026-10-06T12:00:00Z"]),
        (["46296.5", "46297.25"], ("--timezone", "UTC"),
         ["2026-10-01T12:00:00Z", "2026-10-02T06:00:00Z"]),
        (["03/04/2026 10:00", "05/06/2026 10:00"], ("--day-first", "--timezone", "UTC"),
         ["2026-04-03T10:00:00Z", "2026-06-05T10:00:00Z"]),
        (["03/04/2026 10:00", "05/06/2026 10:00"], ("--month-first", "--timezone", "UTC"),
         ["2026-03-04T10:00:00Z", "2026-05-06T10:00:00Z"]),
        (["2026-10-01 10:00", "2026-10-02 10:00"], ("--timezone", "America/New_York"),
         ["2026-10-01T14:00:00Z", "2026-10-02T14:00:00Z"]),
    ],
    ids=["CET-CEST", "BST-offset", "unix-s", "unix-ms", "excel", "day-first", "month-first",
         "timezone"],
)  # fmt: skip
def test_dates_are_stored_in_utc(
    db_path: Path, write: Write, values: list[str], options: tuple[str, ...], expected: list[str]
) -> None:
    body = "".join(f"r{i},{v},5\n" for i, v in enumerate(values))
    code, summary, _ = run(db_path, str(write("d.csv", "id,date,csat\n" + body)), *options)
    assert (code, summary["rejects"]) == (0, 0), summary
    got = rows(db_path, "SELECT submitted_at FROM responses ORDER BY id")
    assert [g[0] for g in got] == expected


def test_an_ambiguous_date_column_says_how_it_was_read(db_path: Path, write: Write) -> None:
    path = write("a.csv", "id,date,csat\nr1,03/04/2026 10:00,5\n")
    _, summary, _ = run(db_path, str(path), "--timezone", "UTC")
    assert (
        "'date': no day above 12 in the sample, so dates are read month first; pass "
        "day_first (--day-first) if they are day first"
    ) in summary["messages"]


def test_a_date_that_cannot_be_read_is_a_reject_not_a_guess(db_path: Path, write: Write) -> None:
    path = write("b.csv", "id,date,csat\nr1,2026-10-01,5\nr2,2026-10-02,4\nr3,yesterday,3\n")
    code, summary, _ = run(db_path, str(path), "--timezone", "UTC")
    assert (code, summary["imported"], summary["rejects"]) == (0, 3, 1)
    assert rows(db_path, 'SELECT line, "column", value, reason FROM rejects') == [
        (4, "date", "yesterday", "'yesterday' is not a date (column format ISO 8601)")
    ]
    assert rows(db_path, "SELECT submitted_at FROM responses WHERE external_id = 'r3'") == [(None,)]


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        ("Satisfaction", ["Very satisfied", "Dissatisfied", "Neutral"], [("csat", 5, "1-5"),
         ("csat", 2, "1-5"), ("csat", 3, "1-5")]),
        ("Satisfaction", ["Extremely satisfied", "Moderately satisfied", "Slightly dissatisfied",
                          "Moderately dissatisfied"],
         [("csat", 7, "1-7"), ("csat", 6, "1-7"), ("csat", 3, "1-7"), ("csat", 2, "1-7")]),
        ("Satisfaction", ["Sehr zufrieden", "très insatisfait", "Muy satisfecho", "Nöjd"],
         [("csat", 5, "1-5"), ("csat", 1, "1-5"), ("csat", 5, "1-5"), ("csat", 4, "1-5")]),
        ("It was easy to get help", ["Strongly agree", "Somewhat disagree", "Agree"],
         [("ces", 7, "1-7"), ("ces", 3, "1-7"), ("ces", 6, "1-7")]),
        ("Effort", ["Very easy", "Very difficult", "Neither easy nor difficult"],
         [("ces", 7, "1-7"), ("ces", 1, "1-7"), ("ces", 4, "1-7")]),
        ("Rating", ["Good", "bad", "GOOD"], [("csat", 2, "1-2"), ("csat", 1, "1-2"),
         ("csat", 2, "1-2")]),
    ],
    ids=["satisfaction", "satisfaction-7", "languages", "agreement", "ease", "good-bad"],
)  # fmt: skip
def test_choice_labels_become_scores(
    db_path: Path, write: Write, header: str, values: list[str], expected: list[Any]
) -> None:
    body = "".join(f"r{i},{v}\n" for i, v in enumerate(values))
    code, summary, _ = run(db_path, str(write("l.csv", f"id,{header}\n{body}")))
    assert (code, summary["rejects"]) == (0, 0), summary
    got = rows(db_path, "SELECT metric, score, scale FROM ratings ORDER BY response_id, position")
    assert got == expected

"""Date columns: one format per column, fast paths, zones, epochs, Excel serials."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from csat_tui.importers.dates import DateError, DateReader, infer_date_reader

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def read_column(values: list[object], day_first: bool | None = None) -> list[str | None]:
    reader, share = infer_date_reader(values, day_first, UTC)
    assert share >= 0.5
    return [reader.read(v) for v in values]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T14:17:43Z", "2024-03-05T14:17:43Z"),
        ("2024-03-05T14:17:43.987Z", "2024-03-05T14:17:43Z"),
        ("2024-03-05 14:17:43", "2024-03-05T14:17:43Z"),
        ("2024-03-05T14:17:43+02:00", "2024-03-05T12:17:43Z"),
        ("2024-03-05T14:17:43-0500", "2024-03-05T19:17:43Z"),
        ("2024-03-05", "2024-03-05T00:00:00Z"),
        (" 2024-03-05T14:17:43Z ", "2024-03-05T14:17:43Z"),
    ],
)
def test_iso(value: str, expected: str) -> None:
    reader, _ = infer_date_reader([value], None, UTC)
    assert reader.name == "ISO 8601"
    assert reader.read(value) == expected


def test_naive_times_use_the_given_zone() -> None:
    reader, _ = infer_date_reader(["2024-07-01 12:00:00"], None, STOCKHOLM)
    assert reader.read("2024-07-01 12:00:00") == "2024-07-01T10:00:00Z"  # CEST
    assert reader.read("2024-01-15 12:00:00") == "2024-01-15T11:00:00Z"  # CET


def test_naive_times_without_a_zone_are_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 12: read as UTC whatever this computer's zone, and the import says so.
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    reader, _ = infer_date_reader(["2024-07-01 12:00:00"], None, None)
    assert reader.read("2024-07-01 12:00:00") == "2024-07-01T12:00:00Z"
    assert reader.read(datetime(2024, 7, 1, 12)) == "2024-07-01T12:00:00Z"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/05/2024 2:17 PM EDT", "2024-03-05T18:17:00Z"),
        ("03/05/2024 14:17 EST", "2024-03-05T19:17:00Z"),
        ("03/05/2024 14:17 PDT", "2024-03-05T21:17:00Z"),
        ("03/05/2024 14:17 CEST", "2024-03-05T12:17:00Z"),
        ("03/05/2024 14:17 GMT+0100", "2024-03-05T13:17:00Z"),
        ("03/05/2024 14:17 UTC", "2024-03-05T14:17:00Z"),
    ],
)
def test_zone_abbreviations_and_gmt_offsets_in_a_numeric_column(value: str, expected: str) -> None:
    assert read_column([value]) == [expected]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Tue Mar 05 2024 14:17:43 GMT+0100 (Central European Standard Time)",
            "2024-03-05T13:17:43Z",
        ),
        ("Tue Mar 05 2024 14:17:43 GMT-0500", "2024-03-05T19:17:43Z"),
        ("March 5, 2024 2:17 PM EDT", "2024-03-05T18:17:00Z"),
        ("5 Mar 2024 14:17 BST", "2024-03-05T13:17:00Z"),
        ("Mar 5 2024 14:17:43 CST", "2024-03-05T20:17:43Z"),
    ],
)
def test_free_text_dates_through_dateutil(value: str, expected: str) -> None:
    reader, _ = infer_date_reader([value], None, UTC)
    assert reader.kind == "text"
    assert reader.read(value) == expected


def test_gmt_plus_is_not_inverted() -> None:
    # dateutil alone reads GMT+0100 as -01:00.
    reader, _ = infer_date_reader(["Tue Mar 05 2024 14:17:43 GMT+0100"], None, UTC)
    assert reader.read("Tue Mar 05 2024 14:17:43 GMT+0100") == "2024-03-05T13:17:43Z"


def test_day_first_is_inferred_once_per_column() -> None:
    values = ["05/03/2024", "13/03/2024", "01/04/2024"]
    reader, _ = infer_date_reader(values, None, UTC)
    assert reader.name == "%d/%m/%Y"
    assert reader.human == "dd/mm/yyyy"
    # 05/03 is read as 5 March because another value in the column has 13 in front.
    assert [reader.read(v) for v in values] == [
        "2024-03-05T00:00:00Z",
        "2024-03-13T00:00:00Z",
        "2024-04-01T00:00:00Z",
    ]
    assert not reader.guessed


def test_month_first_when_a_second_field_is_over_12() -> None:
    reader, _ = infer_date_reader(["03/05/2024 14:17", "03/25/2024 09:00"], None, UTC)
    assert reader.name == "%m/%d/%Y %H:%M"
    assert reader.read("03/05/2024 14:17") == "2024-03-05T14:17:00Z"


def test_ambiguous_column_is_month_first_and_flagged() -> None:
    reader, _ = infer_date_reader(["03/05/2024", "04/06/2024"], None, UTC)
    assert reader.name == "%m/%d/%Y"
    assert reader.guessed


def test_day_first_option_settles_it() -> None:
    reader, _ = infer_date_reader(["03/05/2024", "04/06/2024"], True, UTC)
    assert reader.name == "%d/%m/%Y"
    assert reader.read("03/05/2024") == "2024-05-03T00:00:00Z"
    assert not reader.guessed


def test_other_separators_and_two_digit_years() -> None:
    assert read_column(["31.12.24 23:59:59"]) == ["2024-12-31T23:59:59Z"]
    assert read_column(["2024/12/31"]) == ["2024-12-31T00:00:00Z"]
    assert read_column(["12-31-2024 11:59 pm"]) == ["2024-12-31T23:59:00Z"]


def test_unix_seconds_and_milliseconds() -> None:
    assert read_column(["1709648263", "1709648264"]) == [
        "2024-03-05T14:17:43Z",
        "2024-03-05T14:17:44Z",
    ]
    reader, _ = infer_date_reader(["1709648263000"], None, UTC)
    assert reader.name == "unix milliseconds"
    assert reader.read("1709648263123") == "2024-03-05T14:17:43Z"
    assert read_column([1709648263]) == ["2024-03-05T14:17:43Z"]


def test_excel_serial_dates() -> None:
    reader, _ = infer_date_reader(["45356.5", "45357"], None, UTC)
    assert reader.name == "Excel serial date"
    assert reader.read("45356.5") == "2024-03-05T12:00:00Z"
    assert reader.read(45357) == "2024-03-06T00:00:00Z"
    reader, _ = infer_date_reader([45356.5], None, STOCKHOLM)
    assert reader.read(45356.5) == "2024-03-05T11:00:00Z"


def test_datetime_objects_pass_through() -> None:
    reader = DateReader("iso", "ISO 8601", False, UTC)
    assert reader.read(datetime(2024, 3, 5, 14, 17, 43)) == "2024-03-05T14:17:43Z"


@pytest.mark.parametrize(
    ("values", "bad", "reason"),
    [
        (
            ["05/03/2024", "13/03/2024"],
            "31/02/2024",
            "'31/02/2024' is not a date (column format dd/mm/yyyy)",
        ),
        (["2024-03-05"], "2024-02-30", "'2024-02-30' is not a date (column format ISO 8601)"),
        (["2024-03-05"], "soon", "'soon' is not a date (column format ISO 8601)"),
        (["2024-03-05"], "5", "'5' is not a date (column format ISO 8601)"),
        (["03/05/2024 14:17 EDT"], "03/05/2024 14:17 XYZ", None),
    ],
)
def test_bad_dates(values: list[str], bad: str, reason: str | None) -> None:
    reader, _ = infer_date_reader(values, None, UTC)
    with pytest.raises(DateError) as caught:
        reader.read(bad)
    if reason:
        assert str(caught.value) == reason


def test_blank_is_no_date() -> None:
    reader, _ = infer_date_reader(["2024-03-05"], None, UTC)
    assert reader.read("") is None
    assert reader.read("  ") is None
    assert reader.read(None) is None


def test_bad_date_in_a_file_is_a_problem(load: Callable[..., Any]) -> None:
    result = load(
        "d.csv",
        "id,date,csat\n1,05/03/2024,5\n2,13/03/2024,4\n3,31/02/2024,3\n",
    )
    assert result.column("date").date_format == "%d/%m/%Y"
    assert [r.submitted_at for r in result.records] == [
        "2024-03-05T00:00:00Z",
        "2024-03-13T00:00:00Z",
        None,
    ]
    (problem,) = result.problems
    assert problem.line == 4
    assert problem.column == "date"
    assert problem.value == "31/02/2024"
    assert problem.reason == "'31/02/2024' is not a date (column format dd/mm/yyyy)"
    assert problem.external_id == "3"


def test_ambiguous_dates_leave_a_note(load: Callable[..., Any]) -> None:
    result = load("d.csv", "date,csat\n03/05/2024,5\n")
    notes = result.plan.notes
    assert any("month first" in note for note in notes)


def test_fast_path_speed() -> None:
    # 1M dates per 1M-row import: the ISO path must stay a few microseconds per value.
    import time

    reader, _ = infer_date_reader(["2024-03-05T14:17:43+02:00"], None, UTC)
    values = [f"2024-03-{1 + i % 28:02d}T14:17:43+02:00" for i in range(20000)]
    start = time.perf_counter()
    for value in values:
        reader.read(value)
    assert (time.perf_counter() - start) / len(values) < 20e-6

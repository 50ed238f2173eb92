"""The survey's own date among several date columns, mixed date formats, and more header roles
(ids, channel) — on a support-CSAT export shaped like the public one in issue 12."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from typing import Any

import pytest

from csat_tui.importers.dates import day_first_from_values, infer_date_reader
from csat_tui.importers.roles import guess_roles

Load = Callable[..., Any]

HEADERS = [
    "Unique id", "channel_name", "category", "Customer Remarks", "Order_id",
    "order_date_time", "Issue_reported at", "issue_responded", "Survey_response_Date",
    "Agent_name", "CSAT Score",
]  # fmt: skip
MONTHS = ["Jul", "Aug"]


def support_csv(rows: int = 65, seed: int = 11) -> tuple[str, list[str]]:
    """The export, and the day each row was answered (ISO), worked out here."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    answered: list[str] = []
    for i in range(rows):
        day = rng.randint(1, 28)
        month = rng.choice((7, 8))
        # Mostly 01-Aug-23, a few 01/08/2023 11:13 (day first, like the rest of the file).
        if i % 9 == 4:
            survey = f"{day:02d}/{month:02d}/2023 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        else:
            survey = f"{day:02d}-{MONTHS[month - 7]}-23"
        answered.append(f"2023-{month:02d}-{day:02d}")
        order = f"{rng.randint(1, 28):02d}/03/2023 10:{i % 60:02d}" if i < 10 else ""
        reported = f"{day:02d}/{month:02d}/2023 09:{i % 60:02d}"
        writer.writerow([
            f"7e9ae164-6a15-4ae8-a4c8-{i:012d}", rng.choice(["Inbound", "Outcall", "Email"]),
            rng.choice(["Returns", "Order Related", "Refund Related"]),
            rng.choice(["", "", f"Agent {i} was very patient and solved it quickly"]),
            f"{3230000000 + i}", order, reported, reported, survey,
            rng.choice(["Anna Berg", "Li Wei", "Omar Haddad"]), rng.randint(1, 5),
        ])  # fmt: skip
    return out.getvalue(), answered


def test_the_fixture_is_the_shape_described() -> None:
    text, _ = support_csv()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 65
    assert sum(bool(r["order_date_time"]) for r in rows) == 10
    assert all(r["Survey_response_Date"] for r in rows)
    assert any("/" in r["Survey_response_Date"] for r in rows)
    assert any("-Aug-23" in r["Survey_response_Date"] for r in rows)


def test_the_survey_response_date_wins(load: Load) -> None:
    text, answered = support_csv()
    result = load("support.csv", text)
    column = result.column("Survey_response_Date")
    assert column.role == "submitted_at"
    assert column.how == (
        "the response date: its header names the response ('survey'), filled in 65 of 65 rows"
    )
    for other in ("order_date_time", "Issue_reported at", "issue_responded"):
        assert result.column(other).role is None
    assert [r.submitted_at[:10] for r in result.records if r.submitted_at] == answered
    assert not result.problems
    (note,) = [n for n in result.plan.notes if "is the response date" in n]
    assert note.startswith("'Survey_response_Date' is the response date (")
    for other in ("order_date_time", "Issue_reported at"):
        assert f"'{other}' (" in note
    assert "filled in 10 of 65 rows" in note
    # The order dates stay in attributes as written.
    assert result.records[0].attributes["order_date_time"].endswith("/03/2023 10:00")


def test_the_support_export_roles(load: Load) -> None:
    text, _ = support_csv()
    result = load("support.csv", text)
    roles = {c.header: c.role for c in result.plan.columns}
    assert roles["Unique id"] == "external_id"
    assert roles["channel_name"] == "channel"
    assert roles["CSAT Score"] == "csat"
    assert result.records[0].external_id == "7e9ae164-6a15-4ae8-a4c8-000000000000"
    assert {r.channel for r in result.records} == {"Inbound", "Outcall", "Email"}


def test_a_mostly_empty_survey_date_loses_to_a_full_one(load: Load) -> None:
    rows = [f"{i % 5 + 1},2024-05-{i + 1:02d},{'2024-06-01' if i < 3 else ''}" for i in range(20)]
    result = load("d.csv", "csat,created_at,response_date\n" + "\n".join(rows) + "\n")
    assert result.column("created_at").role == "submitted_at"
    assert result.column("response_date").role is None


@pytest.mark.parametrize(
    ("first", "second", "wins"),
    [
        ("order_date", "submitted_at", "submitted_at"),
        ("Ticket created", "Completed at", "Completed at"),
        ("Updated at", "Date", "Date"),
        ("Date", "Recorded Date", "Recorded Date"),
        ("Survey date", "Created at", "Survey date"),
    ],
)
def test_the_header_naming_the_response_wins(
    load: Load, first: str, second: str, wins: str
) -> None:
    rows = "".join(f"4,2024-05-{d:02d} 10:00,2024-06-{d:02d} 11:00\n" for d in range(1, 11))
    result = load("d.csv", f"csat,{first},{second}\n" + rows)
    assert result.column(wins).role == "submitted_at"
    loser = first if wins == second else second
    assert result.column(loser).role is None


def test_one_date_column_is_as_before(load: Load) -> None:
    result = load("d.csv", "csat,order date\n4,2024-05-01\n")
    assert result.column("order date").role == "submitted_at"
    assert not any("is the response date" in n for n in result.plan.notes)


@pytest.mark.parametrize(
    ("values", "day_first"),
    [
        (["01-Aug-23", "02/08/2023 11:13"], True),
        (["Aug 1, 2023", "08/02/2023"], False),
        (["13/01/2023", "01-Aug-23"], True),
        (["01/13/2023", "01-Aug-23"], False),  # a day above 12 beats the month's name
        (["01/02/2023"], None),
    ],
)
def test_day_first_from_values(values: list[str], day_first: bool | None) -> None:
    assert day_first_from_values(values) is day_first


def test_mixed_formats_in_one_column_parse() -> None:
    values = ["01-Aug-23", "02-Aug-23", "01/08/2023 11:13", "05-Jul-23", "06/07/2023 09:00"]
    reader, share = infer_date_reader(values, None, None)
    assert share == 1.0
    assert [reader.read(v) for v in values] == [
        "2023-08-01T00:00:00Z",
        "2023-08-02T00:00:00Z",
        "2023-08-01T11:13:00Z",
        "2023-07-05T00:00:00Z",
        "2023-07-06T09:00:00Z",
    ]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Unique id", "external_id"),
        ("UniqueID", "external_id"),
        ("Ticket ID", "external_id"),
        ("Conversation ID", "external_id"),
        ("channel_name", "channel"),
        ("Channel", "channel"),
        ("Kanal", "channel"),
        ("Canal", "channel"),
        ("Ärende-ID", "external_id"),
        ("ID de respuesta", "external_id"),
    ],
)
def test_more_roles_from_headers(header: str, role: str) -> None:
    assert guess_roles(header)[0][0] == role


def test_a_unique_id_that_repeats_is_a_respondent_code_not_a_response_id(load: Load) -> None:
    text = "UniqueID,csat\n1dalym,4\n2masou,5\n1dalym,3\n,2\n"
    result = load("u.csv", text)
    column = result.column("UniqueID")
    assert column.role is None
    assert "'1dalym' is the id of several rows: not a response id" in column.how
    assert len({r.external_id for r in result.records}) == 4
    unique = load("v.csv", "UniqueID,csat\n1dalym,4\n2masou,5\n")
    assert unique.column("UniqueID").role == "external_id"

"""Times with no zone are read as UTC and the import says so, once per file; a --timezone
given once is remembered with the layout's mapping."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from csat_tui.importers import ImportOptions
from csat_tui.importers.planning import ZONELESS
from csat_tui.services.importing import import_file
from csat_tui.store.db import Store

Load = Callable[..., Any]

TWO_DATES = "csat,submitted_at,follow-up date\n4,2024-07-01 12:00,2024-07-03\n5,2024-07-02 08:30,\n"


def test_zoneless_times_are_said_once_and_read_as_utc(load: Load) -> None:
    result = load("z.csv", TWO_DATES, timezone=None)
    assert result.plan.notes.count(ZONELESS) == 1
    assert ZONELESS == "times have no zone: read as UTC; --timezone ZONE if they are local time"
    assert [r.submitted_at for r in result.records] == [
        "2024-07-01T12:00:00Z",
        "2024-07-02T08:30:00Z",
    ]
    assert result.plan.timezone is None


def test_nothing_is_said_when_a_zone_is_given_or_written(load: Load) -> None:
    given = load("z.csv", TWO_DATES, timezone="Europe/Oslo")
    assert ZONELESS not in given.plan.notes
    assert given.records[0].submitted_at == "2024-07-01T10:00:00Z"
    assert given.plan.timezone == "Europe/Oslo"
    written = load("w.csv", "csat,submitted_at\n4,2024-07-01T12:00:00Z\n5,2024-07-01T12:00+02:00\n")
    assert ZONELESS not in written.plan.notes


def test_a_file_without_dates_says_nothing_about_zones(load: Load) -> None:
    assert ZONELESS not in load("n.csv", "csat\n4\n", timezone=None).plan.notes


def _file(tmp_path: Path, name: str, day: int) -> Path:
    path = tmp_path / name
    path.write_text(f"csat,submitted_at\n4,2024-07-{day:02d} 12:00\n", encoding="utf-8")
    return path


def test_the_timezone_is_remembered_with_the_layout(store: Store, tmp_path: Path) -> None:
    first = import_file(store, _file(tmp_path, "june.csv", 1), ImportOptions(timezone="Asia/Tokyo"))
    assert first.status == "imported", first.messages
    assert ZONELESS not in first.messages
    second = import_file(store, _file(tmp_path, "july.csv", 2), ImportOptions())
    assert second.status == "imported", second.messages
    assert second.plan is not None and second.plan.timezone == "Asia/Tokyo"
    assert any(
        m.startswith("--timezone Asia/Tokyo reused from import #1 (june.csv)")
        for m in second.messages
    )
    assert ZONELESS not in second.messages
    # A zone given now wins over the one remembered.
    third = import_file(store, _file(tmp_path, "aug.csv", 3), ImportOptions(timezone="UTC"))
    assert third.plan is not None and third.plan.timezone == "UTC"
    times = [
        row[0]
        for row in sqlite3.connect(store.path).execute(
            "SELECT submitted_at FROM responses ORDER BY submitted_at"
        )
    ]
    assert times == ["2024-07-01T03:00:00Z", "2024-07-02T03:00:00Z", "2024-07-03T12:00:00Z"]

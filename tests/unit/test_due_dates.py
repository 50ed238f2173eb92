"""Due dates as people type them."""

from __future__ import annotations

from datetime import date

import pytest

from csat_tui.errors import FilterError
from csat_tui.services.due_dates import parse_due

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        (" today ", MONDAY),
        ("tomorrow", date(2026, 11, 24)),
        ("+3d", date(2026, 11, 26)),
        ("+2w", date(2026, 12, 7)),
        ("fri", date(2026, 11, 27)),
        ("Friday", date(2026, 11, 27)),
        ("thur", date(2026, 11, 26)),
        ("mon", date(2026, 11, 30)),  # the next Monday, not today
    ],
)
def test_due_dates(text: str, expected: date) -> None:
    assert parse_due(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["soon", "fr", "+d", "2026-13-01", ""])
def test_bad_due_dates_say_what_works(text: str) -> None:
    with pytest.raises(FilterError, match="tomorrow, \\+3d"):
        parse_due(text, MONDAY)

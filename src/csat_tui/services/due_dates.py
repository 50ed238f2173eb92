"""Reading a follow-up's due date the way people type it: 2026-12-01, tomorrow, +3d, fri."""

from __future__ import annotations

import re
from datetime import date, timedelta

from csat_tui.errors import FilterError

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"\+\s*(\d{1,3})\s*([dw])")


def parse_due(text: str, today: date) -> date:
    """A due date from `YYYY-MM-DD`, `today`, `tomorrow`, `+3d`, `+2w` or a weekday (`fri`).

    A weekday means the next one after today (`fri` on a Friday is a week later).
    """
    word = text.strip().casefold()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    relative = _RELATIVE.fullmatch(word)
    if relative:
        n, unit = int(relative.group(1)), relative.group(2)
        return today + timedelta(days=n * (7 if unit == "w" else 1))
    for index, name in enumerate(_WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            ahead = (index - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise FilterError(
            f"{text!r} is not a due date: write 2026-12-01, today, tomorrow, +3d, +2w or fri"
        ) from None

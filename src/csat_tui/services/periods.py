"""Date presets for the filter (7 / 30 / 90 days, this quarter, all, custom) and trend steps."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal, get_args

Preset = Literal["7d", "30d", "90d", "quarter", "all", "custom"]
PRESETS: tuple[Preset, ...] = get_args(Preset)
CYCLE: tuple[Preset, ...] = ("7d", "30d", "90d", "quarter", "all")
"""The presets the period key steps through (custom needs dates typed in)."""

LABELS: dict[Preset, str] = {
    "7d": "Last 7 days",
    "30d": "Last 30 days",
    "90d": "Last 90 days",
    "quarter": "This quarter",
    "all": "All time",
    "custom": "Custom range",
}

Step = Literal["day", "week", "month"]


def preset_range(preset: Preset, today: date) -> tuple[date | None, date | None]:
    """The (since, until) a preset stands for on `today`; custom and all give (None, None)."""
    if preset in ("7d", "30d", "90d"):
        days = int(preset[:-1])
        return today - timedelta(days=days - 1), today
    if preset == "quarter":
        first_month = (today.month - 1) // 3 * 3 + 1
        return date(today.year, first_month, 1), today
    return None, None


def next_preset(preset: Preset) -> Preset:
    """The preset after this one in the cycle (custom goes back to the first)."""
    if preset not in CYCLE:
        return CYCLE[0]
    return CYCLE[(CYCLE.index(preset) + 1) % len(CYCLE)]


def step_for(since: date | None, until: date | None) -> Step:
    """Trend step by range: days up to a month, weeks up to half a year, months beyond."""
    if since is None or until is None:
        return "month"
    days = (until - since).days + 1
    if days <= 31:
        return "day"
    if days <= 200:
        return "week"
    return "month"

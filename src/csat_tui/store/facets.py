"""The values a filter can choose from: touchpoints, segments, channels, sources and tags."""

from __future__ import annotations

from dataclasses import dataclass

from csat_tui.store.daily import DIMENSIONS
from csat_tui.store.db import Store


@dataclass(frozen=True, slots=True)
class Facets:
    """Distinct values present in the store, sorted case-insensitively."""

    touchpoints: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    responses: int = 0
    """How many responses the store holds."""
    last_day: str | None = None
    """The latest day with a response (YYYY-MM-DD), if any."""


def facets(store: Store) -> Facets:
    """Read the choices from the daily table (small) and the tags table; never scans responses."""
    values: dict[str, list[str]] = {d: [] for d in DIMENSIONS}
    for row in store.db.query(
        "SELECT DISTINCT dimension, value FROM daily_scores"
        " WHERE dimension != 'all' AND value IS NOT NULL"
    ):
        values[row["dimension"]].append(row["value"])
    totals = next(
        store.db.query(
            "SELECT sum(responses) AS n, max(day) AS last FROM daily_scores WHERE dimension = 'all'"
        )
    )
    tags = [row["name"] for row in store.db.query("SELECT name FROM tags")]

    def ordered(items: list[str]) -> tuple[str, ...]:
        return tuple(sorted(items, key=lambda v: (v.casefold(), v)))

    return Facets(
        touchpoints=ordered(values["touchpoint"]),
        segments=ordered(values["segment"]),
        channels=ordered(values["channel"]),
        sources=ordered(values["source"]),
        tags=ordered(tags),
        responses=int(totals["n"] or 0),
        last_day=totals["last"],
    )

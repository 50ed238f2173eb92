"""Surveys sent, for the response rate: recorded by hand or counted at import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from csat_tui.filters import Filter
from csat_tui.store.db import Store


def add_sent(
    store: Store,
    count: int,
    since: date,
    until: date,
    touchpoint: str | None = None,
    source: str | None = None,
) -> None:
    """Record that `count` surveys were sent between two days (inclusive)."""
    if count < 0:
        raise ValueError("the number sent cannot be negative")
    if until < since:
        raise ValueError(f"the period starts ({since}) after it ends ({until})")
    with store.write():
        store.conn.execute(
            "INSERT INTO sent (source, touchpoint, period_start, period_end, count)"
            " VALUES (?, ?, ?, ?, ?)",
            (source, touchpoint, since.isoformat(), until.isoformat(), count),
        )


@dataclass(frozen=True, slots=True)
class Sent:
    """Surveys sent in a filter's scope, and which tools' responses they stand against."""

    count: float
    sources: tuple[str, ...] | None
    """The tools the counts came from; None when some were recorded for no tool in particular."""


def sent_for(store: Store, flt: Filter) -> Sent | None:
    """Surveys sent within the filter's period, touchpoints and sources; None when unknown.

    A sent period that only partly overlaps the filter's dates counts pro rata by days.
    Only filters on dates, touchpoint and source have a response rate; None otherwise.
    """
    if flt.segments or flt.channels or flt.metric or flt.band or flt.tags or flt.followups:
        return None
    if flt.text or flt.agents or flt.teams or flt.where:
        return None
    clauses = ["1"]
    params: list[str] = []
    if flt.touchpoints:
        clauses.append(f"touchpoint IN ({', '.join('?' for _ in flt.touchpoints)})")
        params.extend(flt.touchpoints)
    if flt.sources:
        clauses.append(f"source IN ({', '.join('?' for _ in flt.sources)})")
        params.extend(flt.sources)
    rows = store.conn.execute(
        f"SELECT period_start, period_end, count, source FROM sent WHERE {' AND '.join(clauses)}",
        params,
    ).fetchall()
    total, found = 0.0, False
    sources: set[str | None] = set()
    for start_text, end_text, count, source in rows:
        start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
        low = max(start, flt.since) if flt.since else start
        high = min(end, flt.until) if flt.until else end
        if high < low:
            continue
        found = True
        sources.add(source)
        total += count * ((high - low).days + 1) / ((end - start).days + 1)
    if not found:
        return None
    named = None if None in sources else tuple(sorted(s for s in sources if s is not None))
    return Sent(total, named)

"""Follow-ups for the report: the loops closed in a period and the ones still open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.where import where


@dataclass(frozen=True, slots=True)
class Loop:
    """A follow-up with the response it is about."""

    response_id: int
    status: str
    owner: str | None
    due_date: str | None
    note: str | None
    created_at: str | None
    updated_at: str | None
    """For a done follow-up: when it was closed."""
    submitted_at: str | None
    respondent: str | None
    touchpoint: str | None
    comment: str | None
    """The first 200 characters."""


_SELECT = (
    "SELECT f.response_id, f.status, f.owner, f.due_date, f.note, f.created_at, f.updated_at,"
    " r.submitted_at, r.respondent, r.touchpoint, substr(r.comment, 1, 200) AS comment"
    " FROM followups f JOIN responses r ON r.id = f.response_id"
)


def _scope(flt: Filter) -> tuple[str, dict[str, Any]]:
    # The filter's dates are the period of the report, not of the responses followed up.
    return where(flt.with_range(None, None))


def closed_loops(store: Store, flt: Filter, since: date, until: date) -> list[Loop]:
    """Follow-ups marked done between `since` and `until` (whole UTC days), on responses
    the filter (without its dates) lets through; the latest closed first."""
    condition, params = _scope(flt)
    params |= {"loop_from": since.isoformat(), "loop_to": (until + timedelta(days=1)).isoformat()}
    sql = (
        f"{_SELECT} WHERE ({condition}) AND f.status = 'done'"
        " AND f.updated_at >= :loop_from AND f.updated_at < :loop_to"
        " ORDER BY f.updated_at DESC, f.response_id"
    )
    return [Loop(**row) for row in store.db.query(sql, params)]


def open_loops(store: Store, flt: Filter) -> list[Loop]:
    """Follow-ups still open or in progress on responses the filter (without its dates) lets
    through, by due date (none last)."""
    condition, params = _scope(flt)
    sql = (
        f"{_SELECT} WHERE ({condition}) AND f.status IN ('open', 'in_progress')"
        " ORDER BY f.due_date IS NULL, f.due_date, f.response_id"
    )
    return [Loop(**row) for row in store.db.query(sql, params)]


DEMO_CHECKSUM_PREFIX = "demo-"
"""The demo store's imports are recorded with checksums `demo-<source>-<seed>`."""


def is_demo_store(store: Store) -> bool:
    """True when the store holds the demo's imports (a copy made by `csat-tui demo`)."""
    row = store.conn.execute(
        "SELECT 1 FROM imports WHERE checksum LIKE :prefix || '%' LIMIT 1",
        {"prefix": DEMO_CHECKSUM_PREFIX},
    ).fetchone()
    return row is not None

"""The triage queue: low scores with a comment, not yet triaged, newest first."""

from __future__ import annotations

from collections.abc import Iterator

from csat_tui.filters import Filter
from csat_tui.scoring.scales import METRICS
from csat_tui.store.browse import ROW_SELECT, Cursor, Page, ResponseRow, page_query, response_row
from csat_tui.store.db import Store
from csat_tui.store.where import band_sql, where

NEEDS_ATTENTION = (
    "(" + " OR ".join(f"{band_sql(m, 'low')} = 1" for m in METRICS) + ")"
    " AND r.comment IS NOT NULL AND trim(r.comment) != ''"
    " AND NOT EXISTS (SELECT 1 FROM triaged t WHERE t.response_id = r.id)"
)
"""A low answer on any metric, a comment, and not triaged yet (DESIGN.md's low-score rule)."""


def queue_page(store: Store, flt: Filter, after: Cursor | None = None, limit: int = 50) -> Page:
    """The next responses that need attention within the filter, newest first."""
    return page_query(store, flt, NEEDS_ATTENTION, "newest", after, limit)


def queue_count(store: Store, flt: Filter) -> int:
    """How many responses are still waiting in the queue."""
    condition, params = where(flt)
    row = store.conn.execute(
        f"SELECT count(*) FROM responses r WHERE ({condition}) AND {NEEDS_ATTENTION}", params
    ).fetchone()
    return int(row[0])


def respondent_history(
    store: Store, respondent: str, *, before_id: int | None = None, limit: int = 20
) -> list[ResponseRow]:
    """A respondent's responses, newest first (all, or those other than `before_id`)."""
    sql = f"{ROW_SELECT} WHERE r.respondent = :who"
    params: dict[str, object] = {"who": respondent, "limit": limit}
    if before_id is not None:
        sql += " AND r.id != :not_id"
        params["not_id"] = before_id
    sql += " ORDER BY r.submitted_at DESC, r.id DESC LIMIT :limit"
    return [response_row(row) for row in store.db.query(sql, params)]


_ANY_LOW = "(" + " OR ".join(f"coalesce({band_sql(m, 'low')}, 0) = 1" for m in METRICS) + ")"


def iter_comments(store: Store, flt: Filter, sample: float = 1.0) -> Iterator[tuple[str, bool]]:
    """(comment, has a low answer) for every filtered response with a comment, streamed;
    with `sample` < 1, for about that share of them (the same ones every time: a hash of
    the response's id picks them)."""
    condition, params = where(flt)
    sql = (
        f"SELECT r.comment, {_ANY_LOW} FROM responses r WHERE ({condition})"
        " AND r.comment IS NOT NULL AND trim(r.comment) != ''"
    )
    if sample < 1:
        # Knuth's multiplicative hash spreads consecutive ids over 0..2^32.
        sql += " AND (r.id * 2654435761) % 4294967296 < :sample_below"
        params = {**params, "sample_below": int(sample * 4294967296)}
    for comment, low in store.conn.execute(sql, params):
        yield comment, bool(low)

"""Listing follow-ups and the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from csat_tui.store.browse import Event
from csat_tui.store.db import Store


@dataclass(frozen=True, slots=True)
class FollowupRow:
    """A follow-up with what the list needs of its response."""

    response_id: int
    status: str
    owner: str | None
    due_date: str | None
    note: str | None
    updated_at: str | None
    respondent: str | None
    touchpoint: str | None
    csat: int | None
    csat_scale: str | None
    nps: int | None
    comment: str | None
    """The first 200 characters."""


def list_followups(
    store: Store,
    *,
    statuses: tuple[str, ...] = (),
    owner: str | None = None,
    due_before: str | None = None,
    limit: int = 1000,
) -> list[FollowupRow]:
    """Follow-ups by status order (open, in progress, done, won't do), then due date."""
    clauses = ["1"]
    params: dict[str, Any] = {"limit": limit}
    if statuses:
        names = {f"s{i}": s for i, s in enumerate(statuses)}
        clauses.append(f"f.status IN ({', '.join(':' + n for n in names)})")
        params.update(names)
    if owner:
        clauses.append("f.owner = :owner COLLATE NOCASE")
        params["owner"] = owner
    if due_before:
        clauses.append("f.due_date < :due_before")
        params["due_before"] = due_before
    sql = (
        "SELECT f.response_id, f.status, f.owner, f.due_date, f.note, f.updated_at,"
        " r.respondent, r.touchpoint, r.csat, r.csat_scale, r.nps,"
        " substr(r.comment, 1, 200) AS comment"
        " FROM followups f JOIN responses r ON r.id = f.response_id"
        f" WHERE {' AND '.join(clauses)}"
        " ORDER BY CASE f.status WHEN 'open' THEN 0 WHEN 'in_progress' THEN 1"
        " WHEN 'done' THEN 2 ELSE 3 END, f.due_date IS NULL, f.due_date, f.response_id"
        " LIMIT :limit"
    )
    return [FollowupRow(**row) for row in store.db.query(sql, params)]


def owners(store: Store) -> list[str]:
    """Everyone who has owned a follow-up, for completion."""
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT DISTINCT owner FROM followups WHERE owner IS NOT NULL ORDER BY owner"
        )
    ]


def history(store: Store, response_id: int | None = None, limit: int = 200) -> list[Event]:
    """Audit-trail entries, newest first: all, or those about one response."""
    sql = "SELECT id, at, actor, action, before, after, undone_by FROM events"
    params: dict[str, Any] = {"limit": limit}
    if response_id is not None:
        sql += (
            " WHERE response_id = :id OR (response_id IS NULL"
            " AND json_extract(before, '$.scope') = 'responses' AND EXISTS"
            " (SELECT 1 FROM json_each(events.before, '$.ids') WHERE value = :id))"
        )
        params["id"] = response_id
    sql += " ORDER BY id DESC LIMIT :limit"
    return [
        Event(
            e["id"],
            e["at"],
            e["actor"],
            e["action"],
            json.loads(e["before"]) if e["before"] else None,
            json.loads(e["after"]) if e["after"] else None,
            e["undone_by"] is not None,
        )
        for e in store.db.query(sql, params)
    ]

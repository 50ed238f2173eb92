"""Reading responses: keyset-paged lists over a filter, and one response in full."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from csat_tui.errors import NotFoundError
from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.where import where

Order = Literal["newest", "oldest"]
ORDERS: tuple[Order, ...] = get_args(Order)

PREVIEW_CHARS = 300
"""How much of a comment a list row carries (the detail has all of it)."""

Cursor = tuple[str | None, int]
"""Where a page ended: the last row's (submitted_at, id)."""


@dataclass(frozen=True, slots=True)
class ResponseRow:
    """One response as a list shows it."""

    id: int
    submitted_at: str | None
    source: str
    external_id: str
    respondent: str | None
    touchpoint: str | None
    segment: str | None
    channel: str | None
    complete: bool
    csat: int | None
    csat_scale: str | None
    nps: int | None
    ces: int | None
    comment: str | None
    """The first PREVIEW_CHARS characters."""
    comment_length: int
    tags: tuple[str, ...]
    followup: str | None
    """The follow-up status, if any."""
    triaged_at: str | None = None
    """When the response was marked triaged (it then leaves the queue)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of rows and where the next one starts (None at the end)."""

    rows: list[ResponseRow]
    next_cursor: Cursor | None


@dataclass(frozen=True, slots=True)
class Rating:
    """One answered rating question."""

    metric: str
    question: str
    score: int
    scale: str


@dataclass(frozen=True, slots=True)
class Event:
    """One audit-trail entry."""

    id: int
    at: str
    actor: str
    action: str
    before: Any
    after: Any
    undone: bool


@dataclass(frozen=True, slots=True)
class Followup:
    """A follow-up on a response."""

    status: str
    owner: str | None
    due_date: str | None
    note: str | None
    updated_at: str | None


@dataclass(frozen=True, slots=True)
class ResponseDetail:
    """Everything known about one response."""

    row: ResponseRow
    comment: str | None
    attributes: dict[str, Any]
    ratings: list[Rating]
    followup: Followup | None
    events: list[Event]
    rejects: list[tuple[int | None, str | None, str | None, str]] = field(default_factory=list)
    """(line, column, value, reason) of cells of this response that were not imported."""
    import_file: str | None = None


ROW_SELECT = (
    "SELECT r.id, r.submitted_at, r.source, r.external_id, r.respondent, r.touchpoint,"
    " r.segment, r.channel, r.complete, r.csat, r.csat_scale, r.nps, r.ces,"
    f" substr(r.comment, 1, {PREVIEW_CHARS}) AS comment, length(r.comment) AS comment_length,"
    " (SELECT json_group_array(t.name) FROM response_tags rt JOIN tags t ON t.id = rt.tag_id"
    "  WHERE rt.response_id = r.id) AS tags,"
    " (SELECT f.status FROM followups f WHERE f.response_id = r.id) AS followup,"
    " (SELECT t.at FROM triaged t WHERE t.response_id = r.id) AS triaged_at"
    " FROM responses r"
)


def response_row(row: dict[str, Any]) -> ResponseRow:
    return ResponseRow(
        id=row["id"],
        submitted_at=row["submitted_at"],
        source=row["source"],
        external_id=row["external_id"],
        respondent=row["respondent"],
        touchpoint=row["touchpoint"],
        segment=row["segment"],
        channel=row["channel"],
        complete=bool(row["complete"]),
        csat=row["csat"],
        csat_scale=row["csat_scale"],
        nps=row["nps"],
        ces=row["ces"],
        comment=row["comment"],
        comment_length=row["comment_length"] or 0,
        tags=tuple(sorted(json.loads(row["tags"] or "[]"), key=str.casefold)),
        followup=row["followup"],
        triaged_at=row["triaged_at"],
    )


def page(
    store: Store,
    flt: Filter,
    order: Order = "newest",
    after: Cursor | None = None,
    limit: int = 100,
) -> Page:
    """One page of responses, newest (or oldest) first, starting after `after`.

    Keyset paging: each page is an index range seek, so page 1000 costs what page 1 does.
    Responses with no date come after the dated ones (newest) or before them (oldest).
    """
    return page_query(store, flt, "1", order, after, limit)


def page_query(
    store: Store, flt: Filter, extra: str, order: Order, after: Cursor | None, limit: int
) -> Page:
    """`page` over the filter AND an extra fixed condition (written by the store, never data)."""
    condition, params = where(flt)
    condition = f"({condition}) AND {extra}"
    desc = order == "newest"
    direction = "DESC" if desc else "ASC"
    compare = "<" if desc else ">"
    order_by = f" ORDER BY r.submitted_at {direction}, r.id {direction} LIMIT :limit"
    params = {**params, "limit": limit + 1}
    undated = f"{ROW_SELECT} WHERE ({condition}) AND r.submitted_at IS NULL"
    dated = f"{ROW_SELECT} WHERE ({condition}) AND r.submitted_at IS NOT NULL"
    if after is not None:
        after_at, after_id = after
        params["after_id"] = after_id
        if after_at is None:
            undated += f" AND r.id {compare} :after_id"
        else:
            params["after_at"] = after_at
            dated += f" AND (r.submitted_at, r.id) {compare} (:after_at, :after_id)"
    # Undated rows sort as the oldest: last when newest first, first when oldest first.
    if desc:
        phases = [dated, undated] if after is None or after[0] is not None else [undated]
    else:
        phases = [undated, dated] if after is None or after[0] is None else [dated]
    rows: list[ResponseRow] = []
    for sql in phases:
        params["limit"] = limit + 1 - len(rows)
        rows.extend(response_row(r) for r in store.db.query(sql + order_by, params))
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = (rows[-1].submitted_at, rows[-1].id) if more and rows else None
    return Page(rows, cursor)


def count(store: Store, flt: Filter) -> int:
    """How many responses the filter lets through."""
    condition, params = where(flt)
    return int(
        next(store.db.query(f"SELECT count(*) AS n FROM responses r WHERE {condition}", params))[
            "n"
        ]
    )


def detail(store: Store, response_id: int) -> ResponseDetail:
    """One response with its ratings, tags, follow-up, history and rejected cells."""
    found = list(store.db.query(f"{ROW_SELECT} WHERE r.id = :id", {"id": response_id}))
    if not found:
        raise NotFoundError(f"there is no response {response_id}")
    extra = next(
        store.db.query(
            "SELECT r.comment, r.attributes, i.file_name FROM responses r"
            " LEFT JOIN imports i ON i.id = r.import_id WHERE r.id = :id",
            {"id": response_id},
        )
    )
    ratings = [
        Rating(x["metric"], x["question"], x["score"], x["scale"])
        for x in store.db.query(
            "SELECT metric, question, score, scale FROM ratings WHERE response_id = :id"
            " ORDER BY position",
            {"id": response_id},
        )
    ]
    followup_rows = list(
        store.db.query(
            "SELECT status, owner, due_date, note, updated_at FROM followups"
            " WHERE response_id = :id",
            {"id": response_id},
        )
    )
    events = [
        Event(
            e["id"],
            e["at"],
            e["actor"],
            e["action"],
            json.loads(e["before"]) if e["before"] else None,
            json.loads(e["after"]) if e["after"] else None,
            e["undone_by"] is not None,
        )
        for e in store.db.query(
            "SELECT id, at, actor, action, before, after, undone_by FROM events"
            " WHERE response_id = :id OR (response_id IS NULL"
            " AND json_extract(events.before, '$.scope') = 'responses' AND EXISTS"
            " (SELECT 1 FROM json_each(events.before, '$.ids') WHERE value = :id))"
            " ORDER BY id",
            {"id": response_id},
        )
    ]
    rejects = [
        (x["line"], x["column"], x["value"], x["reason"])
        for x in store.db.query(
            'SELECT line, "column", value, reason FROM rejects WHERE response_id = :id ORDER BY id',
            {"id": response_id},
        )
    ]
    return ResponseDetail(
        row=response_row(found[0]),
        comment=extra["comment"],
        attributes=json.loads(extra["attributes"] or "{}"),
        ratings=ratings,
        followup=Followup(**followup_rows[0]) if followup_rows else None,
        events=events,
        rejects=rejects,
        import_file=extra["file_name"],
    )


EXPORT_COLUMNS = (
    "id",
    "submitted_at",
    "source",
    "external_id",
    "respondent",
    "touchpoint",
    "segment",
    "channel",
    "complete",
    "csat",
    "csat_scale",
    "nps",
    "ces",
    "tags",
    "followup",
    "comment",
    "attributes",
)
"""The fields an export writes, in order."""


_EXPORT_SELECT = (
    "SELECT r.id, r.submitted_at, r.source, r.external_id, r.respondent, r.touchpoint,"
    " r.segment, r.channel, r.complete, r.csat, r.csat_scale, r.nps, r.ces,"
    " (SELECT json_group_array(t.name) FROM response_tags rt JOIN tags t"
    "  ON t.id = rt.tag_id WHERE rt.response_id = r.id) AS tags,"
    " (SELECT f.status FROM followups f WHERE f.response_id = r.id) AS followup,"
    " r.comment, r.attributes FROM responses r"
)


def _export_row(row: dict[str, Any]) -> dict[str, Any]:
    row["complete"] = bool(row["complete"])
    row["tags"] = sorted(json.loads(row["tags"] or "[]"), key=str.casefold)
    row["attributes"] = json.loads(row["attributes"] or "{}")
    return row


def iter_export(store: Store, flt: Filter, order: Order = "newest") -> Iterator[dict[str, Any]]:
    """Every response the filter lets through, whole (full comment, attributes), streamed."""
    condition, params = where(flt)
    direction = "DESC" if order == "newest" else "ASC"
    sql = (
        f"{_EXPORT_SELECT} WHERE {condition} ORDER BY r.submitted_at {direction}, r.id {direction}"
    )
    for row in store.db.query(sql, params):
        yield _export_row(row)


def export_rows(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """These responses, whole (as `iter_export` gives them), in the order of `ids`."""
    found = {
        row["id"]: _export_row(row)
        for row in store.db.query(
            f"{_EXPORT_SELECT} WHERE r.id IN (SELECT value FROM json_each(:ids))",
            {"ids": json.dumps(ids)},
        )
    }
    return [found[i] for i in ids if i in found]

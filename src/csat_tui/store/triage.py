"""Triage writes (tags, follow-ups) with their audit trail, and undo from that trail.

Every action snapshots the triage rows of the responses it touches before and after,
in one `events` row; undo restores the latest action's "before" exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from csat_tui.errors import NotFoundError, NothingToUndoError
from csat_tui.store.db import Store
from csat_tui.store.writer import now_iso

_FOLLOWUP_FIELDS = ("status", "owner", "due_date", "note", "created_at", "updated_at")


@dataclass(frozen=True, slots=True)
class UndoneAction:
    """What an undo reverted."""

    event_id: int
    action: str
    response_ids: tuple[int, ...]
    at: str
    actor: str


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _snapshot(store: Store, response_ids: Sequence[int]) -> dict[str, Any]:
    conn = store.conn
    marks = _marks(response_ids)
    tags = [
        list(row)
        for row in conn.execute(
            f"SELECT response_id, tag_id, tagged_at FROM response_tags"
            f" WHERE response_id IN ({marks}) ORDER BY response_id, tag_id",
            tuple(response_ids),
        )
    ]
    followups = [
        dict(zip(("response_id", *_FOLLOWUP_FIELDS), row, strict=True))
        for row in conn.execute(
            f"SELECT response_id, {', '.join(_FOLLOWUP_FIELDS)} FROM followups"
            f" WHERE response_id IN ({marks}) ORDER BY response_id",
            tuple(response_ids),
        )
    ]
    return {"response_tags": tags, "followups": followups}


def _restore(store: Store, response_ids: Sequence[int], snapshot: dict[str, Any]) -> None:
    conn = store.conn
    marks = _marks(response_ids)
    conn.execute(f"DELETE FROM response_tags WHERE response_id IN ({marks})", tuple(response_ids))
    conn.execute(f"DELETE FROM followups WHERE response_id IN ({marks})", tuple(response_ids))
    conn.executemany(
        "INSERT INTO response_tags (response_id, tag_id, tagged_at) VALUES (?, ?, ?)",
        [tuple(row) for row in snapshot["response_tags"]],
    )
    conn.executemany(
        f"INSERT INTO followups (response_id, {', '.join(_FOLLOWUP_FIELDS)})"
        f" VALUES (?, {_marks(_FOLLOWUP_FIELDS)})",
        [(f["response_id"], *(f[k] for k in _FOLLOWUP_FIELDS)) for f in snapshot["followups"]],
    )


def _check_responses(store: Store, response_ids: Sequence[int]) -> None:
    found = {
        row[0]
        for row in store.conn.execute(
            f"SELECT id FROM responses WHERE id IN ({_marks(response_ids)})", tuple(response_ids)
        )
    }
    missing = [str(i) for i in response_ids if i not in found]
    if missing:
        raise NotFoundError(f"there is no response {', '.join(missing)}")


def _record(
    store: Store,
    action: str,
    actor: str,
    response_ids: Sequence[int],
    before: dict[str, Any],
    after: dict[str, Any],
) -> int:
    cursor = store.conn.execute(
        "INSERT INTO events (at, actor, action, response_id, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            now_iso(),
            actor,
            action,
            response_ids[0] if len(response_ids) == 1 else None,
            json.dumps({"responses": list(response_ids), **before}, ensure_ascii=False),
            json.dumps(after, ensure_ascii=False),
        ),
    )
    return int(cursor.lastrowid or 0)


def _tag_ids(store: Store, names: Iterable[str], create: bool) -> tuple[list[int], list[int]]:
    """Ids of the named tags (matched case-insensitively); creates missing ones if asked."""
    ids: list[int] = []
    created: list[int] = []
    for name in names:
        row = store.conn.execute(
            "SELECT id FROM tags WHERE name = ? COLLATE NOCASE", (name,)
        ).fetchone()
        if row:
            ids.append(row[0])
        elif create:
            cursor = store.conn.execute(
                "INSERT INTO tags (name, created_at) VALUES (?, ?)", (name, now_iso())
            )
            ids.append(int(cursor.lastrowid or 0))
            created.append(ids[-1])
    return ids, created


def _clean_names(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        name = name.strip()
        if name and name.casefold() not in {n.casefold() for n in out}:
            out.append(name)
    return out


def tag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str) -> int:
    """Add tags (creating new ones) to responses; returns the event id."""
    names = _clean_names(names)
    if not names:
        raise ValueError("give at least one tag name")
    with store.write():
        _check_responses(store, response_ids)
        before = _snapshot(store, response_ids)
        tag_ids, created = _tag_ids(store, names, create=True)
        stamp = now_iso()
        store.conn.executemany(
            "INSERT OR IGNORE INTO response_tags (response_id, tag_id, tagged_at) VALUES (?, ?, ?)",
            [(r, t, stamp) for r in response_ids for t in tag_ids],
        )
        after = {**_snapshot(store, response_ids), "tags_created": created, "names": names}
        return _record(store, "tag", actor, response_ids, before, after)


def untag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str) -> int:
    """Remove tags from responses; returns the event id."""
    names = _clean_names(names)
    with store.write():
        _check_responses(store, response_ids)
        tag_ids, _ = _tag_ids(store, names, create=False)
        if not tag_ids:
            raise NotFoundError(f"no tag named {', '.join(repr(n) for n in names)}")
        before = _snapshot(store, response_ids)
        store.conn.execute(
            f"DELETE FROM response_tags WHERE response_id IN ({_marks(response_ids)})"
            f" AND tag_id IN ({_marks(tag_ids)})",
            (*response_ids, *tag_ids),
        )
        after = {**_snapshot(store, response_ids), "names": names}
        return _record(store, "untag", actor, response_ids, before, after)


def set_followup(
    store: Store,
    response_ids: Sequence[int],
    actor: str,
    *,
    status: str | None = None,
    owner: str | None = None,
    due_date: str | None = None,
    note: str | None = None,
) -> int:
    """Create or change the follow-up of responses (fields left None keep their value)."""
    with store.write():
        _check_responses(store, response_ids)
        before = _snapshot(store, response_ids)
        stamp = now_iso()
        for response_id in response_ids:
            store.conn.execute(
                "INSERT INTO followups (response_id, status, owner, due_date, note, created_at,"
                " updated_at) VALUES (?, coalesce(?, 'open'), ?, ?, ?, ?, ?)"
                " ON CONFLICT(response_id) DO UPDATE SET status = coalesce(?, status),"
                " owner = coalesce(?, owner), due_date = coalesce(?, due_date),"
                " note = coalesce(?, note), updated_at = ?",
                (
                    response_id,
                    status,
                    owner,
                    due_date,
                    note,
                    stamp,
                    stamp,
                    status,
                    owner,
                    due_date,
                    note,
                    stamp,
                ),
            )
        after = _snapshot(store, response_ids)
        return _record(store, "followup", actor, response_ids, before, after)


def undo(store: Store, actor: str) -> UndoneAction:
    """Revert the latest action not yet undone, and record the undo as an event."""
    with store.write():
        row = store.conn.execute(
            "SELECT id, action, before, after, at, actor FROM events"
            " WHERE undone_by IS NULL AND action != 'undo' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise NothingToUndoError("there is no action left to undo")
        event_id, action, before_json, after_json, at, by = row
        before = json.loads(before_json)
        after = json.loads(after_json)
        response_ids: list[int] = before["responses"]
        current = _snapshot(store, response_ids)
        _restore(store, response_ids, before)
        created = after.get("tags_created", [])
        if created:
            store.conn.execute(
                f"DELETE FROM tags WHERE id IN ({_marks(created)}) AND NOT EXISTS"
                " (SELECT 1 FROM response_tags rt WHERE rt.tag_id = tags.id)",
                tuple(created),
            )
        undo_id = _record(
            store, "undo", actor, response_ids, current, {**before, "undid": event_id}
        )
        store.conn.execute("UPDATE events SET undone_by = ? WHERE id = ?", (undo_id, event_id))
        return UndoneAction(event_id, action, tuple(response_ids), at, by)

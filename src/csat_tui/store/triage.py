"""Triage writes (tags, follow-ups, triaged marks, tag renames) with their audit trail, and undo.

Every action snapshots the triage rows it can touch, before and after, into one
`events` row: rows of the responses it acts on, or rows of the tags it acts on.
Undo restores the latest action's "before" snapshot exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from csat_tui.errors import NotFoundError, NothingToUndoError
from csat_tui.store.db import Store
from csat_tui.store.writer import now_iso

Scope = Literal["responses", "tags"]

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


def _rows(store: Store, sql: str, ids: Sequence[int]) -> list[list[Any]]:
    return [list(row) for row in store.conn.execute(sql.format(marks=_marks(ids)), tuple(ids))]


def _snapshot(store: Store, scope: Scope, ids: Sequence[int]) -> dict[str, Any]:
    """Every triage row an action on these responses (or tags) could change."""
    if scope == "tags":
        return {
            "tags": _rows(store, "SELECT id, name, created_at FROM tags WHERE id IN ({marks})"
                          " ORDER BY id", ids),
            "response_tags": _rows(
                store,
                "SELECT response_id, tag_id, tagged_at FROM response_tags"
                " WHERE tag_id IN ({marks}) ORDER BY response_id, tag_id",
                ids,
            ),
        }  # fmt: skip
    return {
        "response_tags": _rows(
            store,
            "SELECT response_id, tag_id, tagged_at FROM response_tags"
            " WHERE response_id IN ({marks}) ORDER BY response_id, tag_id",
            ids,
        ),
        "followups": _rows(
            store,
            f"SELECT response_id, {', '.join(_FOLLOWUP_FIELDS)} FROM followups"
            " WHERE response_id IN ({marks}) ORDER BY response_id",
            ids,
        ),
        "triaged": _rows(
            store,
            "SELECT response_id, at, actor FROM triaged WHERE response_id IN ({marks})"
            " ORDER BY response_id",
            ids,
        ),
    }


_RESTORE = {
    "tags": ("tags", "id", "INSERT INTO tags (id, name, created_at) VALUES (?, ?, ?)"),
    "response_tags": (
        "response_tags",
        "{key}",
        "INSERT INTO response_tags (response_id, tag_id, tagged_at) VALUES (?, ?, ?)",
    ),
    "followups": (
        "followups",
        "response_id",
        f"INSERT INTO followups (response_id, {', '.join(_FOLLOWUP_FIELDS)})"
        f" VALUES (?, {_marks(_FOLLOWUP_FIELDS)})",
    ),
    "triaged": (
        "triaged",
        "response_id",
        "INSERT INTO triaged (response_id, at, actor) VALUES (?, ?, ?)",
    ),
}


def _restore(store: Store, scope: Scope, ids: Sequence[int], snapshot: dict[str, Any]) -> None:
    """Put back exactly the rows of a snapshot, for the same scope and ids."""
    conn = store.conn
    key = "tag_id" if scope == "tags" else "response_id"
    order = ["response_tags", "followups", "triaged", "tags"]  # children before parents
    for part in order:
        if part in snapshot:
            table, column, _ = _RESTORE[part]
            column = column.format(key=key)
            conn.execute(f"DELETE FROM {table} WHERE {column} IN ({_marks(ids)})", tuple(ids))
    for part in reversed(order):
        if part in snapshot:
            conn.executemany(_RESTORE[part][2], [tuple(row) for row in snapshot[part]])


def _tag_names(store: Store, *snapshots: dict[str, Any]) -> dict[str, str]:
    """Names of the tags in responses' snapshots, kept with the event: history then says
    which tags an action added or removed even after a tag is renamed or deleted."""
    ids = sorted({row[1] for s in snapshots for row in s.get("response_tags", [])})
    if not ids:
        return {}
    rows = _rows(store, "SELECT id, name FROM tags WHERE id IN ({marks})", ids)
    return {str(tag_id): name for tag_id, name in rows}


def tag_names(store: Store) -> dict[int, str]:
    """Every tag's name by id (history names tags older entries did not record)."""
    return {row[0]: row[1] for row in store.conn.execute("SELECT id, name FROM tags")}


def check_responses(store: Store, response_ids: Sequence[int]) -> None:
    """Raise NotFoundError ("there is no response N") unless every response exists."""
    _check_responses(store, response_ids)


def _check_responses(store: Store, response_ids: Sequence[int]) -> None:
    if not response_ids:
        raise ValueError("give at least one response")
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
    scope: Scope,
    ids: Sequence[int],
    before: dict[str, Any],
    after: dict[str, Any],
) -> int:
    single = scope == "responses" and len(ids) == 1
    cursor = store.conn.execute(
        "INSERT INTO events (at, actor, action, response_id, before, after)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            now_iso(),
            actor,
            action,
            ids[0] if single else None,
            json.dumps({"scope": scope, "ids": list(ids), **before}, ensure_ascii=False),
            json.dumps(after, ensure_ascii=False),
        ),
    )
    return int(cursor.lastrowid or 0)


def _act_on_responses(
    store: Store, action: str, actor: str, response_ids: Sequence[int], change: Any, **extra: Any
) -> int:
    """Run `change()` on responses inside one transaction, with its event."""
    ids = sorted(set(response_ids))
    with store.write():
        _check_responses(store, ids)
        before = _snapshot(store, "responses", ids)
        details = change(ids) or {}
        after = {**_snapshot(store, "responses", ids), **details, **extra}
        after["tag_names"] = _tag_names(store, before, after)
        return _record(store, action, actor, "responses", ids, before, after)


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


def clean_names(names: Iterable[str]) -> list[str]:
    """Tag names trimmed, without blanks or case-insensitive repeats."""
    out: list[str] = []
    for name in names:
        name = name.strip()
        if name and name.casefold() not in {n.casefold() for n in out}:
            out.append(name)
    return out


def tag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str) -> int:
    """Add tags (creating new ones) to responses; returns the event id."""
    names = clean_names(names)
    if not names:
        raise ValueError("give at least one tag name")

    def change(ids: list[int]) -> dict[str, Any]:
        tag_ids, created = _tag_ids(store, names, create=True)
        stamp = now_iso()
        store.conn.executemany(
            "INSERT OR IGNORE INTO response_tags (response_id, tag_id, tagged_at) VALUES (?, ?, ?)",
            [(r, t, stamp) for r in ids for t in tag_ids],
        )
        return {"tags_created": created}

    return _act_on_responses(store, "tag", actor, response_ids, change, names=names)


def untag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str) -> int:
    """Remove tags from responses; returns the event id."""
    names = clean_names(names)

    def change(ids: list[int]) -> None:
        tag_ids, _ = _tag_ids(store, names, create=False)
        if not tag_ids:
            raise NotFoundError(f"no tag named {', '.join(repr(n) for n in names)}")
        store.conn.execute(
            f"DELETE FROM response_tags WHERE response_id IN ({_marks(ids)})"
            f" AND tag_id IN ({_marks(tag_ids)})",
            (*ids, *tag_ids),
        )

    return _act_on_responses(store, "untag", actor, response_ids, change, names=names)


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

    def change(ids: list[int]) -> None:
        stamp = now_iso()
        store.conn.executemany(
            "INSERT INTO followups (response_id, status, owner, due_date, note, created_at,"
            " updated_at) VALUES (?, coalesce(?, 'open'), ?, ?, ?, ?, ?)"
            " ON CONFLICT(response_id) DO UPDATE SET status = coalesce(?, status),"
            " owner = coalesce(?, owner), due_date = coalesce(?, due_date),"
            " note = coalesce(?, note), updated_at = ?",
            [
                (i, status, owner, due_date, note, stamp, stamp,
                 status, owner, due_date, note, stamp)
                for i in ids
            ],
        )  # fmt: skip

    return _act_on_responses(store, "followup", actor, response_ids, change)


def mark_triaged(store: Store, response_ids: Sequence[int], actor: str) -> int:
    """Mark responses triaged: they leave the triage queue."""

    def change(ids: list[int]) -> None:
        stamp = now_iso()
        store.conn.executemany(
            "INSERT OR IGNORE INTO triaged (response_id, at, actor) VALUES (?, ?, ?)",
            [(i, stamp, actor) for i in ids],
        )

    return _act_on_responses(store, "triaged", actor, response_ids, change)


def _tag_id(store: Store, name: str) -> int:
    ids, _ = _tag_ids(store, [name], create=False)
    if not ids:
        raise NotFoundError(f"no tag named {name!r}")
    return ids[0]


def rename_tag(store: Store, old: str, new: str, actor: str) -> int:
    """Rename a tag; if another tag already has the new name, merge into it."""
    new = new.strip()
    if not new:
        raise ValueError("a tag needs a name")
    with store.write():
        source = _tag_id(store, old)
        target_ids, _ = _tag_ids(store, [new], create=False)
        if target_ids and target_ids[0] != source:
            return _merge(store, source, target_ids[0], actor)
        before = _snapshot(store, "tags", [source])
        store.conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new, source))
        after = {**_snapshot(store, "tags", [source]), "old": old, "new": new}
        return _record(store, "rename_tag", actor, "tags", [source], before, after)


def merge_tags(store: Store, source_name: str, target_name: str, actor: str) -> int:
    """Move every response of one tag to another, then delete the first."""
    with store.write():
        source, target = _tag_id(store, source_name), _tag_id(store, target_name)
        if source == target:
            raise ValueError("a tag cannot be merged into itself")
        return _merge(store, source, target, actor)


def _merge(store: Store, source: int, target: int, actor: str) -> int:
    ids = [source, target]
    before = _snapshot(store, "tags", ids)
    store.conn.execute(
        "INSERT OR IGNORE INTO response_tags (response_id, tag_id, tagged_at)"
        " SELECT response_id, ?, tagged_at FROM response_tags WHERE tag_id = ?",
        (target, source),
    )
    store.conn.execute("DELETE FROM response_tags WHERE tag_id = ?", (source,))
    store.conn.execute("DELETE FROM tags WHERE id = ?", (source,))
    after = _snapshot(store, "tags", ids)
    return _record(store, "merge_tags", actor, "tags", ids, before, after)


def delete_tag(store: Store, name: str, actor: str) -> int:
    """Delete a tag and take it off every response."""
    with store.write():
        tag_id = _tag_id(store, name)
        before = _snapshot(store, "tags", [tag_id])
        store.conn.execute("DELETE FROM response_tags WHERE tag_id = ?", (tag_id,))
        store.conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
        after = {**_snapshot(store, "tags", [tag_id]), "name": name}
        return _record(store, "delete_tag", actor, "tags", [tag_id], before, after)


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
        scope: Scope = before["scope"]
        ids: list[int] = before["ids"]
        current = _snapshot(store, scope, ids)
        names = _tag_names(store, current, before) if scope == "responses" else {}
        _restore(store, scope, ids, before)
        created = after.get("tags_created", [])
        if created:
            # Tags this action created go again, unless something else uses them since.
            store.conn.execute(
                f"DELETE FROM tags WHERE id IN ({_marks(created)}) AND NOT EXISTS"
                " (SELECT 1 FROM response_tags rt WHERE rt.tag_id = tags.id)",
                tuple(created),
            )
        restored = {**before, "undid": event_id}
        if names:
            restored["tag_names"] = names
        undo_id = _record(store, "undo", actor, scope, ids, current, restored)
        store.conn.execute("UPDATE events SET undone_by = ? WHERE id = ?", (undo_id, event_id))
        responses = tuple(ids) if scope == "responses" else ()
        return UndoneAction(event_id, action, responses, at, by)

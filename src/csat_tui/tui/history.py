"""A response's audit trail in words: who did what, when ("sam tagged billing, refund")."""

from __future__ import annotations

from typing import Any, Protocol


class Event(Protocol):
    """An audit-trail entry as the services return it."""

    @property
    def id(self) -> int: ...
    @property
    def at(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...
    @property
    def undone(self) -> bool: ...


_STATUS = {"open": "open", "in_progress": "in progress", "done": "done", "wont_do": "won't do"}


def _followup(after: dict[str, Any], response_id: int) -> str:
    # Rows are (response_id, status, owner, due_date, note, created_at, updated_at).
    row = next((r for r in after.get("followups", []) if r and r[0] == response_id), None)
    if row is None:
        return "changed the follow-up"
    status, owner, due, note = row[1], row[2], row[3], row[4]
    parts = [_STATUS.get(status, str(status))]
    if owner:
        parts.append(f"owner {owner}")
    if due:
        parts.append(f"due {due}")
    if note:
        parts.append(f"note {note!r}")
    return "set the follow-up: " + ", ".join(parts)


def _what(event: Event, response_id: int) -> str:
    after: dict[str, Any] = event.after if isinstance(event.after, dict) else {}
    names = ", ".join(str(n) for n in after.get("names", []))
    if event.action == "tag":
        return f"tagged {names}"
    if event.action == "untag":
        return f"removed the tags {names}"
    if event.action == "followup":
        return _followup(after, response_id)
    if event.action == "triaged":
        return "marked it triaged"
    if event.action == "undo":
        return f"undid action #{after.get('undid', '?')}"
    if event.action == "rename_tag":
        return f"renamed the tag {after.get('old')} to {after.get('new')}"
    if event.action == "merge_tags":
        return "merged two tags"
    if event.action == "delete_tag":
        return f"deleted the tag {after.get('name')}"
    return event.action.replace("_", " ")


def event_line(event: Event, response_id: int) -> str:
    """One line of the history (plain text: show it through `safe`)."""
    when = event.at[:16].replace("T", " ")
    before: dict[str, Any] = event.before if isinstance(event.before, dict) else {}
    others = len(before.get("ids", [])) - 1 if before.get("scope") == "responses" else 0
    bulk = f" (with {others} other response{'s' if others > 1 else ''})" if others > 0 else ""
    undone = "  [undone]" if event.undone else ""
    return f"#{event.id}  {when}  {event.actor} {_what(event, response_id)}{bulk}{undone}"

"""A response's audit trail in words: who did what, when, and what it changed
("sam added the tags billing, refund", "kim changed the follow-up: owner kim → ana")."""

from __future__ import annotations

from typing import Protocol

from csat_tui.services import audit


class Event(audit.Event, Protocol):
    """An audit-trail entry as the services return it, with when, who and whether undone."""

    @property
    def at(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def undone(self) -> bool: ...


def event_line(event: Event, response_id: int) -> str:
    """One line of the history: what the entry did to this response (plain text: show it
    through `safe`)."""
    when = event.at[:16].replace("T", " ")
    found = audit.changes(event)
    others = len(found.response_ids) - 1 if response_id in found.response_ids else 0
    bulk = f" (with {others} other response{'s' if others > 1 else ''})" if others > 0 else ""
    undone = "  [undone]" if event.undone else ""
    what = audit.describe(found, response_id)
    return f"#{event.id}  {when}  {event.actor} {what}{bulk}{undone}"

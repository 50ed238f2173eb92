"""Triage for the TUI and the CLI: actions under the acting user, and the lists they need."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence

from csat_tui.store import triage as actions
from csat_tui.store.customers import TIERS, Customer, CustomerCursor, Tier, customers
from csat_tui.store.customers import cursor as customer_cursor
from csat_tui.store.db import Store
from csat_tui.store.followups import FollowupRow, history, list_followups, owners
from csat_tui.store.queue import queue_count, queue_page, respondent_history
from csat_tui.store.tags import TagCount, tag_counts, tag_counts_by
from csat_tui.store.triage import UndoneAction, check_responses, tag_names

__all__ = [
    "TIERS",
    "Customer",
    "CustomerCursor",
    "FollowupRow",
    "TagCount",
    "Tier",
    "UndoneAction",
    "check_responses",
    "current_user",
    "customer_cursor",
    "customers",
    "delete_tag",
    "history",
    "list_followups",
    "mark_triaged",
    "merge_tags",
    "owners",
    "queue_count",
    "queue_page",
    "rename_tag",
    "respondent_history",
    "set_followup",
    "tag",
    "tag_counts",
    "tag_counts_by",
    "tag_names",
    "undo",
    "untag",
]


def current_user() -> str:
    """The name events are recorded under: $CSAT_TUI_USER, else the OS login name."""
    return os.environ.get("CSAT_TUI_USER") or getpass.getuser() or "unknown"


def tag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str = "") -> int:
    """Tag responses (new tag names are created); returns the event id."""
    return actions.tag(store, response_ids, names, actor or current_user())


def untag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str = "") -> int:
    """Remove tags from responses; returns the event id."""
    return actions.untag(store, response_ids, names, actor or current_user())


def set_followup(
    store: Store,
    response_ids: Sequence[int],
    *,
    status: str | None = None,
    owner: str | None = None,
    due_date: str | None = None,
    note: str | None = None,
    actor: str = "",
) -> int:
    """Create or change follow-ups; returns the event id."""
    return actions.set_followup(
        store,
        response_ids,
        actor or current_user(),
        status=status,
        owner=owner,
        due_date=due_date,
        note=note,
    )


def mark_triaged(store: Store, response_ids: Sequence[int], actor: str = "") -> int:
    """Mark responses triaged: they leave the queue. Undo brings them back."""
    return actions.mark_triaged(store, response_ids, actor or current_user())


def rename_tag(store: Store, old: str, new: str, actor: str = "") -> int:
    """Rename a tag (merging into an existing tag of that name)."""
    return actions.rename_tag(store, old, new, actor or current_user())


def merge_tags(store: Store, source: str, target: str, actor: str = "") -> int:
    """Merge one tag into another."""
    return actions.merge_tags(store, source, target, actor or current_user())


def delete_tag(store: Store, name: str, actor: str = "") -> int:
    """Delete a tag everywhere."""
    return actions.delete_tag(store, name, actor or current_user())


def undo(store: Store, actor: str = "") -> UndoneAction:
    """Undo the latest triage action."""
    return actions.undo(store, actor or current_user())

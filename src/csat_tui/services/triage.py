"""Triage actions for the TUI and the CLI: who did it defaults to the OS user."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence

from csat_tui.store import triage as store_triage
from csat_tui.store.db import Store
from csat_tui.store.triage import UndoneAction


def current_user() -> str:
    """The name events are recorded under: $CSAT_TUI_USER, else the OS login name."""
    return os.environ.get("CSAT_TUI_USER") or getpass.getuser() or "unknown"


def tag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str = "") -> int:
    """Tag responses (new tag names are created); returns the event id."""
    return store_triage.tag(store, response_ids, names, actor or current_user())


def untag(store: Store, response_ids: Sequence[int], names: Sequence[str], actor: str = "") -> int:
    """Remove tags from responses; returns the event id."""
    return store_triage.untag(store, response_ids, names, actor or current_user())


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
    return store_triage.set_followup(
        store,
        response_ids,
        actor or current_user(),
        status=status,
        owner=owner,
        due_date=due_date,
        note=note,
    )


def undo(store: Store, actor: str = "") -> UndoneAction:
    """Undo the latest triage action."""
    return store_triage.undo(store, actor or current_user())

"""What every triage screen does the same way: ask for tags or a follow-up, then run it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from textual.screen import Screen

from csat_tui.services import ResponseRow
from csat_tui.services.opening import opener_for
from csat_tui.services.triage_loads import load_followup, load_owners, load_tag_names
from csat_tui.tui.cards import csat_text
from csat_tui.tui.context import TriageAsked, context_of
from csat_tui.tui.screens.triage_dialogs import STATUS_WORDS, FollowupDialog, TagDialog
from csat_tui.tui.text import safe
from csat_tui.tui.triage_runner import FollowupChoice, followup_action, tag_action, triaged_action


def describe(ids: Sequence[int]) -> str:
    """ "#12" or "3 responses"."""
    return f"#{ids[0]}" if len(ids) == 1 else f"{len(ids)} responses"


def ask_tags(screen: Screen[Any], ids: Sequence[int], known: list[str] | None = None) -> None:
    """Ask for tags and add them to the responses (one action, one undo)."""
    chosen_ids = list(ids)

    def chosen(names: list[str] | None) -> None:
        if names:
            screen.post_message(TriageAsked(tag_action(chosen_ids, names)))

    names = partial(load_tag_names, opener_for(context_of(screen).db_path))
    screen.app.push_screen(TagDialog(describe(ids), names, known), chosen)


def ask_followup(
    screen: Screen[Any],
    ids: Sequence[int],
    status: str | None = None,
    known: list[str] | None = None,
) -> None:
    """Ask for a follow-up's owner, due date, status and note, then save it on the responses."""
    chosen_ids = list(ids)

    def chosen(choice: FollowupChoice | None) -> None:
        if choice is not None:
            screen.post_message(TriageAsked(followup_action(chosen_ids, choice)))

    context = context_of(screen)
    opener = opener_for(context.db_path)
    owners = partial(load_owners, opener)
    current = partial(load_followup, opener, chosen_ids[0]) if len(chosen_ids) == 1 else None
    dialog = FollowupDialog(describe(ids), owners, context.today(), status, known, current)
    screen.app.push_screen(dialog, chosen)


def mark_triaged(screen: Screen[Any], ids: Sequence[int]) -> None:
    """Mark responses triaged (they leave the queue)."""
    screen.post_message(TriageAsked(triaged_action(list(ids))))


def scores_line(row: ResponseRow) -> str:
    """ "CSAT 2/5 · NPS 3 · CES 2" for what the response answered."""
    parts = []
    if row.csat is not None:
        parts.append(f"CSAT {csat_text(row.csat, row.csat_scale)}")
    if row.nps is not None:
        parts.append(f"NPS {row.nps}")
    if row.ces is not None:
        parts.append(f"CES {row.ces}")
    return " · ".join(parts) or "no rating"


def followup_word(status: str | None) -> str:
    """A follow-up status as people say it."""
    return STATUS_WORDS.get(status or "", safe(status, limit=20))

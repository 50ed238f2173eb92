"""What the agents list needs beyond the score counts: low scores, follow-ups and tags per
agent, over the responses a filter lets through."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.where import where

TOP_TAGS = 3
"""Tags shown per agent, the most used first."""


@dataclass
class AgentExtras:
    """Counts per agent that the daily rows do not hold."""

    low: int = 0
    """Responses with a low score on any metric."""
    open_followups: int = 0
    """Follow-ups open or in progress."""
    overdue: int = 0
    """Of those, the ones past their due date."""
    tags: list[tuple[str, int]] = field(default_factory=list)
    """The most used tags, with their counts."""


def agent_extras(store: Store, flt: Filter, today: date) -> dict[str | None, AgentExtras]:
    """Low scores, follow-ups and top tags per agent (None: responses with no agent)."""
    found: dict[str | None, AgentExtras] = {}

    def extras(agent: str | None) -> AgentExtras:
        return found.setdefault(agent, AgentExtras())

    condition, params = where(replace(flt, band="low", metric=flt.metric))
    for agent, n in store.conn.execute(
        f"SELECT r.agent, count(*) FROM responses r WHERE {condition} GROUP BY r.agent", params
    ):
        extras(agent).low = n
    condition, params = where(flt)
    params = {**params, "today": today.isoformat()}
    for agent, opened, overdue in store.conn.execute(
        "SELECT r.agent, count(*), count(*) FILTER (WHERE f.due_date < :today)"
        " FROM followups f JOIN responses r ON r.id = f.response_id"
        f" WHERE f.status IN ('open', 'in_progress') AND {condition} GROUP BY r.agent",
        params,
    ):
        extras(agent).open_followups, extras(agent).overdue = opened, overdue
    for agent, tag, n in store.conn.execute(
        "SELECT r.agent, t.name, count(*) AS n FROM response_tags rt"
        " JOIN tags t ON t.id = rt.tag_id JOIN responses r ON r.id = rt.response_id"
        f" WHERE {condition} GROUP BY r.agent, t.id ORDER BY r.agent, n DESC, t.name",
        params,
    ):
        tags = extras(agent).tags
        if len(tags) < TOP_TAGS:
            tags.append((tag, n))
    return found

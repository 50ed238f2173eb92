"""The agents list: per agent its scores, change, low scores, follow-ups and tags, ranked
fairly (a score that accounts for how many answers stand behind it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from csat_tui.filters import Filter
from csat_tui.scoring.change import Change, nps_change, previous_period, proportion_change
from csat_tui.scoring.intervals import SMALL_SAMPLE
from csat_tui.services.scores import (
    counts_json,
    current_range,
)
from csat_tui.store.agents import AgentExtras, agent_extras
from csat_tui.store.aggregates import ScoreCounts, score_counts, score_counts_by
from csat_tui.store.db import Store

RANK_RULE = (
    f"Ranked by the low end of the 95% interval of CSAT % (Wilson), so a few good ratings do "
    f"not outrank many; agents with fewer than {SMALL_SAMPLE} answers are flagged and not ranked."
)
"""The ranking rule in words, shown wherever the ranking is."""
RANK_RULE_NPS = (
    f"Ranked by the low end of NPS's 95% margin, so a few promoters do not outrank many; "
    f"agents with fewer than {SMALL_SAMPLE} answers are flagged and not ranked."
)

AgentSort = Literal["rank", "n", "score", "change", "low", "name"]
AGENT_SORTS: tuple[AgentSort, ...] = get_args(AgentSort)


@dataclass(frozen=True)
class AgentRow:
    """One agent (or, with `name` None, the responses no agent handled)."""

    name: str | None
    counts: ScoreCounts
    previous: ScoreCounts | None
    change: Change | None
    """CSAT % (or NPS, when ranking by NPS) against the previous period of equal length."""
    extras: AgentExtras
    rank: int | None
    """1 for the best; None for an agent with too few answers, and for the unassigned."""
    rank_score: float | None
    """The score the rank comes from (the interval's low end)."""

    @property
    def answers(self) -> int:
        """Answers of the ranking metric."""
        return max(self.counts.csat.n, self.counts.nps.n)

    @property
    def small(self) -> bool:
        """Too few answers to rank."""
        return self.answers < SMALL_SAMPLE


@dataclass(frozen=True)
class AgentsReport:
    """Every agent's row for a filter, in rank order, with the rule that ranks them."""

    filter: Filter
    metric: Literal["csat", "nps"]
    rule: str
    rows: list[AgentRow]
    since: date | None
    until: date | None
    """The previous period compared against, when there is one."""


def _lower(counts: ScoreCounts, metric: str) -> float | None:
    if metric == "csat":
        interval = counts.csat.ci95
        return interval[0] if interval else None
    score, moe = counts.nps.score, counts.nps.moe95
    return score - moe if score is not None and moe is not None else None


def _change(now: ScoreCounts, before: ScoreCounts | None, metric: str) -> Change | None:
    if before is None:
        return None
    if metric == "csat":
        return proportion_change(
            now.csat.satisfied, now.csat.n, before.csat.satisfied, before.csat.n
        )
    return nps_change(
        now.nps.promoters, now.nps.detractors, now.nps.n,
        before.nps.promoters, before.nps.detractors, before.nps.n,
    )  # fmt: skip


def rank_order(rows: list[AgentRow]) -> list[AgentRow]:
    """Ranked agents best first, then the flagged ones (most answers first), then the
    unassigned."""

    def key(row: AgentRow) -> tuple[int, float, str]:
        name = (row.name or "").casefold()
        if row.name is None:
            return (2, 0.0, name)
        if row.rank is None:
            return (1, -row.answers, name)
        return (0, -(row.rank_score or 0.0), name)

    return sorted(rows, key=key)


def sort_rows(rows: list[AgentRow], by: AgentSort) -> list[AgentRow]:
    """The rows in another order; `rank` is the fair order."""
    ordered = rank_order(rows)
    if by == "n":
        return sorted(ordered, key=lambda r: -r.counts.responses)
    if by == "score":
        return sorted(ordered, key=lambda r: (r.counts.csat.pct is None, -(r.counts.csat.pct or 0)))
    if by == "change":
        return sorted(ordered, key=lambda r: (r.change is None, r.change.delta if r.change else 0))
    if by == "low":
        return sorted(ordered, key=lambda r: -r.extras.low)
    if by == "name":
        return sorted(ordered, key=lambda r: (r.name is None, (r.name or "").casefold()))
    return ordered


def agents(store: Store, flt: Filter, today: date | None = None) -> AgentsReport:
    """Every agent's scores for the filter, ranked fairly."""
    today = today or datetime.now(UTC).date()
    overall = score_counts(store, flt)
    metric: Literal["csat", "nps"] = "csat" if overall.csat.n or not overall.nps.n else "nps"
    groups = score_counts_by(store, flt, "agent")
    span = current_range(flt, overall)
    before: dict[str | None, ScoreCounts] = {}
    since = until = None
    if span is not None:
        since, until = previous_period(*span)
        before = {g.key: g for g in score_counts_by(store, flt.with_range(since, until), "agent")}
    extras = agent_extras(store, flt, today)
    rows = []
    for counts in groups:
        previous = before.get(counts.key)
        rows.append(
            AgentRow(
                name=counts.key,
                counts=counts,
                previous=previous,
                change=_change(counts, previous, metric),
                extras=extras.get(counts.key, AgentExtras()),
                rank=None,
                rank_score=_lower(counts, metric),
            )
        )
    ranked = [
        r for r in rows
        if r.name is not None and not r.small and r.rank_score is not None
    ]  # fmt: skip
    ranked.sort(key=lambda r: (-(r.rank_score or 0.0), -r.answers, (r.name or "").casefold()))
    order = {id(r): i + 1 for i, r in enumerate(ranked)}
    rows = [
        AgentRow(r.name, r.counts, r.previous, r.change, r.extras, order.get(id(r)), r.rank_score)
        for r in rows
    ]
    rule = RANK_RULE if metric == "csat" else RANK_RULE_NPS
    return AgentsReport(flt, metric, rule, rank_order(rows), since, until)


def _change_json(change: Change | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {"delta": change.delta, "p_value": change.p_value, "significant": change.significant}


def agents_json(report: AgentsReport) -> dict[str, Any]:
    """The report as `csat-tui agents --format json` prints it (unrounded)."""
    return {
        "filter": report.filter.to_json(),
        "ranked_by": report.metric,
        "rule": report.rule,
        "previous": (
            {"since": report.since.isoformat(), "until": report.until.isoformat()}
            if report.since and report.until
            else None
        ),
        "agents": [
            {
                "agent": row.name,
                "rank": row.rank,
                "rank_score": row.rank_score,
                "small_sample": row.small,
                **counts_json(row.counts),
                "change": _change_json(row.change),
                "low": row.extras.low,
                "open_followups": row.extras.open_followups,
                "overdue_followups": row.extras.overdue,
                "top_tags": [{"tag": t, "n": n} for t, n in row.extras.tags],
            }
            for row in report.rows
        ],
    }

"""Filter choices for the TUI's filter bar and dialog, and the breakdown rows sorted by impact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from csat_tui.services.scores import ScoreReport
from csat_tui.store.aggregates import ScoreCounts
from csat_tui.store.facets import ColumnValues, Facets, column_facets, facets

__all__ = [
    "BreakdownRow",
    "ColumnValues",
    "Facets",
    "breakdown_rows",
    "column_facets",
    "facets",
]

ImpactMetric = Literal["csat", "nps", "ces"]


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """One group of a breakdown with its score and how much it pulls the total."""

    counts: ScoreCounts
    n: int
    """Answers of the metric in this group."""
    score: float | None
    low: float | None
    high: float | None
    """95 % interval (CSAT %, CES % easy) or score ± margin (NPS)."""
    impact: float | None
    """(group score − overall score) × the group's share of answers, in points."""


def _score(
    counts: ScoreCounts, metric: ImpactMetric
) -> tuple[int, float | None, tuple[float, float] | None]:
    if metric == "csat":
        return counts.csat.n, counts.csat.pct, counts.csat.ci95
    if metric == "nps":
        score, margin = counts.nps.score, counts.nps.moe95
        span = (
            (score - margin, score + margin) if score is not None and margin is not None else None
        )
        return counts.nps.n, score, span
    return counts.ces.n, counts.ces.easy_pct, counts.ces.ci95


def breakdown_rows(report: ScoreReport, metric: ImpactMetric) -> list[BreakdownRow]:
    """The report's groups as rows, most negative impact first (the worst and biggest on top)."""
    total_n, overall, _ = _score(report.overall, metric)
    rows: list[BreakdownRow] = []
    for group in report.groups or []:
        n, score, span = _score(group, metric)
        impact = None
        if score is not None and overall is not None and total_n:
            impact = (score - overall) * n / total_n
        rows.append(
            BreakdownRow(
                group, n, score, span[0] if span else None, span[1] if span else None, impact
            )
        )
    rows.sort(key=lambda r: (r.impact is None, r.impact or 0.0, -r.n))
    return rows

"""What the dashboard loads: scores with the previous period, the trend, the breakdown,
the distribution and the filter's choices. Plain functions run in thread workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from csat_tui.filters import Filter
from csat_tui.scoring import Metric
from csat_tui.services.facets import (
    BreakdownRow,
    ColumnValues,
    Facets,
    breakdown_rows,
    column_facets,
    facets,
)
from csat_tui.services.opening import Opener
from csat_tui.services.periods import Step, step_for
from csat_tui.services.scores import ScoreReport, scores
from csat_tui.store.aggregates import ScoreCounts, distribution


@dataclass(frozen=True)
class Trend:
    """A metric's score per period."""

    step: Step
    points: list[ScoreCounts]


def load_scores(opener: Opener, flt: Filter) -> ScoreReport:
    """Overall scores with the previous period of equal length."""
    with opener() as store:
        return scores(store, flt, with_previous=True)


def load_trend(opener: Opener, flt: Filter, first: str | None, last: str | None) -> Trend:
    """Scores per day, week or month, the step chosen from the range shown."""
    since = flt.since or (date.fromisoformat(first[:10]) if first else None)
    until = flt.until or (date.fromisoformat(last[:10]) if last else None)
    step = step_for(since, until)
    with opener() as store:
        report = scores(store, flt, by=step)
    return Trend(step, [g for g in report.groups or [] if g.key is not None])


def load_breakdown(opener: Opener, flt: Filter, by: str, metric: Metric) -> list[BreakdownRow]:
    """Groups of the filter by touchpoint, segment, channel, source, agent, team or a kept
    column (`attribute:KEY`), worst impact first."""
    with opener() as store:
        report = scores(store, flt, by=by)
    return breakdown_rows(report, metric)


def load_distribution(opener: Opener, flt: Filter, metric: Metric) -> list[tuple[str, int, int]]:
    """How many answers each score of the metric got: (scale, score, count)."""
    with opener() as store:
        return distribution(store, flt, metric)


def load_facets(opener: Opener) -> Facets:
    """The values the filter can choose from."""
    with opener() as store:
        return facets(store)


def load_columns(opener: Opener) -> tuple[ColumnValues, ...]:
    """Agent, team and every kept column with their most common values (the filter dialog's
    column section)."""
    with opener() as store:
        return column_facets(store)

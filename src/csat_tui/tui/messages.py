"""Messages workers post when their data is ready; each carries the load it answers."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from csat_tui.scoring import Metric
from csat_tui.services import BreakdownRow, Facets, ResponseDetail, ScoreReport
from csat_tui.services.browsing import Rows
from csat_tui.services.dashboard import Trend
from csat_tui.tui.widgets.breakdown import Dimension


@dataclass
class Loaded(Message):
    """Base: data for load number `generation` of a screen (older loads are dropped)."""

    generation: int


@dataclass
class ScoresLoaded(Loaded):
    """The overall scores with the previous period, and the store's facets."""

    report: ScoreReport
    facets: Facets


@dataclass
class TrendLoaded(Loaded):
    """Scores per period for the trend chart."""

    trend: Trend
    metric: Metric


@dataclass
class BreakdownLoaded(Loaded):
    """Breakdown rows by a dimension."""

    rows: list[BreakdownRow]
    by: Dimension
    metric: Metric


@dataclass
class DistributionLoaded(Loaded):
    """Counts per score of a metric."""

    rows: list[tuple[str, int, int]]
    metric: Metric


@dataclass
class PageLoaded(Loaded):
    """One more page of responses."""

    page: Rows
    first: bool


@dataclass
class CountLoaded(Loaded):
    """How many responses match."""

    total: int


@dataclass
class DetailLoaded(Loaded):
    """One response in full."""

    detail: ResponseDetail

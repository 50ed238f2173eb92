"""Pure score definitions: scales and bands, CSAT/NPS/CES, intervals, change, SQL forms."""

from csat_tui.scoring.change import Change, nps_change, previous_period, proportion_change
from csat_tui.scoring.intervals import SMALL_SAMPLE, is_small_sample, nps_margin, wilson
from csat_tui.scoring.metrics import CesScore, CsatScore, NpsScore, count_answers, csat_pct, nps
from csat_tui.scoring.scales import (
    BANDS,
    METRICS,
    Band,
    BandRule,
    Metric,
    Scale,
    band,
    rule_for,
    scales_for,
)

__all__ = [
    "BANDS",
    "METRICS",
    "SMALL_SAMPLE",
    "Band",
    "BandRule",
    "CesScore",
    "Change",
    "CsatScore",
    "Metric",
    "NpsScore",
    "Scale",
    "band",
    "count_answers",
    "csat_pct",
    "is_small_sample",
    "nps",
    "nps_change",
    "nps_margin",
    "previous_period",
    "proportion_change",
    "rule_for",
    "scales_for",
    "wilson",
]

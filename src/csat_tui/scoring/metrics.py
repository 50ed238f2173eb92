"""The scores: CSAT %, CSAT mean, NPS and CES, from counts of answers.

Each function takes counts (as the SQL aggregates return them) and gives the
score, or None when there are no answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from csat_tui.scoring.intervals import is_small_sample, nps_margin, wilson
from csat_tui.scoring.scales import Metric, rule_for


def csat_pct(satisfied: int, n: int) -> float | None:
    """CSAT % = satisfied answers ÷ all answers × 100 (top two boxes count as satisfied)."""
    return satisfied / n * 100 if n else None


def mean(total: int, n: int) -> float | None:
    """Mean score = sum of scores ÷ number of answers (CSAT mean, CES mean)."""
    return total / n if n else None


def nps(promoters: int, detractors: int, n: int) -> float | None:
    """NPS = % promoters (9–10) − % detractors (0–6), from −100 to +100."""
    return (promoters - detractors) / n * 100 if n else None


def pct(part: int, n: int) -> float | None:
    """A share in percent (CES % easy, response rate)."""
    return part / n * 100 if n else None


@dataclass(frozen=True, slots=True)
class CsatScore:
    """CSAT over a set of responses."""

    n: int
    satisfied: int
    total: int
    """Sum of scores, for the mean."""
    low_n: int
    scale: str | None
    """The scale when every answer uses one; None when scales are mixed."""

    @property
    def pct(self) -> float | None:
        """CSAT %."""
        return csat_pct(self.satisfied, self.n)

    @property
    def mean(self) -> float | None:
        """Mean score; None when answers mix scales (a mean across scales means nothing)."""
        return mean(self.total, self.n) if self.scale else None

    @property
    def ci95(self) -> tuple[float, float] | None:
        """Wilson 95 % interval of CSAT %."""
        return wilson(self.satisfied, self.n)

    @property
    def small(self) -> bool:
        """Fewer than 30 answers."""
        return is_small_sample(self.n)


@dataclass(frozen=True, slots=True)
class NpsScore:
    """NPS over a set of responses."""

    n: int
    promoters: int
    detractors: int

    @property
    def passives(self) -> int:
        """Answers of 7–8."""
        return self.n - self.promoters - self.detractors

    @property
    def score(self) -> float | None:
        """NPS, −100…+100."""
        return nps(self.promoters, self.detractors, self.n)

    @property
    def moe95(self) -> float | None:
        """95 % margin of error in NPS points."""
        return nps_margin(self.promoters, self.detractors, self.n)

    @property
    def low_n(self) -> int:
        """Detractors are the NPS answers that need attention."""
        return self.detractors

    @property
    def small(self) -> bool:
        """Fewer than 30 answers."""
        return is_small_sample(self.n)


@dataclass(frozen=True, slots=True)
class CesScore:
    """Customer effort over a set of responses (1–7, 7 = very easy)."""

    n: int
    total: int
    easy: int
    """Answers of 5–7."""
    low_n: int
    """Answers of 1–3."""

    @property
    def mean(self) -> float | None:
        """Mean effort score."""
        return mean(self.total, self.n)

    @property
    def easy_pct(self) -> float | None:
        """% of answers that found it easy (5–7)."""
        return pct(self.easy, self.n)

    @property
    def ci95(self) -> tuple[float, float] | None:
        """Wilson 95 % interval of % easy."""
        return wilson(self.easy, self.n)

    @property
    def small(self) -> bool:
        """Fewer than 30 answers."""
        return is_small_sample(self.n)


def count_answers(
    metric: Metric, answers: Iterable[tuple[str, int]]
) -> CsatScore | NpsScore | CesScore:
    """Score a metric from (scale, score) pairs in Python: the reference the SQL must agree with."""
    n = high = low = total = 0
    scales: set[str] = set()
    for scale, score in answers:
        band = rule_for(metric, scale).band(score)
        n += 1
        total += score
        scales.add(scale)
        high += band == "high"
        low += band == "low"
    if metric == "csat":
        return CsatScore(n, high, total, low, scales.pop() if len(scales) == 1 else None)
    if metric == "nps":
        return NpsScore(n, high, low)
    return CesScore(n, total, high, low)

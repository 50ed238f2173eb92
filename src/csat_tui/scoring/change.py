"""Change against the previous period, and whether it is larger than the noise."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

from csat_tui.scoring.intervals import nps_variance


@dataclass(frozen=True, slots=True)
class Change:
    """How a score moved between two periods."""

    delta: float
    """Current minus previous, in points."""
    z: float | None
    """Test statistic; None when either period has no answers or no variance."""
    p_value: float | None

    @property
    def significant(self) -> bool:
        """True when the change is larger than the noise at the 95 % level."""
        return self.p_value is not None and self.p_value < 0.05


def _p_two_sided(z: float) -> float:
    return 2 * (1 - NormalDist().cdf(abs(z)))


def proportion_change(k1: int, n1: int, k0: int, n0: int) -> Change | None:
    """Two-proportion z-test of k1/n1 (now) against k0/n0 (before).

    z = (p1 − p0) / √(p̂(1−p̂)(1/n1 + 1/n0)), p̂ = (k1 + k0) / (n1 + n0); delta in points.
    None when either period has no answers.
    """
    if n1 <= 0 or n0 <= 0:
        return None
    p1, p0 = k1 / n1, k0 / n0
    pooled = (k1 + k0) / (n1 + n0)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    delta = (p1 - p0) * 100
    if se == 0:
        return Change(delta, None, None)
    z = (p1 - p0) / se
    return Change(delta, z, _p_two_sided(z))


def nps_change(
    promoters1: int, detractors1: int, n1: int, promoters0: int, detractors0: int, n0: int
) -> Change | None:
    """Test of an NPS change using each period's NPS variance.

    z = (NPS1 − NPS0) / √(var1/n1 + var0/n0), var = p₊ + p₋ − (p₊ − p₋)² (NPS as a fraction).
    """
    if n1 <= 0 or n0 <= 0:
        return None
    score1 = (promoters1 - detractors1) / n1
    score0 = (promoters0 - detractors0) / n0
    se = math.sqrt(
        nps_variance(promoters1, detractors1, n1) / n1
        + nps_variance(promoters0, detractors0, n0) / n0
    )
    delta = (score1 - score0) * 100
    if se == 0:
        return Change(delta, None, None)
    z = (score1 - score0) / se
    return Change(delta, z, _p_two_sided(z))


def previous_period(since: date, until: date) -> tuple[date, date]:
    """The period of equal length just before since…until (both inclusive)."""
    days = (until - since).days + 1
    return since - timedelta(days=days), since - timedelta(days=1)

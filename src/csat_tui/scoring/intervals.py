"""Uncertainty of a score: the Wilson interval for proportions, the NPS margin of error."""

from __future__ import annotations

import math
from statistics import NormalDist

Z95 = NormalDist().inv_cdf(0.975)
"""The two-sided 95 % normal quantile, about 1.96."""

SMALL_SAMPLE = 30
"""Below this many answers a score is flagged as too few to rely on."""


def is_small_sample(n: int) -> bool:
    """True when fewer than 30 answers stand behind a score."""
    return n < SMALL_SAMPLE


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for k successes of n, in percent.

    centre = (p + z²/2n) / (1 + z²/n);  half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n),
    with p = k/n, clamped to 0…100. None when n is 0.
    """
    if n <= 0:
        return None
    if not 0 <= k <= n:
        raise ValueError(f"k={k} is not within 0..n={n}")
    p = k / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return (low * 100, high * 100)


def nps_variance(promoters: int, detractors: int, n: int) -> float:
    """Variance of one answer's NPS value (+1, 0, −1): p₊ + p₋ − (p₊ − p₋)²."""
    p_plus = promoters / n
    p_minus = detractors / n
    return p_plus + p_minus - (p_plus - p_minus) ** 2


def nps_margin(promoters: int, detractors: int, n: int, z: float = Z95) -> float | None:
    """95 % margin of error of NPS in points: z · √(variance / n) · 100. None when n is 0."""
    if n <= 0:
        return None
    return z * math.sqrt(nps_variance(promoters, detractors, n) / n) * 100

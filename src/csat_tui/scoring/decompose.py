"""A change of a score between two periods, taken apart per group (a shift-share decomposition).

The score is a weighted mean of the groups' scores: S = Σ wᵍ·sᵍ, wᵍ the group's share of the
period's answers. Per group, with w̄ and s̄ the means of its two periods' share and score and S̄
the mean of the two overall scores:

- rate effect = w̄ · (s₁ − s₀): its own score moved, at its mean share;
- mix effect = (s̄ − S̄) · (w₁ − w₀): its share moved, at its mean score measured against the
  overall mean (more answers from a group scoring below the average pull the total down);
- contribution = rate + mix.

w₁s₁ − w₀s₀ = w̄·Δs + s̄·Δw exactly, and Σ Δw = 0, so Σ S̄·Δw = 0: the contributions add up to
S₁ − S₀ with no leftover term. A group with no answers in one period takes its other period's
score there, so its whole contribution is mix (it appeared or went away).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Side:
    """A group (or the whole) in one period: its answers and score (None without answers)."""

    n: int
    value: float | None


@dataclass(frozen=True, slots=True)
class GroupInput:
    """One group's answers and score in the previous and the current period."""

    key: str | None
    previous: Side
    current: Side


@dataclass(frozen=True, slots=True)
class Part:
    """One group's share of the change."""

    key: str | None
    previous_share: float
    current_share: float
    rate_effect: float
    mix_effect: float

    @property
    def contribution(self) -> float:
        """Rate plus mix: how many points of the total change this group accounts for."""
        return self.rate_effect + self.mix_effect


@dataclass(frozen=True, slots=True)
class Decomposition:
    """The total change and its parts, largest contribution first."""

    previous: Side
    current: Side
    parts: list[Part]

    @property
    def change(self) -> float:
        """Current minus previous score, in points."""
        assert self.previous.value is not None and self.current.value is not None
        return self.current.value - self.previous.value


def _weighted(groups: Sequence[GroupInput], current: bool) -> Side:
    n = sum((g.current if current else g.previous).n for g in groups)
    if n == 0:
        return Side(0, None)
    total = math.fsum(
        side.n * side.value
        for g in groups
        for side in [g.current if current else g.previous]
        if side.n and side.value is not None
    )
    return Side(n, total / n)


def decompose(groups: Sequence[GroupInput]) -> Decomposition | None:
    """Take the change apart per group; None when either period has no answers at all.

    The overall scores are the groups' answer-weighted means, so the parts add up to
    exactly the change between them (within floating-point error).
    """
    previous, current = _weighted(groups, False), _weighted(groups, True)
    if previous.value is None or current.value is None:
        return None
    overall_mean = (previous.value + current.value) / 2
    parts: list[Part] = []
    for g in groups:
        if not g.previous.n and not g.current.n:
            continue
        w0, w1 = g.previous.n / previous.n, g.current.n / current.n
        s0 = g.previous.value if g.previous.n else g.current.value
        s1 = g.current.value if g.current.n else g.previous.value
        if s0 is None or s1 is None:
            raise ValueError(f"group {g.key!r} has answers but no score")
        rate = (w0 + w1) / 2 * (s1 - s0)
        mix = ((s0 + s1) / 2 - overall_mean) * (w1 - w0)
        parts.append(Part(g.key, w0, w1, rate, mix))
    parts.sort(key=lambda p: (-abs(p.contribution), p.key is None, p.key or ""))
    return Decomposition(previous, current, parts)

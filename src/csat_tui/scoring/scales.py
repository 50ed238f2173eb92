"""Rating scales and the bands (low / neutral / high) each score falls in.

One table defines which scales exist and where each band starts; the Python
functions and the SQL expressions in `scoring.sql` are both generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Metric = Literal["csat", "nps", "ces"]
Band = Literal["low", "neutral", "high"]

METRICS: tuple[Metric, ...] = get_args(Metric)
BANDS: tuple[Band, ...] = get_args(Band)


@dataclass(frozen=True, slots=True)
class Scale:
    """A closed integer rating scale such as 1–5 or 0–10."""

    low: int
    high: int

    @property
    def name(self) -> str:
        """The scale as stored: `"1-5"`."""
        return f"{self.low}-{self.high}"

    @property
    def points(self) -> int:
        """How many answers the scale offers (5 for 1–5)."""
        return self.high - self.low + 1

    def __contains__(self, score: object) -> bool:
        return isinstance(score, int) and self.low <= score <= self.high

    @classmethod
    def parse(cls, text: str) -> Scale:
        """Read `"1-5"` (or `"1–5"`) into a Scale; ValueError if it is not one."""
        low, sep, high = text.replace("–", "-").partition("-")
        if not sep:
            raise ValueError(f"not a scale: {text!r}")
        scale = cls(int(low), int(high))
        if scale.high <= scale.low:
            raise ValueError(f"not a scale: {text!r}")
        return scale


@dataclass(frozen=True, slots=True)
class BandRule:
    """Where the low band ends and the high band starts on one scale of one metric."""

    metric: Metric
    scale: Scale
    low_max: int
    """Scores up to and including this are low ("needs attention")."""
    high_min: int
    """Scores from this up are high (satisfied, promoter, easy)."""
    high_word: str
    """What a high answer is called: satisfied, promoter, easy."""

    def band(self, score: int) -> Band:
        """The band of one score on this scale."""
        if score <= self.low_max:
            return "low"
        if score >= self.high_min:
            return "high"
        return "neutral"

    def describe(self) -> str:
        """The rule in words, for the screen: "satisfied = 4–5 of 5"."""
        s = self.scale
        high = f"{self.high_min}" if self.high_min == s.high else f"{self.high_min}–{s.high}"
        low = f"{self.low_max}" if self.low_max == s.low else f"{s.low}–{self.low_max}"
        if self.metric == "csat" and s.points == 2:
            return "satisfied = good; low = bad"
        return f"{self.high_word} = {high} of {s.high}; low = {low}"


def _top_two(scale: Scale) -> BandRule:
    # Top-two-box / bottom-two-box, except on 1–3 where only one box each side is meaningful.
    if scale.points <= 3:
        return BandRule("csat", scale, scale.low, scale.high, "satisfied")
    return BandRule("csat", scale, scale.low + 1, scale.high - 1, "satisfied")


CSAT_SCALES: tuple[Scale, ...] = (
    Scale(1, 5),
    Scale(1, 7),
    Scale(1, 10),
    Scale(1, 3),
    Scale(1, 2),
    Scale(0, 10),
)
"""CSAT scales, most common first. 0–10 is for satisfaction asked on NPS's eleven points
("how satisfied, 0 to 10"): satisfied = 9–10, low = 0–1, as top and bottom two boxes."""
NPS_SCALE = Scale(0, 10)
CES_SCALES: tuple[Scale, ...] = (Scale(1, 7),)

RULES: dict[tuple[Metric, str], BandRule] = {
    **{("csat", s.name): _top_two(s) for s in CSAT_SCALES},
    ("nps", NPS_SCALE.name): BandRule("nps", NPS_SCALE, 6, 9, "promoter"),
    ("ces", "1-7"): BandRule("ces", Scale(1, 7), 3, 5, "easy"),
}
"""Every (metric, scale) the store accepts, with its bands."""

DEFAULT_SCALE: dict[Metric, Scale] = {"csat": Scale(1, 5), "nps": NPS_SCALE, "ces": Scale(1, 7)}


def scales_for(metric: Metric) -> tuple[Scale, ...]:
    """The scales a metric may be answered on, most common first."""
    return tuple(rule.scale for (m, _), rule in RULES.items() if m == metric)


def rule_for(metric: Metric, scale: Scale | str) -> BandRule:
    """The band rule of a metric on a scale; ValueError for a scale the metric does not use."""
    name = scale if isinstance(scale, str) else scale.name
    try:
        return RULES[(metric, name)]
    except KeyError:
        raise ValueError(f"{metric} is not answered on a {name} scale") from None


def band(metric: Metric, scale: Scale | str, score: int) -> Band:
    """The band (low / neutral / high) of one answer."""
    return rule_for(metric, scale).band(score)

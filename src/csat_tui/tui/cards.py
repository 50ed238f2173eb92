"""What each score card says: pure functions from a ScoreReport to card values."""

from __future__ import annotations

from dataclasses import dataclass

from csat_tui.scoring import SMALL_SAMPLE, Change, rule_for
from csat_tui.services import ScoreReport
from csat_tui.services.scores import ResponseRate

CSAT_BENCHMARK = "below 60% room to improve · 70–85% usual target · above 80% strong"
CSAT_BENCHMARK_SHORT = "ref: 70–85% usual target"


@dataclass(frozen=True)
class CardValue:
    """One score card's text, ready to lay out."""

    key: str
    title: str
    value: str
    n: int
    interval: str
    """The 95 % interval in words ("" when there is none)."""
    delta: float | None = None
    delta_text: str = ""
    significant: bool = False
    rule: str = ""
    """The band rule in words ("satisfied = 4–5 of 5")."""
    extra: str = ""
    """A second figure ("65% easy (59–70)")."""
    reference: str = ""

    @property
    def small(self) -> bool:
        """Fewer than 30 answers behind the value."""
        return self.n < SMALL_SAMPLE

    @property
    def arrow(self) -> str:
        """▲ up, ▼ down, ● flat, nothing when there is no previous period."""
        if self.delta is None:
            return ""
        if abs(self.delta) < 0.05:
            return "●"
        return "▲" if self.delta > 0 else "▼"


def _span(low: float, high: float, digits: int = 1) -> str:
    return f"{low:.{digits}f}–{high:.{digits}f}"


def _delta(change: Change | None, unit: str) -> tuple[float | None, str, bool]:
    if change is None:
        return None, "", False
    return change.delta, f"{change.delta:+.1f}{unit}", change.significant


def rate_text(rate: ResponseRate | None) -> tuple[str, str]:
    """The response rate ("rate 23.0%") and what it stands on; ("", "") when not known."""
    if rate is None or rate.pct is None:
        return "", ""
    return f"rate {rate.pct:.1f}%", f"{rate.responses:,} of {rate.sent:,.0f} sent"


def card_values(report: ScoreReport) -> list[CardValue]:
    """A card per metric present (CSAT %, CSAT mean, NPS, CES) and one for the responses."""
    o = report.overall
    c = report.comparison
    cards: list[CardValue] = []
    if o.csat.n:
        ci = o.csat.ci95
        delta, text, sig = _delta(c.csat if c else None, " pts")
        scale = o.csat.scale
        cards.append(
            CardValue(
                "csat",
                "CSAT %",
                f"{o.csat.pct or 0:.1f}%",
                o.csat.n,
                _span(*ci) if ci else "",
                delta,
                text,
                sig,
                rule_for("csat", scale).describe() if scale else "mixed scales",
                reference=CSAT_BENCHMARK_SHORT,
            )
        )
        if o.csat.mean is not None:
            before = c.previous.csat.mean if c else None
            mean_delta = o.csat.mean - before if before is not None else None
            cards.append(
                CardValue(
                    "csat_mean",
                    "CSAT mean",
                    f"{o.csat.mean:.2f}",
                    o.csat.n,
                    "",
                    mean_delta,
                    "" if mean_delta is None else f"{mean_delta:+.2f}",
                    False,
                    f"mean score, {scale} scale" if scale else "",
                    extra=f"of {scale.split('-')[1]}" if scale else "",
                )
            )
    if o.nps.n:
        margin = o.nps.moe95
        delta, text, sig = _delta(c.nps if c else None, "")
        cards.append(
            CardValue(
                "nps",
                "NPS",
                f"{o.nps.score or 0:+.0f}",
                o.nps.n,
                f"±{margin:.1f}" if margin is not None else "",
                delta,
                text,
                sig,
                rule_for("nps", "0-10").describe(),
            )
        )
    if o.ces.n:
        ci = o.ces.ci95
        delta, text, sig = _delta(c.ces if c else None, " pts")
        cards.append(
            CardValue(
                "ces",
                "CES",
                f"{o.ces.mean or 0:.2f}",
                o.ces.n,
                "",
                delta,
                text,
                sig,
                rule_for("ces", "1-7").describe(),
                extra=f"{o.ces.easy_pct or 0:.0f}% easy ({_span(*ci, 0)})" if ci else "",
            )
        )
    # Against an empty previous period (all time, say) a change in counts says nothing.
    before_n = c.previous.responses if c and c.previous.responses else None
    cards.append(
        CardValue(
            "responses",
            "Responses",
            f"{o.responses:,}",
            o.responses,
            "",
            None if before_n is None else float(o.responses - before_n),
            "" if before_n is None else f"{o.responses - before_n:+,}",
            False,
            rate_text(report.response_rate)[1],
            extra=rate_text(report.response_rate)[0],
        )
    )
    return cards

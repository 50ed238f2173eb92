"""What each score card says: pure functions from a ScoreReport to card values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csat_tui.scoring import SMALL_SAMPLE, Change, rule_for
from csat_tui.services import ScoreCounts, ScoreReport
from csat_tui.services.scores import Comparison, ResponseRate

CSAT_BENCHMARK = "below 60% room to improve · 70–85% usual target · above 80% strong"
CSAT_BENCHMARK_SHORT = "ref: 70–85% usual target"
FEW_TO_COMPARE = "too few answers to compare"
"""Said instead of a change when either period has fewer than 30 answers."""
LABELS: dict[str, dict[int, str]] = {"1-2": {1: "bad", 2: "good"}}
"""Scales whose answers are words: shown as the word, never as a number or a mean."""


def labelled(scale: str | None) -> bool:
    """The scale's answers are words (good/bad), so a mean of them means nothing."""
    return scale in LABELS


def csat_text(score: int | None, scale: str | None, *, of: bool = True) -> str:
    """A CSAT answer as shown: "good" on good/bad, "4/5" (or "4" with of=False) otherwise."""
    if score is None:
        return ""
    words = LABELS.get(scale or "")
    if words and score in words:
        return words[score]
    top = (scale or "").rpartition("-")[2]
    return f"{score}/{top}" if of and top else str(score)


def csat_pair_text(pair: str) -> str:
    """A "score/top" pair as the customers list gives it, in words on good/bad ("2/2" → good)."""
    score, _, top = pair.partition("/")
    if top == "2" and score in ("1", "2"):
        return LABELS["1-2"][int(score)]
    return pair


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
    compare_note: str = ""
    """Said instead of a change when a period has too few answers ("" otherwise)."""
    unit: str = ""
    """The value's unit, which its change shares ("pts" of a %, "mean"…), said on wide cards."""
    basis_short: str = ""
    """On a narrow card, what a partial response rate stands on ("(105 of 694)")."""

    @property
    def small(self) -> bool:
        """Fewer than 30 answers behind the value."""
        return self.n < SMALL_SAMPLE

    @property
    def compare_short(self) -> str:
        """The compare note for a narrow card ("few: 8 before")."""
        if not self.compare_note:
            return ""
        side = self.compare_note.rpartition("(")[2].rstrip(")")
        return f"few: {side}" if side.endswith("before") else "few to compare"

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


def comparable(now_n: int, before_n: int) -> bool:
    """Both periods have enough answers (30) for a change to say anything."""
    return now_n >= SMALL_SAMPLE and before_n >= SMALL_SAMPLE


def _note(now_n: int, before_n: int | None) -> str:
    """FEW_TO_COMPARE (and which side) when there is a previous period but a side is too small."""
    if before_n is None or comparable(now_n, before_n):
        return ""
    side = f"{before_n:,} before" if before_n < SMALL_SAMPLE else f"{now_n:,} now"
    return f"{FEW_TO_COMPARE} ({side})"


def _delta(change: Change | None, note: str) -> tuple[float | None, str, bool]:
    if change is None or note:
        return None, "", False
    return change.delta, f"{change.delta:+.1f}", change.significant


def _mean_delta(now: float | None, before: float | None, note: str) -> tuple[float | None, str]:
    if now is None or before is None or note:
        return None, ""
    return now - before, f"{now - before:+.2f}"


def rate_text(rate: ResponseRate | None, responses: int | None = None) -> tuple[str, str]:
    """The response rate ("rate 23.0%") and what it stands on; ("", "") when not known.

    When fewer than all `responses` come from tools whose sends are known, it says so.
    """
    if rate is None or rate.pct is None:
        return "", ""
    basis = f"{rate.responses:,} of {rate.sent:,.0f} sent"
    if responses is not None and rate.responses < responses:
        basis += f" · only the tools whose sends are known ({rate.responses:,} of {responses:,})"
    return f"rate {rate.pct:.1f}%", basis


def _before(c: Comparison | None, n: Callable[[ScoreCounts], int]) -> int | None:
    """Answers in the previous period; None when there is none to compare with."""
    if c is None or not n(c.previous):
        return None
    return n(c.previous)


def card_values(report: ScoreReport) -> list[CardValue]:
    """A card per metric present (CSAT %, CSAT mean, NPS, CES) and one for the responses.

    A change is in the value's own unit; against a period (or of one) with fewer than 30
    answers there is no change, only FEW_TO_COMPARE.
    """
    o = report.overall
    c = report.comparison
    cards: list[CardValue] = []
    if o.csat.n:
        ci = o.csat.ci95
        scale = o.csat.scale
        note = _note(o.csat.n, _before(c, lambda s: s.csat.n))
        delta, text, sig = _delta(c.csat if c else None, note)
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
                compare_note=note,
                unit="pts",
            )
        )
        # A mean of good/bad answers means nothing: no mean card on a labelled scale.
        if o.csat.mean is not None and not labelled(scale):
            before = c.previous.csat.mean if c else None
            mean_delta, mean_text = _mean_delta(o.csat.mean, before, note)
            cards.append(
                CardValue(
                    "csat_mean",
                    "CSAT mean",
                    f"{o.csat.mean:.2f}",
                    o.csat.n,
                    "",
                    mean_delta,
                    mean_text,
                    False,
                    f"mean score, {scale} scale" if scale else "",
                    extra=f"of {scale.split('-')[1]}" if scale else "",
                    compare_note=note,
                    unit="mean",
                )
            )
    if o.nps.n:
        margin = o.nps.moe95
        note = _note(o.nps.n, _before(c, lambda s: s.nps.n))
        delta, text, sig = _delta(c.nps if c else None, note)
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
                compare_note=note,
                unit="NPS",
            )
        )
    if o.ces.n:
        ci = o.ces.ci95
        note = _note(o.ces.n, _before(c, lambda s: s.ces.n))
        # The card shows the mean effort: its change is the mean's change, never % easy's.
        delta, text = _mean_delta(o.ces.mean, c.previous.ces.mean if c else None, note)
        cards.append(
            CardValue(
                "ces",
                "CES",
                f"{o.ces.mean or 0:.2f}",
                o.ces.n,
                "",
                delta,
                text,
                False,
                "mean effort, 1–7 (7 = very easy); " + rule_for("ces", "1-7").describe(),
                extra=f"{o.ces.easy_pct or 0:.0f}% easy ({_span(*ci, 0)})" if ci else "",
                compare_note=note,
                unit="mean",
            )
        )
    # Against an empty previous period (all time, say) a change in counts says nothing.
    before_n = _before(c, lambda s: s.responses)
    note = _note(o.responses, before_n)
    count_delta = None if before_n is None or note else o.responses - before_n
    rate, basis = rate_text(report.response_rate, o.responses)
    known = report.response_rate.responses if report.response_rate and rate else o.responses
    cards.append(
        CardValue(
            "responses",
            "Responses",
            f"{o.responses:,}",
            o.responses,
            "",
            None if count_delta is None else float(count_delta),
            "" if count_delta is None else f"{count_delta:+,}",
            False,
            basis,
            extra=rate,
            compare_note=note,
            basis_short=f"({known:,} of {o.responses:,})" if known < o.responses else "",
        )
    )
    return cards

"""A score card: value, answers behind it, 95 % interval and the change since the last period."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from csat_tui.tui.cards import CSAT_BENCHMARK, CardValue

WIDE = 26
"""From this many columns a card spells things out."""


class ScoreCard(Widget):
    """One score. Clicking it chooses the metric the trend and distribution show."""

    value: reactive[CardValue | None] = reactive(None)
    """What the card shows; None while nothing has loaded."""

    @dataclass
    class Chosen(Message):
        """The user clicked a card."""

        card: ScoreCard
        key: str

        @property
        def control(self) -> ScoreCard:
            """The card clicked."""
            return self.card

    def watch_value(self, value: CardValue | None) -> None:
        self.set_class(value is not None and value.small, "-small")
        self.set_class(value is not None and value.significant, "-significant")
        up = value is not None and value.delta is not None and value.delta > 0
        self.set_class(up, "-up")
        self.border_title = value.title if value else ""
        if value is not None:
            tip = [value.rule, value.extra, value.compare_note]
            if value.delta is not None:
                unit = {"pts": "percentage points", "mean": "the mean", "NPS": "NPS points"}
                said = unit.get(value.unit, "answers")
                tip.append(f"change since the previous period, in {said}")
            if value.key == "csat":
                tip.append(f"benchmark: {CSAT_BENCHMARK}")
            self.tooltip = "\n".join(t for t in tip if t) or None

    def on_click(self, event: Click) -> None:
        if self.value is not None:
            self.post_message(self.Chosen(self, self.value.key))

    def render(self) -> Content:
        v = self.value
        if v is None:
            return Content("…")
        wide = self.size.width >= WIDE
        change = Content("")
        if v.delta is not None:
            style = "$text-muted"
            if v.significant:
                style = "bold $success" if v.delta > 0 else "bold $error"
            mark = (" significant" if wide else "*") if v.significant else ""
            unit = f" {v.unit}" if wide and v.unit in ("pts", "mean") else ""
            change = Content.assemble((f"{v.arrow}{v.delta_text}{unit}{mark}", style))
        elif v.compare_note:
            # The longest wording that fits: the whole sentence, a shorter one, the shortest.
            medium = v.compare_note.replace("too few answers", "few")
            fits = [t for t in (v.compare_note, medium) if len(t) <= self.size.width and wide]
            change = Content.styled((fits or [v.compare_short])[0], "$text-muted")
        first = Content.assemble((v.value, "bold"), "  ", change)
        small = " too few (<30)" if wide else " <30"
        n_line = Content.assemble(
            f"n {v.n:,}" if not wide or not v.interval else f"n {v.n:,} · 95% {v.interval}",
            (small, "bold $warning") if v.small else "",
        )
        lines = [first, n_line]
        if change.cell_length and first.cell_length > self.size.width:
            # Too narrow for both: the change gets its own line (it matters more than n).
            lines = [Content.styled(v.value, "bold"), change, n_line]
        if not wide and v.basis_short:
            # A rate over part of the responses: the rate, then the part (n is the value).
            lines = [lines[0], Content(v.extra), Content(v.basis_short)]
        elif not wide and (v.interval or v.extra):
            second = v.interval or v.extra
            if len(second) > self.size.width:
                # "41% easy (37–46)" on a narrow card: the figure, its interval in the tooltip.
                second = second.partition(" (")[0]
            lines.append(Content(second))
        if wide and v.extra:
            lines.append(Content(v.extra))
        if wide and v.rule:
            lines.append(Content.styled(v.rule, "$text-muted"))
        if wide and v.reference:
            reference = CSAT_BENCHMARK if self.size.width >= len(CSAT_BENCHMARK) else v.reference
            lines.append(Content.styled(reference, "$text-muted"))
        return Content("\n").join(
            line.truncate(max(self.size.width, 1), ellipsis=True) for line in lines
        )

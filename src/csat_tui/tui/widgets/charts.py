"""Pictures of the scores: the trend by period (a plotext chart) and the distribution as bars."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from csat_tui.scoring import Metric, rule_for
from csat_tui.services import ScoreCounts
from csat_tui.services.dashboard import Trend
from csat_tui.tui.cards import csat_text, labelled

METRIC_NAMES: dict[Metric, str] = {"csat": "CSAT %", "nps": "NPS", "ces": "CES % easy"}
BENCHMARK_LINES = (60.0, 70.0, 85.0)
"""CSAT reference levels drawn on the trend (below 60 room to improve, 70–85 usual target)."""


def metric_value(counts: ScoreCounts, metric: Metric) -> float | None:
    """The score a chart plots for one period."""
    if metric == "csat":
        return counts.csat.pct
    if metric == "nps":
        return counts.nps.score
    return counts.ces.easy_pct


MIN_TREND_ANSWERS = 5
"""A period with fewer answers is drawn as a grey dot, off the line: one answer swings it 0–100."""


def answers(counts: ScoreCounts, metric: Metric) -> int:
    """How many answers of the metric a period has."""
    return {"csat": counts.csat.n, "nps": counts.nps.n, "ces": counts.ces.n}[metric]


Y_AXIS = 4
"""Columns the trend's y axis takes (the tick labels and the axis line)."""


def fitting_ticks(ticks: list[float], points: int, width: int, label: int) -> list[float]:
    """The ticks whose label fits under a plot `width` columns wide (the last one is not cut).

    Point x sits at (x + 0.5) / points of the width (the plot has half a point of room at
    each end); a label is centred on it.
    """
    if points <= 0 or width <= 0:
        return ticks
    fits = [t for t in ticks if width - (t + 0.5) / points * width >= label / 2 + 1]
    return fits or ticks[:1]


def _label(key: str, step: str) -> str:
    return key[5:] if step in ("day", "week") else key


def _order_preserving_plotext() -> None:
    """Make plotext drop duplicate ticks without reordering them.

    plotext 5 removes duplicates with `list(set(...))`, so which tick labels it draws
    depends on the string hash seed: the same chart came out differently per process.
    """
    import plotext._utility as plotext_utility

    plotext_utility.no_duplicates = lambda data: list(dict.fromkeys(data))


class TrendChart(PlotextPlot):
    """The chosen metric per day, week or month, with the CSAT benchmark band as reference."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        _order_preserving_plotext()
        self._trend: Trend | None = None
        self._metric: Metric = "csat"
        self._drawn: tuple[object, RenderResult] | None = None

    def show(self, trend: Trend, metric: Metric) -> None:
        """Redraw for a trend."""
        self._trend, self._metric = trend, metric
        self.refresh()

    def render(self) -> RenderResult:
        # Building a plot costs tens of ms: redraw only when the data, size or theme changed.
        key = (id(self._trend), self._metric, self.size, self.app.theme)
        if self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        # A fresh figure per drawing: plotext keeps state across resizes (textual-plotext#5),
        # which made the same data draw differently depending on when it arrived.
        self._plot = Plot()
        if self._trend is not None:
            self._draw(self._trend, self._metric)
        drawn = super().render()
        self._drawn = (key, drawn)
        return drawn

    def _draw(self, trend: Trend, metric: Metric) -> None:
        plt = self.plt
        points: list[tuple[str, float, int]] = []
        for p in trend.points:
            value = metric_value(p, metric)
            if value is not None:
                points.append((p.key or "", value, answers(p, metric)))
        plt.title(f"{METRIC_NAMES[metric]} by {trend.step}")
        if not points:
            plt.title(f"{METRIC_NAMES[metric]}: no answers in this range")
            return
        xs = [float(i) for i in range(len(points))]
        ys = [v for _, v, _ in points]
        solid = [(x, y) for x, (_, y, n) in zip(xs, points, strict=True) if n >= MIN_TREND_ANSWERS]
        thin = [(x, y) for x, (_, y, n) in zip(xs, points, strict=True) if n < MIN_TREND_ANSWERS]
        note = f" · grey: under {MIN_TREND_ANSWERS} answers" if thin else ""
        plt.title(f"{METRIC_NAMES[metric]} by {trend.step}{note}")
        if metric == "csat":
            plt.title(f"CSAT % by {trend.step} · reference lines 60, 70, 85{note}")
            for level in BENCHMARK_LINES:
                plt.hline(level, "gray")
        if solid:
            plt.plot([x for x, _ in solid], [y for _, y in solid], marker="braille")
        if thin:
            # Not joined to the line: one or two answers swing a period from 0 to 100.
            plt.scatter([x for x, _ in thin], [y for _, y in thin], marker="•", color="gray")
        every = max(1, len(xs) // 6)
        label = max(len(_label(key, trend.step)) for key, _, _ in points)
        ticks = fitting_ticks(xs[::every], len(xs), self.size.width - Y_AXIS, label)
        plt.xticks(ticks, [_label(points[int(i)][0], trend.step) for i in ticks])
        plt.xlim(-0.5, len(xs) - 0.5)  # room at both ends, so the last label is drawn
        low, high = min(ys), max(ys)
        floor, ceiling = (-100.0, 100.0) if metric == "nps" else (0.0, 100.0)
        if metric == "csat":
            low, high = min(low, 60.0), max(high, 85.0)
        pad = max(2.0, (high - low) * 0.08)
        low, high = max(floor, low - pad), min(ceiling, high + pad)
        plt.ylim(low, high)
        ticks = [low + (high - low) * i / 4 for i in range(5)]
        if metric == "csat":
            # Ticks at the reference levels, so the lines are readable.
            ticks = sorted({*BENCHMARK_LINES, round(low), round(high)})
        plt.yticks(ticks, [f"{t:.0f}" for t in ticks])


class DistributionBars(Widget):
    """How many answers each score got, one bar per score, coloured by band."""

    rows: reactive[list[tuple[str, int, int]] | None] = reactive(None, always_update=True)
    """(scale, score, count) rows; None until the first load arrives."""
    metric: reactive[Metric] = reactive("csat")

    def show(self, rows: list[tuple[str, int, int]], metric: Metric) -> None:
        """Redraw for (scale, score, count) rows."""
        self.metric = metric
        self.rows = rows

    def render(self) -> Content:
        # Bars are sized at render time, so they always fit the width the widget has now.
        rows, metric = self.rows, self.metric
        if rows is None:
            return Content("Loading…")
        if not rows:
            return Content(f"No {METRIC_NAMES[metric]} answers in this filter.")
        scales = sorted({scale for scale, _, _ in rows})
        total = sum(n for _, _, n in rows) or 1
        biggest = max(n for _, _, n in rows) or 1
        labels = {(s, score): f" {n:,} ({n / total * 100:.0f}%)" for s, score, n in rows}
        # Good/bad answers are shown as words, which take more room than a score.
        pad = 4 if metric == "csat" and any(labelled(s) for s in scales) else 3
        width = max(self.size.width - pad - 1 - max(len(t) for t in labels.values()), 4)
        lines: list[Content] = []
        for scale in scales:
            rule = rule_for(metric, scale)
            lines.append(
                Content.styled(f"{metric.upper()} {scale}: {rule.describe()}", "$text-muted")
            )
            for s, score, n in rows:
                if s != scale:
                    continue
                style = {"low": "$error", "neutral": "$warning", "high": "$success"}[
                    rule.band(score)
                ]
                bar = "█" * max(1, round(n / biggest * width)) if n else ""
                name = csat_text(score, s, of=False) if metric == "csat" else str(score)
                lines.append(Content.assemble(f"{name:>{pad}} ", (bar, style), labels[(s, score)]))
        return Content("\n").join(lines)

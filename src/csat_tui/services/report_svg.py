"""Small SVG charts for the HTML report, written by hand: no library, no script, no network.

Colours come from CSS classes (`c-line`, `c-low`…) that the report's stylesheet defines
for light and dark; every label is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Point:
    """One step of a trend: its label, its score (None: no answers), n, small sample."""

    label: str
    value: float | None
    n: int
    small: bool


def trend_svg(points: list[Point], title: str, band: tuple[float, float] | None = None) -> str:
    """A 0–100 line chart of a score per step; hollow dots are small samples.

    `band` shades a reference range (e.g. 70–85 % CSAT) — a benchmark, not a verdict.
    """
    width, height, left, right, top, bottom = 640.0, 220.0, 46.0, 12.0, 14.0, 30.0
    inner_w, inner_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (inner_w * i / (len(points) - 1) if len(points) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return top + inner_h * (1 - v / 100)

    parts = [
        f'<svg class="chart" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{_e(title)}" preserveAspectRatio="xMidYMid meet">',
        f"<title>{_e(title)}</title>",
    ]
    if band:
        parts.append(
            f'<rect class="c-band" x="{_n(left)}" y="{_n(y(band[1]))}" width="{_n(inner_w)}" '
            f'height="{_n(y(band[0]) - y(band[1]))}"/>'
        )
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line class="c-grid" x1="{_n(left)}" x2="{_n(width - right)}" '
            f'y1="{_n(y(tick))}" y2="{_n(y(tick))}"/>'
            f'<text class="c-axis" x="{_n(left - 6)}" y="{_n(y(tick) + 4)}" '
            f'text-anchor="end">{tick}</text>'
        )
    # The line breaks where a step has no answers.
    runs: list[list[tuple[float, float]]] = [[]]
    for i, p in enumerate(points):
        if p.value is None:
            runs.append([])
        else:
            runs[-1].append((x(i), y(p.value)))
    for run in runs:
        if len(run) > 1:
            d = " ".join(f"{_n(px)},{_n(py)}" for px, py in run)
            parts.append(f'<polyline class="c-line" points="{d}"/>')
    for i, p in enumerate(points):
        if p.value is None:
            continue
        kind = "c-dot c-small" if p.small else "c-dot"
        tip = f"{p.label}: {p.value:.1f} (n={p.n}{', small sample' if p.small else ''})"
        parts.append(
            f'<circle class="{kind}" cx="{_n(x(i))}" cy="{_n(y(p.value))}" r="3.5">'
            f"<title>{_e(tip)}</title></circle>"
        )
    labelled = sorted({0, len(points) // 2, len(points) - 1}) if points else []
    for i in labelled:
        anchor = "start" if i == 0 and len(points) > 1 else "end" if i == len(points) - 1 else ""
        anchor = anchor or "middle"
        parts.append(
            f'<text class="c-axis" x="{_n(x(i))}" y="{_n(height - 8)}" '
            f'text-anchor="{anchor}">{_e(points[i].label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, its count, and its band (low, neutral, high) for the colour."""

    label: str
    count: int
    band: str


def bars_svg(bars: list[Bar], title: str) -> str:
    """Vertical bars of counts (a score distribution), each labelled with its share."""
    width, height, top, bottom = 640.0, 180.0, 26.0, 26.0
    total = sum(b.count for b in bars) or 1
    peak = max((b.count for b in bars), default=0) or 1
    slot = width / max(len(bars), 1)
    bar_w = slot * 0.7
    inner_h = height - top - bottom
    parts = [
        f'<svg class="chart" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
    ]
    for i, b in enumerate(bars):
        h = inner_h * b.count / peak
        bx = slot * i + (slot - bar_w) / 2
        by = top + inner_h - h
        share = b.count / total * 100
        parts.append(
            f'<rect class="c-{_e(b.band)}" x="{_n(bx)}" y="{_n(by)}" width="{_n(bar_w)}" '
            f'height="{_n(max(h, 0.5))}"><title>{_e(b.label)}: {b.count} ({share:.0f}%)</title>'
            f"</rect>"
            f'<text class="c-axis" x="{_n(bx + bar_w / 2)}" y="{_n(by - 4)}" '
            f'text-anchor="middle">{share:.0f}%</text>'
            f'<text class="c-axis" x="{_n(bx + bar_w / 2)}" y="{_n(height - 8)}" '
            f'text-anchor="middle">{_e(b.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def meter_svg(value: float | None, interval: tuple[float, float] | None, small: bool) -> str:
    """A 0–100 bar with its interval as a whisker, for a breakdown row."""
    width, height = 120.0, 14.0
    parts = [
        f'<svg class="meter" viewBox="0 0 {_n(width)} {_n(height)}" aria-hidden="true">',
        f'<rect class="c-track" x="0" y="3" width="{_n(width)}" height="8" rx="2"/>',
    ]
    if value is not None:
        kind = "c-fill c-small" if small else "c-fill"
        parts.append(
            f'<rect class="{kind}" x="0" y="3" width="{_n(width * value / 100)}" '
            f'height="8" rx="2"/>'
        )
    if interval is not None:
        low, high = interval
        x1, x2 = width * max(low, 0) / 100, width * min(high, 100) / 100
        parts.append(
            f'<line class="c-whisker" x1="{_n(x1)}" x2="{_n(x2)}" y1="7" y2="7"/>'
            f'<line class="c-whisker" x1="{_n(x1)}" x2="{_n(x1)}" y1="3" y2="11"/>'
            f'<line class="c-whisker" x1="{_n(x2)}" x2="{_n(x2)}" y1="3" y2="11"/>'
        )
    parts.append("</svg>")
    return "".join(parts)

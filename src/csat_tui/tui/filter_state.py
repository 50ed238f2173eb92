"""The app's filter state as a plain value: the filter and the period preset its dates come
from, and every change the keys make to them. No Textual here (tests/tui/test_filter_state.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from csat_tui.filters import Filter
from csat_tui.scoring import BANDS
from csat_tui.services.periods import Preset, next_preset, preset_range

DEFAULT_PRESET: Preset = "90d"


@dataclass(frozen=True)
class FilterState:
    """The filter every screen shows, and its period preset ("custom" when typed in)."""

    filter: Filter
    preset: Preset = DEFAULT_PRESET

    @classmethod
    def first(cls, today: date) -> FilterState:
        """Where the app starts: the default period, nothing else."""
        return cls(Filter().with_range(*preset_range(DEFAULT_PRESET, today)), DEFAULT_PRESET)

    def is_first(self, today: date) -> bool:
        """Still where the app started (nothing chosen since)."""
        return self == FilterState.first(today)

    def next_period(self, today: date) -> FilterState:
        """The next period: 7, 30, 90 days, this quarter, all time."""
        preset = next_preset(self.preset)
        return FilterState(self.filter.with_range(*preset_range(preset, today)), preset)

    def dated(self, today: date) -> FilterState:
        """The same preset's dates as of `today` (custom and all: no dates)."""
        return replace(self, filter=self.filter.with_range(*preset_range(self.preset, today)))

    def next_band(self) -> FilterState:
        """The next score band: low, neutral, high, any."""
        order = (None, *BANDS)
        band = order[(order.index(self.filter.band) + 1) % len(order)]
        return replace(self, filter=replace(self.filter, band=band))

    def toggle_complete(self) -> FilterState:
        """Complete responses only, or all."""
        return replace(
            self, filter=replace(self.filter, complete_only=not self.filter.complete_only)
        )

    def cleared(self) -> FilterState:
        """All responses of all time."""
        return FilterState(Filter(), "all")

    def chosen(self, flt: Filter, preset: Preset, today: date) -> FilterState:
        """What the filter dialog chose: a preset's dates as of `today`, else the typed range."""
        if preset != "custom":
            flt = flt.with_range(*preset_range(preset, today))
        return FilterState(flt, preset)

    def searched(self, text: str) -> FilterState:
        """The comment search set to `text`."""
        return replace(self, filter=replace(self.filter, text=text))

    def group(self, by: str, key: str) -> FilterState:
        """Narrowed to one breakdown row: `by` (touchpoint, segment, channel, agent, team,
        `attribute:KEY`, else source) equal to `key`."""
        values = (key,)
        flt = self.filter
        if by.startswith("attribute:"):
            column = by[len("attribute:") :]
            kept = tuple(pair for pair in flt.where if pair[0] != column)
            flt = replace(flt, where=(*kept, (column, key)))
        elif by == "touchpoint":
            flt = replace(flt, touchpoints=values)
        elif by == "segment":
            flt = replace(flt, segments=values)
        elif by == "channel":
            flt = replace(flt, channels=values)
        elif by == "agent":
            flt = replace(flt, agents=values)
        elif by == "team":
            flt = replace(flt, teams=values)
        else:
            flt = replace(flt, sources=values)
        return replace(self, filter=flt)

    def band_said(self) -> str:
        """The band as the notification says it."""
        band = self.filter.band
        if band is None:
            return "any score"
        metric = self.filter.metric
        return f"{band} on {metric.upper() if metric else 'any score'}"

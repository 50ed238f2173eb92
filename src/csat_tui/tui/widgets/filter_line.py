"""The active filter in one line, shown at the top of every data screen."""

from __future__ import annotations

from dataclasses import replace

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from csat_tui.filters import Filter
from csat_tui.services.periods import LABELS, Preset
from csat_tui.tui.text import safe


def describe(flt: Filter, preset: Preset) -> str:
    """The filter in words, with the period preset's name first."""
    words = flt.describe()
    if preset != "custom":
        without_dates = replace(flt, since=None, until=None).describe()
        label = LABELS[preset]
        if preset != "all" and flt.since and flt.until:
            label += f" ({flt.since} to {flt.until})"
        words = label if without_dates == "all responses" else f"{label}; {without_dates}"
    return words


class FilterLine(Widget):
    """“Filter: Last 30 days; touchpoint billing” plus a busy mark while data loads."""

    text: reactive[str] = reactive("")
    """The filter in words, already made safe."""
    busy: reactive[bool] = reactive(False)
    """True while a query for this screen runs."""

    def show(self, flt: Filter, preset: Preset) -> None:
        """Show a filter."""
        self.text = safe(describe(flt, preset), limit=400)

    def watch_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")

    def render(self) -> Content:
        status = ("  ⟳ loading…", "$text-warning") if self.busy else ""
        line = Content.assemble(("Filter: ", "bold"), self.text, status)
        return line.truncate(max(self.size.width, 1), ellipsis=True)

"""The breakdown table: a row per touchpoint, segment, channel, source, agent, team or value
of a kept column (`attribute:KEY`), sortable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from csat_tui.scoring import SMALL_SAMPLE, Metric
from csat_tui.services import BreakdownRow, Facets
from csat_tui.tui.text import literal

Dimension = str
"""What a breakdown groups by: one of DIMENSIONS, or `attribute:KEY` (a kept column)."""
DIMENSIONS: tuple[str, ...] = ("touchpoint", "segment", "channel", "source", "agent", "team")
ATTRIBUTE = "attribute:"
SortKey = Literal["impact", "n", "score", "name"]
SORTS: tuple[SortKey, ...] = get_args(SortKey)

_UNKNOWN = "(none)"


def dimension_name(by: Dimension) -> str:
    """What the user reads for a dimension: its name, or the kept column's (untrusted: show
    it through `literal`, `safe` or `literal_content`)."""
    return by[len(ATTRIBUTE) :] if by.startswith(ATTRIBUTE) else by


def next_dimension(facets: Facets, current: Dimension) -> Dimension:
    """The dimension after `current` among those the store has (agent, team and kept
    columns included), wrapping around."""
    choices = facets.dimensions
    if current not in choices:
        return choices[0]
    return choices[(choices.index(current) + 1) % len(choices)]


def first_with_values(facets: Facets, current: Dimension = "touchpoint") -> Dimension:
    """`current` when the data has values for it, else the first dimension that has some."""
    present: dict[str, tuple[str, ...]] = {
        "touchpoint": facets.touchpoints,
        "segment": facets.segments,
        "channel": facets.channels,
        "source": facets.sources,
    }
    # A dimension the facets do not list is never started on (its values are not known).
    if present.get(current, ()):
        return current
    return next((d for d in DIMENSIONS if present.get(d, ())), current)


def _num(value: float | None, fmt: str) -> Text:
    return Text("–" if value is None else format(value, fmt), justify="right")


class BreakdownTable(DataTable[Text]):
    """Groups with n, score, 95 % interval and impact; Enter or a click opens their responses."""

    @dataclass
    class Opened(Message):
        """The user chose a row: show the responses behind it."""

        table: BreakdownTable
        by: Dimension
        key: str | None

        @property
        def control(self) -> BreakdownTable:
            """The table the row belongs to."""
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.by: Dimension = "touchpoint"
        self.sort_by: SortKey = "impact"
        self.metric: Metric = "csat"
        self.rows_shown: list[BreakdownRow] = []

    def show(self, rows: list[BreakdownRow], by: Dimension, metric: Metric) -> None:
        """Fill the table with rows (kept so they can be re-sorted without a query)."""
        self.by, self.metric, self.rows_shown = by, metric, rows
        self._fill()

    def cycle_sort(self) -> SortKey:
        """Sort by the next column: impact, n, score, name."""
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self._fill()
        return self.sort_by

    def _sorted(self) -> list[BreakdownRow]:
        rows = list(self.rows_shown)
        if self.sort_by == "n":
            rows.sort(key=lambda r: -r.n)
        elif self.sort_by == "score":
            rows.sort(key=lambda r: (r.score is None, r.score or 0.0))
        elif self.sort_by == "name":
            rows.sort(key=lambda r: ((r.counts.key or "").casefold(), r.counts.key or ""))
        return rows

    def _fill(self) -> None:
        self.clear(columns=True)
        arrow = {k: (" ▼" if k == self.sort_by else "") for k in SORTS}
        score_name = {"csat": "CSAT %", "nps": "NPS", "ces": "CES easy %"}[self.metric]
        name_label = literal(dimension_name(self.by), limit=40)
        name_label.append(arrow["name"])
        self.add_column(name_label, key="name")
        self.add_column(Text("n" + arrow["n"], justify="right"), key="n")
        self.add_column(Text(score_name + arrow["score"], justify="right"), key="score")
        self.add_column(Text("95% interval", justify="right"), key="interval")
        self.add_column(Text("impact" + arrow["impact"], justify="right"), key="impact")
        for row in self._sorted():
            key = row.counts.key
            name = literal(key, limit=60) if key is not None else Text(_UNKNOWN, style="dim")
            interval = (
                Text(f"{row.low:.1f}–{row.high:.1f}", justify="right")
                if row.low is not None and row.high is not None
                else Text("–", justify="right")
            )
            n = Text(f"{row.n:,}", justify="right", style="dim" if row.n < SMALL_SAMPLE else "")
            self.add_row(
                name,
                n,
                _num(row.score, ".1f"),
                interval,
                _num(row.impact, "+.2f"),
            )

    @on(DataTable.RowSelected)
    def _opened(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        rows = self._sorted()
        if 0 <= index < len(rows):
            self.post_message(self.Opened(self, self.by, rows[index].counts.key))

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = str(event.column_key.value)
        if key in SORTS:
            self.sort_by = key
            self._fill()

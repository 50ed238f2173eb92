"""A table that fits its width: each column as wide as its widest cell, and the columns that
do not fit left out, the least needed first (the ones that must stay are always shown).

At 80 columns the agents and the follow-ups keep their names and e-mails whole and the
numbers readable instead of scrolling sideways; a wider terminal shows every column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

Row = Mapping[str, Text]
"""One row's cells by column key (a key left out is an empty cell)."""


@dataclass(frozen=True)
class Column:
    """One column the table may show."""

    key: str
    label: str
    keep: int = 0
    """0: always shown. Else columns are left out when they do not fit, highest `keep` first."""
    most: int | None = None
    """The widest the column grows (longer cells are cut); None: as wide as its widest cell."""
    least: int | None = None
    """A column whose cells may be cut: when it does not fit whole, it takes the room left if
    that is at least this wide."""
    right: bool = False
    """A column of numbers: its label is right-aligned like its cells."""


def natural_widths(columns: Sequence[Column], rows: Iterable[Row]) -> dict[str, int]:
    """Each column's width: its widest cell or its label, up to its `most`."""
    widths = {column.key: cell_len(column.label) for column in columns}
    for row in rows:
        for key, cell in row.items():
            if key in widths:
                widths[key] = max(widths[key], cell.cell_len)
    for column in columns:
        if column.most is not None:
            widths[column.key] = min(widths[column.key], max(column.most, cell_len(column.label)))
    return widths


def fit(
    columns: Sequence[Column], widths: Mapping[str, int], room: int, padding: int = 1
) -> list[tuple[Column, int]]:
    """The columns shown in `room` cells, in their order, with their widths.

    Columns with `keep` 0 are always shown (the table scrolls only if they alone are wider
    than the room). The others are added in `keep` order while they fit whole; one with a
    `least` that does not fit whole takes the room left instead, if there is enough of it.
    """
    chosen = {c.key: widths[c.key] for c in columns if c.keep == 0}
    used = sum(width + 2 * padding for width in chosen.values())
    for column in sorted((c for c in columns if c.keep), key=lambda c: c.keep):
        whole = widths[column.key] + 2 * padding
        if used + whole <= room:
            chosen[column.key] = widths[column.key]
            used += whole
        elif column.least is not None and room - used - 2 * padding >= column.least:
            chosen[column.key] = room - used - 2 * padding
            used = room
    return [(c, chosen[c.key]) for c in columns if c.key in chosen]


class FittedTable(DataTable[Text]):
    """Rows as cells by column key (`show_rows`); the columns shown are refitted to the
    table's width whenever it changes."""

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.wanted = tuple(columns)
        """Every column the table may show, in order."""
        self.cells: list[Row] = []
        """The rows, every column's cell (the table shows those of the columns that fit)."""
        self.shown: list[tuple[str, int]] = []
        """The columns shown and their widths."""

    @property
    def room(self) -> int:
        """The cells a row may take without scrolling sideways (a vertical scrollbar's kept)."""
        width = self.size.width or self.app.size.width
        return max(width - self.styles.scrollbar_size_vertical, 0)

    def on_mount(self) -> None:
        self._refit(force=True)

    def on_resize(self, _: events.Resize) -> None:
        self._refit()

    def show_rows(self, rows: Iterable[Row]) -> None:
        """Show these rows (the cursor goes back to the first)."""
        self.cells = list(rows)
        self._refit(force=True)
        self.move_cursor(row=0, animate=False)

    def _refit(self, *, force: bool = False) -> None:
        fitted = fit(self.wanted, natural_widths(self.wanted, self.cells), self.room)
        shape = [(column.key, width) for column, width in fitted]
        if shape == self.shown and not force:
            return
        cursor = self.cursor_row
        if shape != self.shown:
            self.clear(columns=True)
            for column, width in fitted:
                label = Text(column.label, justify="right" if column.right else "left")
                self.add_column(label, key=column.key, width=width)
            self.shown = shape
        else:
            self.clear()
        self.add_rows([row.get(key, Text("")) for key, _ in shape] for row in self.cells)
        if 0 <= cursor < len(self.cells):
            self.move_cursor(row=cursor, animate=False)

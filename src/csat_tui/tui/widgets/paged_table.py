"""A table of rows loaded a page at a time: it says when the user nears the last loaded row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

NEAR_END = 40
"""Rows before the last loaded one at which the next page is asked for."""


class PagedTable(DataTable[Text]):
    """Rows added a page at a time (`append_rows`); posts NearedEnd when the cursor or the
    scroll comes within NEAR_END rows of the last loaded one."""

    @dataclass
    class NearedEnd(Message):
        """The user is close to the last loaded row: time to load the next page."""

        table: PagedTable

        @property
        def control(self) -> PagedTable:
            """The table."""
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._appending = False

    def append_rows(self, rows: Iterable[Sequence[Text]]) -> None:
        """Add a page of rows at the end (this alone never asks for the next page)."""
        self._appending = True
        try:
            self.add_rows(rows)
        finally:
            self._appending = False

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        self._check_end()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._check_end()

    def _check_end(self) -> None:
        if self._appending:
            return
        last_visible = int(self.scroll_y) + self.size.height
        if self.row_count and max(self.cursor_row, last_visible) >= self.row_count - NEAR_END:
            self.post_message(self.NearedEnd(self))

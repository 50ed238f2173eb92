"""The responses table: rows from keyset pages, asking for more as the user nears the end."""

from __future__ import annotations

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets.data_table import ColumnKey

from csat_tui.services import ResponseRow
from csat_tui.text_search import SearchQuery
from csat_tui.tui.cards import csat_text
from csat_tui.tui.highlight import highlight_text
from csat_tui.tui.text import first_line, literal
from csat_tui.tui.widgets.paged_table import PagedTable

COLUMNS = (
    ("submitted", "Submitted", 16),
    ("csat", "CSAT", 4),
    ("nps", "NPS", 3),
    ("ces", "CES", 3),
    ("touchpoint", "Touchpoint", 14),
    ("segment", "Segment", 10),
    ("comment", "Comment", 0),
    ("source", "Source", 10),
    ("channel", "Channel", 8),
    ("tags", "Tags", 16),
    ("followup", "Follow-up", 10),
)
"""(key, label, width); the comment takes the room the others leave."""
PADDING = 2
"""Columns of padding DataTable puts around each cell."""
_BEFORE_COMMENT = sum(w + PADDING for k, _, w in COLUMNS[:6])
_ALL_OTHERS = sum(w + PADDING for k, _, w in COLUMNS if k != "comment")


def comment_width(table_width: int) -> int:
    """Room for the comment: all columns in view when wide, the comment after the scores else."""
    if table_width - _ALL_OTHERS - PADDING >= 40:
        return table_width - _ALL_OTHERS - PADDING
    return max(12, table_width - _BEFORE_COMMENT - PADDING)


def _score(value: int | None) -> Text:
    return Text("" if value is None else str(value), justify="right")


def cells(row: ResponseRow, search: SearchQuery | None = None) -> list[Text]:
    """A response as table cells; every piece of imported text goes through `literal`."""
    when = (row.submitted_at or "no date")[:16].replace("T", " ")
    return [
        Text(when),
        Text(csat_text(row.csat, row.csat_scale, of=False), justify="right"),
        _score(row.nps),
        _score(row.ces),
        literal(row.touchpoint, limit=18),
        literal(row.segment, limit=14),
        highlight_text(
            Text(first_line(row.comment, limit=200), no_wrap=True, overflow="ellipsis"), search
        ),
        literal(row.source, limit=14),
        literal(row.channel, limit=12),
        literal(", ".join(row.tags), limit=24),
        literal((row.followup or "").replace("_", " "), limit=12),
    ]


class ResponsesTable(PagedTable):
    """Rows of responses; posts NearedEnd when the cursor or the scroll nears the last row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.responses: list[ResponseRow] = []
        self.search: SearchQuery | None = None
        """The filter's search, whose matches the comments highlight."""
        self.selected: set[int] = set()
        """Ids of the rows picked with space, for a bulk triage action."""

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(Text(label), key=key, width=width or comment_width(80))

    def on_resize(self) -> None:
        column = self.columns.get(ColumnKey("comment"))
        width = comment_width(self.size.width - 1)
        if column is not None and column.width != width:
            column.width = width
            # DataTable has no public way to resize a column: drop its render caches.
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    def reset(self) -> None:
        """Remove every row (the columns stay)."""
        self.responses = []
        self.selected = set()
        self.clear()

    def toggle_selected(self) -> None:
        """Pick the row under the cursor for a bulk action, or put it back (a ● marks it)."""
        row = self.current
        if row is None:
            return
        self.selected ^= {row.id}
        when = cells(row)[0]
        mark = Text("● ", style="bold") + when if row.id in self.selected else when
        self.update_cell_at(Coordinate(self.cursor_row, 0), mark)

    def append(self, rows: list[ResponseRow]) -> None:
        """Add a page of rows at the end."""
        self.responses.extend(rows)
        self.append_rows(cells(r, self.search) for r in rows)

    @property
    def current(self) -> ResponseRow | None:
        """The response under the cursor."""
        if 0 <= self.cursor_row < len(self.responses):
            return self.responses[self.cursor_row]
        return None

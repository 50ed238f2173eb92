"""The responses browser: keyset pages of the current filter, never all rows at once."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from csat_tui.filters import Filter
from csat_tui.scoring import METRICS, Metric
from csat_tui.services import Cursor, ResponseRow, ScoreCursor, browsing
from csat_tui.services.browsing import ROW_ORDERS, RowOrder
from csat_tui.tui.context import ResponseOpened
from csat_tui.tui.highlight import highlight_content, search_of
from csat_tui.tui.messages import CountLoaded, PageLoaded
from csat_tui.tui.screens.bulk import BulkTriage
from csat_tui.tui.text import safe
from csat_tui.tui.widgets.filter_line import FilterLine, describe
from csat_tui.tui.widgets.responses_table import ResponsesTable


class ResponsesScreen(BulkTriage):
    """A table of responses for the filter, a preview of the one under the cursor, details."""

    SUB_TITLE = "Responses"

    BINDINGS = [
        Binding("o", "toggle_order", "Order", id="responses.order",
                tooltip="Newest, oldest, lowest score or highest score first"),
        Binding("M", "next_sort_metric", "Sort metric", id="responses.sort_metric", show=False,
                tooltip="Sort by the CSAT, NPS or CES score"),
        Binding("enter", "open_detail", "Details", id="responses.detail",
                tooltip="Open the response under the cursor in full"),
        Binding("ctrl+r", "reload", "Reload", id="responses.reload", show=False,
                tooltip="Load the responses again"),
    ]  # fmt: skip

    order: reactive[RowOrder] = reactive("newest")
    """Order of the rows: by date, or by the score of `sort_metric`."""
    sort_metric: reactive[Metric] = reactive("csat")
    """The score the lowest/highest orders sort by."""
    state: reactive[str] = reactive("loading")
    """loading, rows or no-match."""

    def __init__(self) -> None:
        super().__init__()
        self._next: Cursor | ScoreCursor | None = None
        self._more = False
        self._paging = False
        self._total: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        yield Static(Content(""), id="responses-status")
        yield ResponsesTable(id="responses")
        yield Static(Content(""), id="responses-empty")
        yield Static(Content(""), id="preview")
        yield Footer(show_command_palette=False, compact=True)

    def watch_state(self, state: str) -> None:
        for name in ("loading", "rows", "no-match"):
            self.set_class(state == name, f"-{name}")

    def start_loads(self) -> None:
        flt = self.context.filter
        self._next, self._more, self._paging, self._total = None, False, True, None
        self.query_one(ResponsesTable).reset()
        self.query_one(ResponsesTable).search = search_of(flt.text)
        self.started("page")
        self.started("count")
        self._load_page(self.generation, flt, self.order, None, self.sort_metric)
        self._load_count(self.generation, flt)
        self._show_status()

    @work(thread=True, exclusive=True, group="page", exit_on_error=False)
    def _load_page(
        self,
        generation: int,
        flt: Filter,
        order: RowOrder,
        after: Cursor | ScoreCursor | None,
        metric: Metric,
    ) -> None:
        result = browsing.load_page(self.opener("page"), flt, order, after, metric)
        if not self.cancelled():
            self.post_message(PageLoaded(generation, result, after is None))

    @work(thread=True, exclusive=True, group="count", exit_on_error=False)
    def _load_count(self, generation: int, flt: Filter) -> None:
        total = browsing.load_count(self.opener("count"), flt)
        if not self.cancelled():
            self.post_message(CountLoaded(generation, total))

    @on(PageLoaded)
    def _page(self, message: PageLoaded) -> None:
        if not self.current(message.generation):
            return
        table = self.query_one(ResponsesTable)
        if message.first:
            table.reset()
        table.append(message.page.rows)
        self._next = message.page.next
        self._more = self._next is not None
        self._paging = False
        self.finished("page")
        if table.row_count == 0:
            self.state = "no-match"
            self._say_no_match()
        else:
            self.state = "rows"
            self._preview(table.current)
        self._show_status()

    @on(CountLoaded)
    def _count(self, message: CountLoaded) -> None:
        if self.current(message.generation):
            self._total = message.total
            self.finished("count")
            self._show_status()

    @on(ResponsesTable.NearedEnd, "#responses")
    def _more_rows(self) -> None:
        if self._more and not self._paging and self._next is not None:
            self._paging = True
            self.started("page")
            self._load_page(
                self.generation, self.context.filter, self.order, self._next, self.sort_metric
            )

    @on(DataTable.RowHighlighted, "#responses")
    def _highlighted(self) -> None:
        self._preview(self.query_one(ResponsesTable).current)

    @on(DataTable.RowSelected, "#responses")
    def _selected(self) -> None:
        self.action_open_detail()

    @on(DataTable.HeaderSelected, "#responses")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key == "submitted":
            self.order = "oldest" if self.order == "newest" else "newest"
        elif key in METRICS:
            self.sort_metric = key
            self.order = "highest" if self.order == "lowest" else "lowest"
        else:
            return
        self.reload()

    def _show_status(self) -> None:
        loaded = self.query_one(ResponsesTable).row_count
        total = "counting…" if self._total is None else f"{self._total:,} responses"
        more = " · more as you scroll" if self._more else ""
        order = {
            "newest": "newest first",
            "oldest": "oldest first",
            "lowest": f"lowest {self.sort_metric.upper()} first (answered only)",
            "highest": f"highest {self.sort_metric.upper()} first (answered only)",
        }[self.order]
        self.query_one("#responses-status", Static).update(
            Content.assemble(
                (total, "bold"),
                f" · {loaded:,} loaded{more} · {order}",
            )
        )

    def _preview(self, row: ResponseRow | None) -> None:
        preview = self.query_one("#preview", Static)
        if row is None:
            preview.update(Content(""))
            return
        # The row holds the first 300 characters; say the real length up front.
        text = row.comment or "(no comment)"
        more = row.comment_length > len(text)
        length = f"({row.comment_length:,} characters, enter shows all) " if more else ""
        preview.update(
            Content.assemble(
                (f"#{row.id} ", "bold"),
                (length, "$text-muted"),
                highlight_content(
                    Content(safe(text, limit=None, newlines=True) + ("…" if more else "")),
                    search_of(self.context.filter.text),
                ),
            )
        )

    def _say_no_match(self) -> None:
        app = self.context
        self.query_one("#responses-empty", Static).update(
            Content.assemble(
                ("No responses match: ", "bold"),
                safe(describe(app.filter, app.preset), limit=300),
                ".\nWiden it: p for a longer period (or All time), x to clear the filter, "
                "f to change one part" + (", / the search." if app.filter.text else "."),
            )
        )

    def action_toggle_order(self) -> None:
        """Step the order: newest, oldest, lowest score, highest score first."""
        self.order = ROW_ORDERS[(ROW_ORDERS.index(self.order) + 1) % len(ROW_ORDERS)]
        self.reload()

    def action_next_sort_metric(self) -> None:
        """Sort by the next metric's score (CSAT, NPS, CES)."""
        self.sort_metric = METRICS[(METRICS.index(self.sort_metric) + 1) % len(METRICS)]
        if self.order in ("lowest", "highest"):
            self.reload()

    def action_open_detail(self) -> None:
        """Show the response under the cursor in full."""
        row = self.query_one(ResponsesTable).current
        if row is not None:
            self.post_message(ResponseOpened(row.id))

    def action_reload(self) -> None:
        """Load the rows again."""
        self.reload()

"""At-risk customers and advocates; Enter lists that respondent's responses."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import Worker

from csat_tui.filters import Filter
from csat_tui.services import ResponseRow
from csat_tui.services.opening import Opener, opener_for
from csat_tui.services.triage import Customer, CustomerCursor, Tier
from csat_tui.services.triage_loads import CustomerPage, load_customers, load_respondent
from csat_tui.tui.cards import csat_pair_text
from csat_tui.tui.context import AppContext, ResponseOpened, WorkerEnded, context_of
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.screens.triage_common import followup_word, scores_line
from csat_tui.tui.text import first_line, literal, literal_content
from csat_tui.tui.widgets.filter_line import FilterLine
from csat_tui.tui.widgets.paged_table import PagedTable
from csat_tui.tui.widgets.tour_panel import TourPanel

TIER_WORDS = {"immediate": "immediate", "at_risk": "at risk", "advocate": "advocate"}
"""As the status line's rules name the tiers."""
TIER_STYLES = {"immediate": "bold red", "at_risk": "yellow", "advocate": "green"}
SHOWN: tuple[tuple[str, tuple[Tier, ...]], ...] = (
    ("at risk", ("immediate", "at_risk")),
    ("advocates", ("advocate",)),
    ("all", ("immediate", "at_risk", "advocate")),
)
"""What `a` steps through."""
RULES = (
    "immediate: last three CSAT low and an NPS detractor · at risk: last three CSAT low, or a "
    "detractor whose latest CSAT is low · advocate: latest CSAT satisfied and a promoter"
)


@dataclass
class CustomersLoaded(Loaded):
    """A page of the respondents in the tiers shown (`first`: the first page of a load)."""

    page: CustomerPage
    first: bool


class CustomersScreen(DataScreen):
    """Respondents by risk tier (or advocates), worst first, within the filter."""

    SUB_TITLE = "Customers"

    BINDINGS = [
        Binding("a", "next_tiers", "At risk / advocates", id="customers.tiers",
                tooltip="Show the at-risk customers, the advocates, or both"),
        Binding("enter", "open_respondent", "Responses", id="customers.responses",
                tooltip="Every response of this respondent"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.shown = 0
        """Index into SHOWN."""
        self.customers: list[Customer] = []
        self._next: CustomerCursor | None = None
        """Where the next page starts; None when every customer is loaded."""
        self._paging = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        yield Static(Content(""), id="customers-status")
        yield PagedTable(id="customers")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#customers", DataTable)
        # Every column whole at 80 columns: e-mails as long as they are, the latest day.
        widths: tuple[tuple[str, str, int | None], ...] = (
            ("tier", "Tier", 9),
            ("respondent", "Respondent", None),
            ("csat", "Last CSAT", 11),
            ("nps", "NPS", 3),
            ("last", "Latest", 10),
            ("n", "Responses", 9),
        )
        for key, label, width in widths:
            table.add_column(Text(label), key=key, width=width)

    def start_loads(self) -> None:
        self._next, self._paging = None, True
        self.started("customers")
        self._load(self.generation, self.context.filter, SHOWN[self.shown][1], None)

    @work(thread=True, exclusive=True, group="customers", exit_on_error=False)
    def _load(
        self, generation: int, flt: Filter, tiers: tuple[Tier, ...], after: CustomerCursor | None
    ) -> None:
        page = load_customers(self.opener("customers"), flt, tiers, after)
        if not self.cancelled():
            self.post_message(CustomersLoaded(generation, page, after is None))

    @on(CustomersLoaded)
    def _loaded(self, message: CustomersLoaded) -> None:
        if not self.current(message.generation):
            return
        self.finished("customers")
        table = self.query_one("#customers", PagedTable)
        if message.first:
            self.customers = []
            table.clear()
        self.customers += message.page.rows
        self._next, self._paging = message.page.next, False
        table.append_rows(
            [
                Text(TIER_WORDS[c.tier], style=TIER_STYLES[c.tier]),
                literal(c.respondent, limit=60),
                Text(" ".join(csat_pair_text(pair) for pair in c.last_csat)),
                Text("" if c.latest_nps is None else str(c.latest_nps), justify="right"),
                Text((c.last_response_at or "")[:10]),
                Text(f"{c.responses:,}", justify="right"),
            ]
            for c in message.page.rows
        )
        label = SHOWN[self.shown][0]
        more = " loaded, more as you scroll" if self._next is not None else ""
        self.query_one("#customers-status", Static).update(
            Content.assemble(
                (f"{len(self.customers):,} {label}{more}", "bold"), " · ", (RULES, "$text-muted")
            )
        )

    @on(PagedTable.NearedEnd, "#customers")
    def _more(self) -> None:
        if self._next is not None and not self._paging:
            self._paging = True
            self.started("customers")
            flt, tiers = self.context.filter, SHOWN[self.shown][1]
            self._load(self.generation, flt, tiers, self._next)

    def action_next_tiers(self) -> None:
        """At risk, advocates, both."""
        self.shown = (self.shown + 1) % len(SHOWN)
        self.reload()

    @on(DataTable.RowSelected, "#customers")
    def _chosen(self) -> None:
        self.action_open_respondent()

    def action_open_respondent(self) -> None:
        """List every response of the respondent under the cursor."""
        row = self.query_one("#customers", DataTable).cursor_row
        if 0 <= row < len(self.customers):
            self.app.push_screen(RespondentScreen(self.customers[row].respondent))


@dataclass
class RespondentLoaded(Loaded):
    """A respondent's responses."""

    rows: list[ResponseRow]


class RespondentScreen(Screen[None]):
    """Every response of one respondent, newest first; Enter opens one in full."""

    SUB_TITLE = "Respondent"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="respondent.back",
                tooltip="Back to the customers"),
        Binding("enter", "open_detail", "Details", id="respondent.detail",
                tooltip="Open the response in full"),
    ]  # fmt: skip

    def __init__(self, respondent: str) -> None:
        super().__init__()
        self.respondent = respondent
        self.rows: list[ResponseRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.assemble(("Responses of ", "bold"), literal_content(self.respondent, limit=80)),
            id="respondent-title",
        )
        yield DataTable[Text](id="respondent", cursor_type="row", zebra_stripes=True)
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.mount(TourPanel())
        table = self.query_one("#respondent", DataTable)
        for key, label, width in (
            ("when", "Submitted", 16),
            ("scores", "Scores", 22),
            ("touchpoint", "Touchpoint", 14),
            ("followup", "Follow-up", 11),
            ("comment", "Comment", 60),
        ):
            table.add_column(Text(label), key=key, width=width)
        self._load(opener_for(self.context.db_path))

    @property
    def context(self) -> AppContext:
        """The app, typed."""
        return context_of(self)

    @work(thread=True, exclusive=True, group="respondent", exit_on_error=False)
    def _load(self, opener: Opener) -> None:
        rows = load_respondent(opener, self.respondent)
        self.post_message(RespondentLoaded(0, rows))

    @on(Worker.StateChanged)
    def _worker(self, event: Worker.StateChanged) -> None:
        self.post_message(WorkerEnded(event))

    @on(RespondentLoaded)
    def _loaded(self, message: RespondentLoaded) -> None:
        self.rows = message.rows
        table = self.query_one("#respondent", DataTable)
        for r in message.rows:
            table.add_row(
                Text((r.submitted_at or "no date")[:16].replace("T", " ")),
                Text(scores_line(r)),
                literal(r.touchpoint or "–", limit=30),
                Text(followup_word(r.followup) if r.followup else ""),
                Text(first_line(r.comment, limit=200)),
            )
        table.focus()

    @on(DataTable.RowSelected, "#respondent")
    def _chosen(self) -> None:
        self.action_open_detail()

    def action_open_detail(self) -> None:
        """Open the response under the cursor in full."""
        row = self.query_one("#respondent", DataTable).cursor_row
        if 0 <= row < len(self.rows):
            self.post_message(ResponseOpened(self.rows[row].id))

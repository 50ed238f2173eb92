"""Agents: per agent n, CSAT % with its interval, change, NPS, low scores, follow-ups and
tags, ranked fairly; Enter shows that agent's responses."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from csat_tui.filters import Filter
from csat_tui.scoring import SMALL_SAMPLE
from csat_tui.services.agents import AGENT_SORTS, AgentRow, AgentSort, agents, sort_rows
from csat_tui.services.opening import Opener
from csat_tui.tui.context import FilterAsked
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.text import literal
from csat_tui.tui.widgets.filter_line import FilterLine
from csat_tui.tui.widgets.fitted_table import Column, FittedTable

SORT_WORDS: dict[AgentSort, str] = {
    "rank": "fair rank",
    "n": "answers",
    "score": "CSAT %",
    "change": "change (worst first)",
    "low": "low scores",
    "name": "name",
}


COLUMNS = (
    Column("rank", "Rank", right=True),
    Column("agent", "Agent"),
    Column("n", "n", right=True),
    Column("csat", "CSAT %", right=True),
    Column("interval", "95% CI", keep=6, right=True),
    Column("change", "Change", keep=1, right=True),
    Column("nps", "NPS", keep=5, right=True),
    Column("low", "Low", keep=2, right=True),
    Column("open", "Open", keep=4, right=True),
    Column("overdue", "Overdue", keep=3, right=True),
    Column("tags", "Top tags", keep=7, most=40, least=8),
)
"""The agent's name (whole), n and CSAT % always; then, as the width allows, the change,
low scores, overdue and open follow-ups, NPS, the interval and the top tags."""


@dataclass
class AgentsLoaded(Loaded):
    """The agents of the filter, in rank order, and the rule that ranks them."""

    rows: list[AgentRow]
    rule: str


def load_agents(opener: Opener, flt: Filter) -> tuple[list[AgentRow], str]:
    """Every agent's row for the filter, ranked, and the ranking rule in words."""
    with opener() as store:
        report = agents(store, flt)
    return report.rows, report.rule


def _num(value: float | None, fmt: str, style: str = "") -> Text:
    return Text("–" if value is None else format(value, fmt), justify="right", style=style)


class AgentsScreen(DataScreen):
    """One row per agent (and one for responses no agent handled), ranked fairly."""

    SUB_TITLE = "Agents"

    BINDINGS = [
        Binding("s", "next_sort", "Sort", id="agents.sort",
                tooltip="Sort by fair rank, answers, CSAT %, change, low scores or name"),
        Binding("enter", "open_agent", "Responses", id="agents.responses",
                tooltip="The responses this agent handled (the filter narrowed to them)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.sort_by: AgentSort = "rank"
        self.all_rows: list[AgentRow] = []
        self.rows: list[AgentRow] = []
        """The rows as shown, in the current order."""
        self.rule = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        yield Static(Content(""), id="agents-status")
        yield FittedTable(COLUMNS, id="agents")
        yield Footer(show_command_palette=False, compact=True)

    def start_loads(self) -> None:
        self.started("agents")
        self._load(self.generation, self.context.filter)

    @work(thread=True, exclusive=True, group="agents", exit_on_error=False)
    def _load(self, generation: int, flt: Filter) -> None:
        rows, rule = load_agents(self.opener("agents"), flt)
        if not self.cancelled():
            self.post_message(AgentsLoaded(generation, rows, rule))

    @on(AgentsLoaded)
    def _loaded(self, message: AgentsLoaded) -> None:
        if not self.current(message.generation):
            return
        self.finished("agents")
        self.all_rows, self.rule = message.rows, message.rule
        self._fill()

    def _fill(self) -> None:
        self.rows = sort_rows(self.all_rows, self.sort_by)
        self.query_one("#agents", FittedTable).show_rows(self._cells(row) for row in self.rows)
        agents_n = sum(1 for r in self.rows if r.name is not None)
        flagged = sum(1 for r in self.rows if r.name is not None and r.rank is None)
        self.query_one("#agents-status", Static).update(
            Content.assemble(
                (f"{agents_n:,} agents ", "bold"),
                f" ({flagged:,} with fewer than {SMALL_SAMPLE} answers, not ranked)"
                if flagged
                else "",
                " · sorted by ",
                (SORT_WORDS[self.sort_by], "bold"),
                " · ",
                (self.rule, "$text-muted"),
            )
        )

    @staticmethod
    def _cells(row: AgentRow) -> dict[str, Text]:
        csat, interval, extras = row.counts.csat, row.counts.csat.ci95, row.extras
        dim = "dim" if row.small else ""
        if row.name is None:
            rank, name = Text(""), Text("(no agent)", style="dim")
        else:
            rank = (
                Text(f"<{SMALL_SAMPLE}", style="dim", justify="right")
                if row.rank is None
                else Text(str(row.rank), justify="right")
            )
            name = literal(row.name, limit=60)
        change = row.change
        if change is None:
            change_text = Text("–", justify="right")
        else:
            verdict = "real" if change.significant else "noise"
            style = ("green" if change.delta > 0 else "red") if change.significant else "dim"
            change_text = Text(f"{change.delta:+.1f} {verdict}", justify="right", style=style)
        return {
            "rank": rank,
            "agent": name,
            "n": Text(f"{row.counts.responses:,}", justify="right", style=dim),
            "csat": _num(csat.pct, ".1f", dim),
            "interval": Text(
                f"{interval[0]:.0f}–{interval[1]:.0f}" if interval else "–", justify="right"
            ),
            "change": change_text,
            "nps": _num(row.counts.nps.score, "+.0f"),
            "low": Text(f"{extras.low:,}", justify="right"),
            "open": Text(f"{extras.open_followups:,}", justify="right"),
            "overdue": Text(
                f"{extras.overdue:,}", justify="right", style="red" if extras.overdue else ""
            ),
            "tags": Text(", ".join(tag for tag, _ in extras.tags)),
        }

    def action_next_sort(self) -> None:
        """Sort by the next column: fair rank, answers, CSAT %, change, low scores, name."""
        self.sort_by = AGENT_SORTS[(AGENT_SORTS.index(self.sort_by) + 1) % len(AGENT_SORTS)]
        self._fill()

    @on(DataTable.RowSelected, "#agents")
    def _chosen(self) -> None:
        self.action_open_agent()

    def action_open_agent(self) -> None:
        """Show the responses of the agent under the cursor: the filter narrowed to them."""
        index = self.query_one("#agents", DataTable).cursor_row
        if not 0 <= index < len(self.rows):
            return
        name = self.rows[index].name
        if name is None:
            self.notify("Responses with no agent cannot be filtered on yet.", severity="warning")
            return
        flt = replace(self.context.filter, agents=(name,))
        self.post_message(FilterAsked(flt, then_show="responses"))

"""Follow-ups: grouped by status, soonest due first, overdue ones marked; `d` closes one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from csat_tui.services.triage import FollowupRow
from csat_tui.services.triage_loads import load_followups
from csat_tui.tui.cards import csat_text
from csat_tui.tui.context import ResponseOpened, TriageAsked
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.screens.triage_common import ask_followup, followup_word
from csat_tui.tui.screens.triage_dialogs import TextDialog
from csat_tui.tui.text import first_line, literal, literal_content
from csat_tui.tui.triage_runner import FollowupChoice, followup_action
from csat_tui.tui.widgets.fitted_table import Column, FittedTable

ACTIVE = ("open", "in_progress")
"""Statuses still to be done (and so possibly overdue)."""

COLUMNS = (
    Column("status", "Status"),
    Column("due", "Due"),
    Column("owner", "Owner", keep=1, most=12),
    Column("scores", "Scores", keep=2),
    Column("respondent", "Respondent"),
    Column("comment", "Comment", keep=3, most=60, least=12),
)
"""Status, due date and the respondent (e-mails are never cut) always; then, as the width
allows, the owner, the scores and the comment."""


@dataclass
class FollowupsLoaded(Loaded):
    """The follow-ups."""

    rows: list[FollowupRow]


def overdue(row: FollowupRow, today: date) -> bool:
    """Still to do and due before today."""
    return row.status in ACTIVE and bool(row.due_date) and (row.due_date or "") < today.isoformat()


def _scores(row: FollowupRow) -> str:
    parts = []
    if row.csat is not None:
        parts.append(f"CSAT {csat_text(row.csat, row.csat_scale)}")
    if row.nps is not None:
        parts.append(f"NPS {row.nps}")
    return " · ".join(parts)


class FollowupsScreen(DataScreen):
    """Every follow-up (of any response; the filter does not apply), grouped by status."""

    SUB_TITLE = "Follow-ups"

    BINDINGS = [
        Binding("d", "done", "Done", id="followups.done",
                tooltip="Mark the follow-up done, with an optional note"),
        Binding("w", "edit", "Edit", id="followups.edit",
                tooltip="Change owner, due date, status or note"),
        Binding("o", "next_owner", "Owner", id="followups.owner",
                tooltip="Only one owner's follow-ups: each press shows the next owner, then all"),
        Binding("g", "toggle_grouping", "Group", id="followups.group",
                tooltip="Group by status, or one list by due date"),
        Binding("enter", "open_detail", "Details", id="followups.detail",
                tooltip="Open the response in full, with its history"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FollowupRow] = []
        """The follow-ups shown, in table order (None rows are group headings)."""
        self.keys: list[int | None] = []
        self.owner: str | None = None
        """Only this owner's follow-ups (None: everyone's)."""
        self.owners: list[str] = []
        self.grouped = True
        """Grouped by status (else one list by due date)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(""), id="followups-status")
        yield FittedTable(COLUMNS, id="followups")
        yield Static(Content(""), id="followups-empty")
        yield Footer(show_command_palette=False, compact=True)

    def start_loads(self) -> None:
        self.started("followups")
        self._load(self.generation, self.owner)

    @work(thread=True, exclusive=True, group="followups", exit_on_error=False)
    def _load(self, generation: int, owner: str | None) -> None:
        rows = load_followups(self.opener("followups"), owner)
        if not self.cancelled():
            self.post_message(FollowupsLoaded(generation, rows))

    @on(FollowupsLoaded)
    def _loaded(self, message: FollowupsLoaded) -> None:
        if not self.current(message.generation):
            return
        self.finished("followups")
        if self.owner is None:
            self.owners = sorted({r.owner for r in message.rows if r.owner}, key=str.casefold)
        self.rows = message.rows
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#followups", FittedTable)
        shown = self.selected
        cells: list[dict[str, Text]] = []
        self.keys = []
        today = self.context.today()
        rows = self.rows
        if not self.grouped:
            rows = sorted(rows, key=lambda r: (r.due_date is None, r.due_date or "", r.response_id))
        group = None
        late = 0
        for row in rows:
            if self.grouped and row.status != group:
                group = row.status
                count = sum(1 for r in rows if r.status == group)
                heading = Text(f"{followup_word(group)} ({count})", style="bold")
                cells.append({"status": heading})
                self.keys.append(None)
            is_late = overdue(row, today)
            late += is_late
            due = Text(row.due_date or "–")
            if is_late:
                due = Text(f"{row.due_date} overdue", style="bold red")
            cells.append(
                {
                    "status": Text(followup_word(row.status)),
                    "due": due,
                    "owner": literal(row.owner or "–", limit=20),
                    "scores": Text(_scores(row)),
                    "respondent": literal(row.respondent or "–", limit=60),
                    "comment": Text(first_line(row.comment, limit=100)),
                }
            )
            self.keys.append(row.response_id)
        table.show_rows(cells)
        if shown is not None and shown in self.keys:
            table.move_cursor(row=self.keys.index(shown), animate=False)
        elif self.keys and self.keys[0] is None and len(self.keys) > 1:
            table.move_cursor(row=1, animate=False)
        who = f"owner {self.owner}" if self.owner else "every owner"
        order = "grouped by status, soonest due first" if self.grouped else "by due date"
        self.query_one("#followups-status", Static).update(
            Content.assemble(
                (f"{len(self.rows):,} follow-ups", "bold"),
                (f" · {late} overdue", "bold $error") if late else "",
                f" · {order} · ",
                literal_content(who, limit=80),
            )
        )
        self.set_class(not self.rows, "-empty")
        self.query_one("#followups-empty", Static).update(
            Content(
                "No follow-ups yet. In the queue (n) or the responses (r), w sets one: "
                "owner, due date, status, note."
            )
        )

    @property
    def selected(self) -> int | None:
        """The response of the follow-up under the cursor."""
        table = self.query_one("#followups", DataTable)
        if 0 <= table.cursor_row < len(self.keys):
            return self.keys[table.cursor_row]
        return None

    def _row(self, response_id: int) -> FollowupRow | None:
        return next((r for r in self.rows if r.response_id == response_id), None)

    @on(DataTable.RowSelected, "#followups")
    def _chosen(self) -> None:
        self.action_open_detail()

    def action_done(self) -> None:
        """Close the follow-up under the cursor, with an optional note."""
        rid = self.selected
        if rid is None:
            return

        def noted(note: str | None) -> None:
            if note is not None:
                choice = FollowupChoice("done", None, None, note or None)
                self.post_message(TriageAsked(followup_action([rid], choice)))

        title = Content.assemble(("Done: ", "bold"), f"#{rid}. A note (optional), then enter")
        self.app.push_screen(TextDialog(title, "what was agreed"), noted)

    def action_edit(self) -> None:
        """Change the follow-up under the cursor."""
        rid = self.selected
        row = self._row(rid) if rid is not None else None
        if rid is not None and row is not None:
            ask_followup(self, [rid], row.status)

    def action_next_owner(self) -> None:
        """Show the next owner's follow-ups, then everyone's."""
        if not self.owners:
            self.notify("No follow-up has an owner yet.", timeout=2)
            return
        order: list[str | None] = [None, *self.owners]
        index = order.index(self.owner) if self.owner in order else 0
        self.owner = order[(index + 1) % len(order)]
        self.reload()

    def action_toggle_grouping(self) -> None:
        """Group by status, or list by due date."""
        self.grouped = not self.grouped
        self._fill()

    def action_open_detail(self) -> None:
        """Open the response in full."""
        rid = self.selected
        if rid is not None:
            self.post_message(ResponseOpened(rid))

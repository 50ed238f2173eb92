"""The triage queue: one low score with a comment at a time, read, tagged, followed up, done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static

from csat_tui.filters import Filter
from csat_tui.services import ResponseRow
from csat_tui.services.triage_loads import (
    QUICK_TAGS,
    QueueContext,
    QueueData,
    load_context,
    load_queue,
)
from csat_tui.tui.context import ResponseOpened, TriageAsked
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.screens.triage_common import (
    ask_followup,
    ask_tags,
    followup_word,
    mark_triaged,
    scores_line,
)
from csat_tui.tui.text import first_line, safe
from csat_tui.tui.triage_runner import tag_action
from csat_tui.tui.widgets.filter_line import FilterLine

RULE = "low = CSAT bottom two boxes, NPS 0–6, CES 1–3; with a comment; not triaged"
"""The queue's rule in words."""
SHORT_RULE = "low scores with a comment, not triaged"


GAP = 2
"""Cells between two quick tags on a line."""


def tag_lines(tags: Sequence[Content], width: int) -> list[Content]:
    """The quick tags on lines of at most `width` cells, broken between tags, never inside one
    (a tag wider than the line has a line to itself); width 0 or less: one line."""
    lines: list[list[Content]] = []
    used = 0
    for tag in tags:
        if lines and (width <= 0 or used + GAP + tag.cell_length <= width):
            lines[-1].append(tag)
            used += GAP + tag.cell_length
        else:
            lines.append([tag])
            used = tag.cell_length
    return [Content(" " * GAP).join(line) for line in lines]


class QuickTags(Static):
    """The tags the number keys add, "1 billing  2 bug …": every one in view beside its
    number, on as many lines as the width needs (beside the tour's whole step, two or three)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self.tags: list[Content] = []
        self._laid_out: tuple[int, int] | None = None
        """The width and the number of tags of the lines shown."""

    def show_tags(self, tags: list[Content]) -> None:
        """Show these quick tags (none: how to make the first ones)."""
        self.tags = tags
        self._laid_out = None
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.content_region.width
        if self._laid_out == (width, len(self.tags)):
            return
        self._laid_out = (width, len(self.tags))
        lines = tag_lines(self.tags, width)
        self.update(Content("\n").join(lines) if lines else Content("a adds the first tags"))


@dataclass
class QueueLoaded(Loaded):
    """The queue within the filter."""

    data: QueueData


@dataclass
class ContextLoaded(Loaded):
    """The current entry in full, with its respondent's earlier responses."""

    response_id: int
    context: QueueContext


class QueueScreen(DataScreen):
    """Responses needing attention, one at a time, newest first, within the app's filter."""

    SUB_TITLE = "Triage queue"
    LOADING_PARTS = {"queue": "#queue-body"}

    BINDINGS = [
        Binding("j,right", "step(1)", "Next", id="queue.next",
                tooltip="The next response in the queue"),
        Binding("k,left", "step(-1)", "Previous", id="queue.previous",
                tooltip="The previous response in the queue"),
        Binding("a", "tag", "Tag", id="queue.tag",
                tooltip="Add tags (several, comma-separated; new names create tags)"),
        Binding("w", "followup", "Follow-up", id="queue.followup",
                tooltip="Who calls back, by when: owner, due date, status, note"),
        Binding("m", "mark_triaged", "Triaged", id="queue.triaged",
                tooltip="Mark triaged: it leaves the queue (u undoes)"),
        Binding("s", "skip", "Skip", id="queue.skip",
                tooltip="Leave it for later: it moves to the end of the queue"),
        Binding("enter", "open_detail", "Details", id="queue.detail",
                tooltip="Open the response in full, with its history"),
        *[
            Binding(str(n), f"quick_tag({n})", f"Tag {n}", id=f"queue.quick_tag_{n}", show=False,
                    tooltip=f"Add the tag numbered {n} in the line of tags (most used first)")
            for n in range(1, QUICK_TAGS + 1)
        ],
    ]  # fmt: skip

    state: reactive[str] = reactive("loading")
    """loading, entry or empty."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ResponseRow] = []
        """The queue as loaded (skipped entries moved to the end)."""
        self.index = 0
        """Position of the entry shown."""
        self.total = 0
        """How many entries the queue has in all (it may hold more than are loaded)."""
        self._skipped: set[int] = set()
        self.top_tags: list[str] = []
        """The tags the number keys add, most used first."""
        self._known = QueueData([], 0, [], [], [])
        self._entry_context: QueueContext | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        yield Static(Content(""), id="queue-status")
        yield QuickTags(id="queue-quick")
        with VerticalScroll(id="queue-body"):
            yield Static(Content(""), id="queue-meta")
            yield Static(Content(""), id="queue-comment")
            yield Static(Content(""), id="queue-earlier")
        yield Static(Content(""), id="queue-empty")
        yield Footer(show_command_palette=False, compact=True)

    def watch_state(self, state: str) -> None:
        for name in ("loading", "entry", "empty"):
            self.set_class(state == name, f"-{name}")

    @property
    def entry(self) -> ResponseRow | None:
        """The entry shown."""
        return self.rows[self.index] if 0 <= self.index < len(self.rows) else None

    # Loading.

    def start_loads(self) -> None:
        self.started("queue")
        self._load_queue(self.generation, self.context.filter)

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False)
    def _load_queue(self, generation: int, flt: Filter) -> None:
        data = load_queue(self.opener("queue"), flt)
        if not self.cancelled():
            self.post_message(QueueLoaded(generation, data))

    @work(thread=True, exclusive=True, group="context", exit_on_error=False)
    def _load_context(self, generation: int, row: ResponseRow) -> None:
        context = load_context(self.opener("context"), row.id, row.respondent)
        if not self.cancelled():
            self.post_message(ContextLoaded(generation, row.id, context))

    @on(QueueLoaded)
    def _queue(self, message: QueueLoaded) -> None:
        if not self.current(message.generation):
            return
        self.finished("queue")
        shown = self.entry
        restored = self.context.take_restored()
        rows = message.data.rows
        # Skipped entries stay at the end while the app runs.
        rows = [r for r in rows if r.id not in self._skipped] + [
            r for r in rows if r.id in self._skipped
        ]
        ids = [r.id for r in rows]
        self.rows, self.total = rows, message.data.total
        # Numbers stay with their tag while the app runs: keys learnt keep working.
        fresh = message.data.top_tags
        kept = [name for name in self.top_tags if name in fresh]
        self.top_tags = (kept + [name for name in fresh if name not in kept])[:QUICK_TAGS]
        self._known = message.data
        self._show_quick()
        back = [i for i in restored if i in ids]
        if back:  # an undo brought an entry back: show it
            self.index = ids.index(back[0])
        elif shown is not None and shown.id in ids:
            self.index = ids.index(shown.id)
        else:  # the entry shown left the queue: the next one takes its place
            self.index = min(self.index, max(len(rows) - 1, 0))
        self._show()

    @on(ContextLoaded)
    def _context_loaded(self, message: ContextLoaded) -> None:
        self.finished("context")
        row = self.entry
        if row is None or row.id != message.response_id:
            return
        self._entry_context = message.context
        self._show_context(message.context)

    # Showing.

    def _show(self) -> None:
        row = self.entry
        self._entry_context = None
        self.refresh_bindings()  # the entry keys depend on there being an entry
        if row is None:
            self.state = "empty"
            self._show_status()
            self.query_one("#queue-empty", Static).update(
                Content.assemble(
                    ("The queue is empty", "bold"),
                    " within this filter: every low score with a comment is triaged.\n",
                    (RULE, "$text-muted"),
                    "\n\np widens the period, x clears the filter, l lists the follow-ups, "
                    "u undoes the last action.",
                )
            )
            return
        self.state = "entry"
        self._show_status()
        self.query_one("#queue-meta", Static).update(self._meta(row))
        comment = safe(row.comment, limit=None, newlines=True)
        more = row.comment_length > len(row.comment or "")
        self.query_one("#queue-comment", Static).update(Content(comment + (" …" if more else "")))
        self.query_one("#queue-earlier", Static).update(
            Content.styled("Other responses: loading…", "$text-muted")
        )
        self.query_one("#queue-body", VerticalScroll).scroll_home(animate=False)
        self.started("context")
        self._load_context(self.generation, row)

    def _show_status(self) -> None:
        left = self.total
        where = f"{self.index + 1} of {len(self.rows)}" if self.rows else "none"
        skipped = f" · {len(self._skipped)} skipped" if self._skipped else ""
        self.query_one("#queue-status", Static).update(
            Content.assemble(
                (f"{left:,} left", "bold"),
                f" · at {where}{skipped} · ",
                (SHORT_RULE, "$text-muted"),
            )
        )

    def _show_quick(self) -> None:
        self.query_one("#queue-quick", QuickTags).show_tags(
            [
                Content.assemble((f"{n}", "bold $text-accent"), " ", safe(name, limit=20))
                for n, name in enumerate(self.top_tags, 1)
            ]
        )

    def _meta(self, row: ResponseRow) -> Content:
        when = (row.submitted_at or "no date")[:16].replace("T", " ")
        parts: list[Content | tuple[str, str] | str] = [
            (f"#{row.id}  ", "bold"),
            (scores_line(row), "bold $error"),
            f"  {when}\n",
            ("touchpoint ", "$text-muted"),
            safe(row.touchpoint or "–", limit=40),
            ("  segment ", "$text-muted"),
            safe(row.segment or "–", limit=30),
            ("  channel ", "$text-muted"),
            safe(row.channel or "–", limit=20),
            ("\nrespondent ", "$text-muted"),
            safe(row.respondent or "anonymous", limit=80),
            ("\ntags ", "$text-muted"),
            safe(", ".join(row.tags), limit=200) if row.tags else "none",
            ("  follow-up ", "$text-muted"),
            followup_word(row.followup) if row.followup else "none",
        ]
        return Content.assemble(*parts)

    def _show_context(self, context: QueueContext) -> None:
        comment = context.detail.comment or ""
        self.query_one("#queue-comment", Static).update(
            Content(safe(comment, limit=20_000, newlines=True))
        )
        earlier = context.earlier
        if not earlier:
            who = "anonymous" if not self.entry or not self.entry.respondent else "them"
            lines = [Content.styled(f"No other responses from {who}.", "$text-muted")]
        else:
            low = sum(1 for r in earlier[:3] if r.csat is not None and r.csat <= 2)
            note = f" · their latest {low} low too" if low == min(3, len(earlier)) and low else ""
            title = f"Other responses from this respondent, newest first{note}"
            lines = [Content.styled(title, "bold")]
            for r in earlier:
                lines.append(
                    Content.assemble(
                        ((r.submitted_at or "no date")[:10], "$text-muted"),
                        f"  {scores_line(r):<24}  ",
                        first_line(r.comment, limit=70) or "(no comment)",
                    )
                )
        self.query_one("#queue-earlier", Static).update(Content("\n").join(lines))

    # Keys.

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Entry keys are greyed out while the queue is empty."""
        if action in (
            "tag",
            "followup",
            "mark_triaged",
            "skip",
            "open_detail",
            "step",
            "quick_tag",
        ):
            return True if self.entry is not None else None  # None: shown greyed out
        return True

    def action_step(self, by: int) -> None:
        """Show the next (1) or previous (-1) entry."""
        if not self.rows:
            return
        index = self.index + by
        if not 0 <= index < len(self.rows):
            self.notify("That was the last one." if by > 0 else "This is the first one.", timeout=2)
            return
        self.index = index
        self._show()

    def action_skip(self) -> None:
        """Move the entry to the end of the queue and show the next."""
        row = self.entry
        if row is None:
            return
        self._skipped.add(row.id)
        self.rows.append(self.rows.pop(self.index))
        if self.index >= len(self.rows) - 1 and len(self.rows) > 1:
            self.index = 0
        self._show()

    def action_tag(self) -> None:
        """Tag the entry shown."""
        if self.entry is not None:
            ask_tags(self, [self.entry.id], self._known.tag_names)

    def action_quick_tag(self, n: int) -> None:
        """Tag the entry with the n-th most used tag."""
        if self.entry is not None and 0 < n <= len(self.top_tags):
            self.post_message(TriageAsked(tag_action([self.entry.id], [self.top_tags[n - 1]])))

    def action_followup(self) -> None:
        """Set the follow-up of the entry shown."""
        if self.entry is not None:
            ask_followup(self, [self.entry.id], self.entry.followup, self._known.owners)

    def action_mark_triaged(self) -> None:
        """Mark the entry triaged; the next one shows at once."""
        row = self.entry
        if row is None:
            return
        mark_triaged(self, [row.id])
        # Shown at once; the reload after the write confirms it.
        self.rows.pop(self.index)
        self.total = max(self.total - 1, 0)
        self.index = min(self.index, max(len(self.rows) - 1, 0))
        self._show()
        self.refresh_bindings()

    def action_open_detail(self) -> None:
        """Open the entry in full."""
        if self.entry is not None:
            self.post_message(ResponseOpened(self.entry.id))

"""Why did the score move: the change taken apart per group (rate and mix), and a group's answers.

`y` on the dashboard opens `ExplainScreen` when the metric's change is marked significant;
Enter on a group opens `GroupScreen`: its responses in the current period, lowest first,
with the terms that rose among its comments since the previous period.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static, Tab, Tabs

from csat_tui.filters import Filter
from csat_tui.services.explain import (
    DIMENSION_NAMES,
    METRIC_LABELS,
    ExplainMetric,
    Explanation,
    GroupChange,
    GroupResponses,
    explain,
    group_responses,
)
from csat_tui.services.opening import Opener
from csat_tui.tui.context import ResponseOpened
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.text import first_line, literal, safe
from csat_tui.tui.widgets.filter_line import FilterLine
from csat_tui.tui.widgets.score_card import ScoreCard

NONE_LABEL = "(none)"
BAR_MIN = 9
"""The contribution bar's narrowest width (each side of the axis gets half)."""


def load_explanation(
    opener: Opener, flt: Filter, metric: ExplainMetric, by: str | None
) -> Explanation:
    """The change of `metric` taken apart by `by` (or the dimension that explains it best)."""
    with opener() as store:
        return explain(store, flt, metric, by)


def load_group(opener: Opener, explanation: Explanation, key: str | None) -> GroupResponses:
    """One group's responses in the current period and its rising terms."""
    with opener() as store:
        return group_responses(store, explanation, key)


@dataclass
class ExplanationLoaded(Loaded):
    """The explanation of the current filter's change."""

    explanation: Explanation


@dataclass
class GroupLoaded(Loaded):
    """A group's responses and rising terms."""

    found: GroupResponses


def explain_from_dashboard(screen: DataScreen, metric: str) -> None:
    """Open the explanation of `metric`'s change when its card marks the change as real."""
    if metric not in ("csat", "nps"):
        screen.notify("Explain takes CSAT or NPS apart: press m to show one of them.")
        return
    cards = list(screen.query(f"#card-{metric}").results(ScoreCard))
    value = cards[0].value if cards else None
    if value is None or value.delta is None:
        screen.notify("There is no previous period to compare with.")
        return
    if not value.significant:
        label = METRIC_LABELS["csat" if metric == "csat" else "nps"]
        screen.notify(f"The {label} change is within the noise: nothing to explain.")
        return
    screen.app.push_screen(ExplainScreen("csat" if metric == "csat" else "nps"))


def _num(value: float | None, digits: int = 1, sign: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def contribution_bar(g: GroupChange, unit: float, half: int) -> Text:
    """Rate (█) and mix (▒) drawn from a centre axis: left pulls the score down, right up."""
    left = [" "] * half
    right = [" "] * half
    for value, glyph in ((g.rate_effect, "█"), (g.mix_effect, "▒")):
        cells = min(half, round(abs(value) / unit)) if unit > 0 else 0
        side = right if value > 0 else left
        start = next((i for i, c in enumerate(side) if c == " "), half)
        for i in range(start, min(half, start + cells)):
            side[i] = glyph
    style = "red" if g.contribution < 0 else "green"
    return Text.assemble(("".join(reversed(left)), style), ("│", "dim"), ("".join(right), style))


class GroupsTable(DataTable[Text]):
    """One row per group, ranked by the size of its contribution."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.explanation: Explanation | None = None

    def show(self, explanation: Explanation) -> None:
        """Fill the table (columns chosen from the room there is)."""
        self.explanation = explanation
        self.clear(columns=True)
        wide = self.size.width >= 110
        fixed = [("group", 14), ("score", 11), ("own", 7), ("rate", 6), ("mix", 6), ("sum", 7)]
        if wide:
            fixed[1:1] = [("n", 11), ("share", 9)]
        room = max(self.size.width, 60) - sum(w + 2 for _, w in fixed) - 6
        half = max(BAR_MIN, room) // 2
        labels = {"group": explanation.by, "score": METRIC_LABELS[explanation.metric],
                  "own": "own Δ", "sum": "contrib", "n": "n", "share": "share"}  # fmt: skip
        for key, width in fixed[:-3]:
            self.add_column(Text(labels.get(key, key)), key=key, width=width)
        down, up = ("◀ down", "up ▶") if half >= 7 else ("−", "+")
        axis = Text(f"{down:<{half}}│{up:>{half}}", style="dim")
        self.add_column(axis, key="bar", width=2 * half + 1)
        for key, width in fixed[-3:]:
            self.add_column(Text(labels.get(key, key), justify="right"), key=key, width=width)
        top = max((max(abs(g.rate_effect), abs(g.mix_effect), abs(g.contribution))
                   for g in explanation.groups), default=0.0)  # fmt: skip
        unit = top / half if top else 1.0
        for g in explanation.groups:
            self.add_row(*self._cells(g, unit, half, wide))

    @staticmethod
    def _cells(g: GroupChange, unit: float, half: int, wide: bool) -> list[Text]:
        style = "dim" if g.small_sample else ""
        own = _num(None if g.change is None else g.change.delta, sign=True)
        own += "*" if g.significant else (" <30" if g.small_sample else "")
        cells = [
            literal(g.key, limit=40) if g.key is not None else Text(NONE_LABEL, style="italic"),
            Text(f"{_num(g.previous.value)}→{_num(g.current.value)}", style=style),
            Text(own, style="bold" if g.significant else style, justify="right"),
            contribution_bar(g, unit, half),
            Text(_num(g.rate_effect, 1, True), justify="right"),
            Text(_num(g.mix_effect, 1, True), justify="right"),
            Text(_num(g.contribution, 1, True), justify="right", style="bold"),
        ]
        if wide:
            cells[1:1] = [
                Text(f"{g.previous.n:,}→{g.current.n:,}", style=style),
                Text(f"{g.previous.share * 100:.0f}→{g.current.share * 100:.0f}%", style=style),
            ]
        return cells

    @property
    def current(self) -> GroupChange | None:
        """The group under the cursor."""
        e = self.explanation
        if e is None or not 0 <= self.cursor_row < len(e.groups):
            return None
        return e.groups[self.cursor_row]


def summary(e: Explanation) -> Content:
    """The change, the two periods and why this dimension, in a few lines."""
    label = METRIC_LABELS[e.metric]
    test = e.overall_change
    verdict = "" if test is None else ("significant" if test.significant else "within the noise")
    lines = [
        Content.assemble(
            (f"{label} {_num(e.previous.value)} → {_num(e.current.value)}", "bold"),
            (
                f"  {_num(e.change, 1, True)} points",
                "bold $error" if (e.change or 0) < 0 else "bold $success",
            ),
            f"  {verdict}",
        ),
        Content.styled(
            f"{e.current.since}..{e.current.until} ({e.current.n:,} answers) against "
            f"{e.previous.since}..{e.previous.until} ({e.previous.n:,})",
            "$text-muted",
        ),
    ]
    share = e.top_share
    if e.chosen is not None and share is not None:
        lines.append(Content(f"Chose {e.by}: its top group explains {share * 100:.0f}% of the "
                             "change, the most of any field."))  # fmt: skip
    lines.append(
        Content.styled(
            "█ rate: its own score moved · ▒ mix: its share of answers moved · * significant",
            "$text-muted",
        )
    )
    return Content("\n").join(lines)


class ExplainScreen(DataScreen):
    """The change of a score taken apart by touchpoint, segment, channel or source."""

    SUB_TITLE = "Explain"
    DEFAULT_CSS = """
    ExplainScreen #explain-summary { height: auto; padding: 0 1; }
    ExplainScreen #explain-dims { height: 2; }
    ExplainScreen #explain-groups { height: 1fr; }
    ExplainScreen #explain-groups.-loading { opacity: 60%; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="explain.back",
                tooltip="Back to the dashboard"),
        Binding("enter", "open_group", "Answers", id="explain.open",
                tooltip="The group's responses in this period, lowest first, and its rising terms"),
        Binding("g", "next_dimension", "Field", id="explain.field",
                tooltip="Take the change apart by the next field"),
        Binding("m", "other_metric", "CSAT/NPS", id="explain.metric",
                tooltip="Explain the change of the other score (CSAT or NPS)"),
    ]  # fmt: skip

    LOADING_PARTS = {"explain": "#explain-groups"}

    def __init__(self, metric: ExplainMetric = "csat", by: str | None = None) -> None:
        super().__init__()
        self.metric: ExplainMetric = metric
        """The score whose change is taken apart."""
        self.by: str | None = by
        """The field asked for; None lets the data choose."""
        self.explanation: Explanation | None = None
        """The latest explanation shown."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        yield Static(Content("Taking the change apart…"), id="explain-summary")
        yield Tabs(*(Tab(name, id=f"dim-{name}") for name in DIMENSION_NAMES), id="explain-dims")
        yield GroupsTable(id="explain-groups")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one(GroupsTable).focus()

    def start_loads(self) -> None:
        self.started("explain")
        self._load(self.generation, self.context.filter, self.metric, self.by)

    @work(thread=True, exclusive=True, group="explain", exit_on_error=False)
    def _load(self, generation: int, flt: Filter, metric: ExplainMetric, by: str | None) -> None:
        explanation = load_explanation(self.opener("explain"), flt, metric, by)
        if not self.cancelled():
            self.post_message(ExplanationLoaded(generation, explanation))

    @on(ExplanationLoaded)
    def _loaded(self, message: ExplanationLoaded) -> None:
        if not self.current(message.generation):
            return
        e = message.explanation
        self.explanation = e
        self.by = e.by
        tabs = self.query_one(Tabs)
        with tabs.prevent(Tabs.TabActivated):
            tabs.active = f"dim-{e.by}"
        if e.chosen is not None:
            # Fields the data has fewer than two values of (no agents at all) explain nothing.
            for name, share in e.chosen.items():
                if share is None and name != e.by:
                    tabs.hide(f"dim-{name}")
        self.query_one("#explain-summary", Static).update(summary(e))
        self.query_one(GroupsTable).show(e)
        self.finished("explain")

    @on(Tabs.TabActivated, "#explain-dims")
    def _picked(self, event: Tabs.TabActivated) -> None:
        name = (event.tab.id or "").removeprefix("dim-")
        if name in DIMENSION_NAMES and name != self.by and self.explanation is not None:
            self.by = name
            self.reload()

    @on(DataTable.RowSelected, "#explain-groups")
    def _selected(self) -> None:
        self.action_open_group()

    def action_next_dimension(self) -> None:
        """Take the change apart by the next field."""
        shown = [n for n in DIMENSION_NAMES if self.query_one(f"#dim-{n}", Tab).display]
        at = shown.index(self.by) if self.by in shown else -1
        self.query_one(Tabs).active = f"dim-{shown[(at + 1) % len(shown)]}"

    def action_other_metric(self) -> None:
        """Explain the other score's change."""
        self.metric = "nps" if self.metric == "csat" else "csat"
        self.reload()

    def action_open_group(self) -> None:
        """Open the group under the cursor: its answers, lowest first, and its rising terms."""
        group = self.query_one(GroupsTable).current
        if group is not None and self.explanation is not None:
            self.app.push_screen(GroupScreen(self.explanation, group))


def terms_line(found: GroupResponses) -> Content:
    """The terms whose share of the group's comments rose, with both shares."""
    head = Content.styled("Rising in its comments: ", "bold")
    if not found.terms:
        return Content.assemble(
            head,
            (f"no term stands out ({found.current_comments:,} comments now, "
             f"{found.previous_comments:,} before)", "$text-muted"),
        )  # fmt: skip
    parts = [
        Content.assemble(
            (safe(t.term, limit=30), "bold"),
            f" {t.previous_share * 100:.0f}→{t.current_share * 100:.0f}%",
        )
        for t in found.terms
    ]
    return Content.assemble(head, Content(" · ").join(parts))


class GroupScreen(DataScreen):
    """One group in the current period: its responses lowest first, and its rising terms."""

    SUB_TITLE = "Explain: one group"
    DEFAULT_CSS = """
    GroupScreen #group-title, GroupScreen #group-terms { height: auto; padding: 0 1; }
    GroupScreen #group-rows { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="explain_group.back",
                tooltip="Back to the explanation"),
        Binding("enter", "open_response", "Open", id="explain_group.open",
                tooltip="The response in full"),
    ]  # fmt: skip

    LOADING_PARTS = {"group": "#group-rows"}

    def __init__(self, explanation: Explanation, group: GroupChange) -> None:
        super().__init__()
        self.explanation = explanation
        self.group = group
        self.found: GroupResponses | None = None

    def compose(self) -> ComposeResult:
        e, g = self.explanation, self.group
        name = NONE_LABEL if g.key is None else safe(g.key, limit=60)
        own = "" if g.change is None else f" ({g.change.delta:+.1f}"
        own += "" if g.change is None else (", significant)" if g.significant else ")")
        yield Header()
        yield Static(
            Content.assemble(
                (f"{e.by}: ", "$text-muted"),
                (name, "bold"),
                f"  {METRIC_LABELS[e.metric]} {_num(g.previous.value)} → "
                f"{_num(g.current.value)}{own}",
                (
                    f"\n{g.current.n:,} answers {e.current.since} to {e.current.until}, lowest "
                    f"first · {g.previous.n:,} in {e.previous.since} to {e.previous.until}",
                    "$text-muted",
                ),
            ),
            id="group-title",
        )
        yield Static(Content("Counting the words of its comments…"), id="group-terms")
        table: DataTable[Text] = DataTable(id="group-rows", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.query_one("#group-rows", DataTable).focus()

    def start_loads(self) -> None:
        self.started("group")
        self._load(self.generation, self.explanation, self.group.key)

    @work(thread=True, exclusive=True, group="group", exit_on_error=False)
    def _load(self, generation: int, explanation: Explanation, key: str | None) -> None:
        found = load_group(self.opener("group"), explanation, key)
        if not self.cancelled():
            self.post_message(GroupLoaded(generation, found))

    @on(GroupLoaded)
    def _loaded(self, message: GroupLoaded) -> None:
        if not self.current(message.generation):
            return
        found = self.found = message.found
        self.query_one("#group-terms", Static).update(terms_line(found))
        table = self.query_one("#group-rows", DataTable)
        table.clear(columns=True)
        metric = self.explanation.metric
        # The comment takes the room the others leave (a fixed width: measuring is racy).
        table.add_column("Submitted", key="submitted", width=16)
        table.add_column(METRIC_LABELS[metric].split()[0], key="score", width=4)
        table.add_column("Comment", key="comment", width=max(20, table.size.width - 30))
        for row in found.rows:
            score = row.csat if metric == "csat" else row.nps
            table.add_row(
                Text((row.submitted_at or "no date")[:16].replace("T", " ")),
                Text("" if score is None else str(score), justify="right"),
                Text(first_line(row.comment, limit=200), no_wrap=True, overflow="ellipsis"),
            )
        self.finished("group")

    @on(DataTable.RowSelected, "#group-rows")
    def _selected(self) -> None:
        self.action_open_response()

    def action_open_response(self) -> None:
        """Show the response under the cursor in full."""
        table = self.query_one("#group-rows", DataTable)
        if self.found is not None and 0 <= table.cursor_row < len(self.found.rows):
            self.post_message(ResponseOpened(self.found.rows[table.cursor_row].id))

"""Themes: the words unhappy customers use that the others don't; Enter searches for one."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import DataTable, Footer, Header, Static

from csat_tui.filters import Filter
from csat_tui.services.opening import Opener
from csat_tui.services.themes import Theme, ThemeReport, themes
from csat_tui.tui.context import FilterAsked
from csat_tui.tui.messages import Loaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.text import literal, safe
from csat_tui.tui.widgets.filter_line import FilterLine, describe

TOP = 30
"""Terms listed."""
BAR = "█"


def load_themes(opener: Opener, flt: Filter, top: int = TOP) -> ThemeReport:
    """The terms that set the filter's low-score comments apart (in a worker)."""
    with opener() as store:
        return themes(store, flt, top=top)


@dataclass
class ThemesLoaded(Loaded):
    """The themes of the current filter."""

    report: ThemeReport


def _share(count: int, total: int) -> Text:
    pct = f"{100 * count / total:.0f}%" if total else "–"
    return Text(f"{count:,} ({pct})", justify="right")


def theme_cells(theme: Theme, report: ThemeReport, bar_unit: float) -> list[Text]:
    """A theme as table cells: the term (shown literally), the counts, the lean as a bar."""
    bar = BAR * max(1, round(theme.z / bar_unit)) if theme.z > 0 else ""
    return [
        literal(theme.term, limit=30),
        _share(theme.low, report.low_comments),
        _share(theme.other, report.other_comments),
        Text(f"{theme.z:+.1f}", justify="right"),
        Text(bar, style="red" if theme.z >= 2 else "dim"),
    ]


class ThemesTable(DataTable[Text]):
    """One row per term; Enter opens the responses that hold it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.report: ThemeReport | None = None

    def on_mount(self) -> None:
        for key, label, width in (
            ("term", "Term", 18),
            ("low", "Low-score", 11),
            ("other", "Other", 11),
            ("z", "Lean z", 6),
            ("bar", "", 20),
        ):
            label_text = Text(label, justify="right" if key in ("low", "other", "z") else "left")
            self.add_column(label_text, key=key, width=width)

    def show(self, report: ThemeReport) -> None:
        """Fill the table."""
        self.report = report
        self.clear()
        top_z = max((t.z for t in report.themes), default=0.0)
        unit = max(top_z / 20, 0.1)
        self.add_rows(theme_cells(t, report, unit) for t in report.themes)

    @property
    def current(self) -> Theme | None:
        """The theme under the cursor."""
        if self.report is None or not 0 <= self.cursor_row < len(self.report.themes):
            return None
        return self.report.themes[self.cursor_row]


class ThemesScreen(DataScreen):
    """The top terms of low-score comments against the others, for the current filter."""

    SUB_TITLE = "Themes"

    BINDINGS = [
        Binding("enter", "open_theme", "Responses", id="themes.open",
                tooltip="Show the responses whose comments hold this term"),
        Binding("ctrl+r", "reload", "Reload", id="themes.reload", show=False,
                tooltip="Count the terms again"),
    ]  # fmt: skip

    LOADING_PARTS = {"themes": "#themes"}

    state: reactive[str] = reactive("loading")
    """loading, themes or none (no term clears the threshold)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        yield Static(Content("Counting the words of the comments…"), id="themes-status")
        yield ThemesTable(id="themes")
        yield Static(Content(""), id="themes-empty")
        yield Footer(show_command_palette=False, compact=True)

    def watch_state(self, state: str) -> None:
        for name in ("loading", "themes", "none"):
            self.set_class(state == name, f"-{name}")

    def start_loads(self) -> None:
        self.started("themes")
        self._load(self.generation, self.context.filter)

    @work(thread=True, exclusive=True, group="themes", exit_on_error=False)
    def _load(self, generation: int, flt: Filter) -> None:
        report = load_themes(self.opener("themes"), flt)
        if not self.cancelled():
            self.post_message(ThemesLoaded(generation, report))

    @on(ThemesLoaded)
    def _loaded(self, message: ThemesLoaded) -> None:
        if not self.current(message.generation):
            return
        report = message.report
        self.query_one(ThemesTable).show(report)
        self.query_one("#themes-status", Static).update(
            Content.assemble(
                (f"{report.low_comments:,} low-score", "bold"),
                f" vs {report.other_comments:,} other comments · ",
                ("terms in fewer than ", "$text-muted"),
                (f"{report.min_comments:,} comments left out", "$text-muted"),
                ("  enter: its responses", "$text-muted"),
            )
        )
        self.state = "themes" if report.themes else "none"
        if not report.themes:
            app = self.context
            self.query_one("#themes-empty", Static).update(
                Content.assemble(
                    ("No term stands out: ", "bold"),
                    safe(describe(app.filter, app.preset), limit=300),
                    f" has {report.low_comments:,} low-score and {report.other_comments:,} other"
                    f" comments, and a term must be in at least {report.min_comments:,}.\n"
                    "Widen the filter: p for a longer period, x to clear it.",
                )
            )
        self.finished("themes")

    @on(DataTable.RowSelected, "#themes")
    def _selected(self) -> None:
        self.action_open_theme()

    def action_open_theme(self) -> None:
        """Show the responses whose comments hold the term under the cursor."""
        theme = self.query_one(ThemesTable).current
        if theme is not None:
            flt = replace(self.context.filter, text=theme.term)
            self.post_message(FilterAsked(flt, then_show="responses"))

    def action_reload(self) -> None:
        """Count the terms again."""
        self.reload()

"""The dashboard: did CSAT move, is the change real, and where is it worst."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static

from csat_tui.filters import Filter
from csat_tui.scoring import METRICS, Metric
from csat_tui.services import dashboard as data
from csat_tui.services.quality import CheckReport, load_check
from csat_tui.tui.cards import card_values
from csat_tui.tui.context import FacetsLoaded, GroupOpened
from csat_tui.tui.messages import BreakdownLoaded, DistributionLoaded, ScoresLoaded, TrendLoaded
from csat_tui.tui.screens.base import DataScreen
from csat_tui.tui.screens.data_check import CheckLoaded, DataCheckLine, DataCheckScreen
from csat_tui.tui.screens.explain import explain_from_dashboard
from csat_tui.tui.text import safe
from csat_tui.tui.widgets.breakdown import (
    BreakdownTable,
    Dimension,
    dimension_name,
    first_with_values,
    next_dimension,
)
from csat_tui.tui.widgets.charts import METRIC_NAMES, DistributionBars, TrendChart
from csat_tui.tui.widgets.filter_line import FilterLine, describe
from csat_tui.tui.widgets.score_card import ScoreCard

CARD_KEYS = ("csat", "csat_mean", "nps", "ces", "responses")

WELCOME = (
    "Welcome to csat-tui. This store has no responses yet.\n\n"
    "  • Press i to import a survey export (CSV, TSV, JSON, XLSX).\n"
    "  • Press D for the demo: made-up surveys and a guided tour.\n"
    "  • From a shell: csat-tui import export.csv   or   csat-tui demo"
)


class DashboardScreen(DataScreen):
    """Score cards, the trend, the distribution and the breakdown for the current filter."""

    SUB_TITLE = "Dashboard"

    BINDINGS = [
        Binding("m", "next_metric", "Metric", id="dashboard.metric",
                tooltip="Show CSAT, NPS or CES in the trend, distribution and breakdown"),
        Binding("g", "next_group", "Group by", id="dashboard.group", show=False,
                tooltip="Break down by touchpoint, segment, channel, source, agent, team or a "
                        "kept column"),
        Binding("s", "next_sort", "Sort", id="dashboard.sort", show=False,
                tooltip="Sort the breakdown by impact, n, score or name"),
        Binding("ctrl+r", "reload", "Reload", id="dashboard.reload", show=False,
                tooltip="Recompute everything on the dashboard"),
        Binding("k", "data_check", "Data check", id="dashboard.data_check", show=False,
                tooltip="List what to look at before trusting the scores (as csat-tui check)"),
        Binding("y", "explain", "Why?", id="dashboard.explain", show=False,
                tooltip="Why the score moved: its change taken apart by touchpoint, segment…"),
    ]  # fmt: skip

    LOADING_PARTS = {
        "scores": "ScoreCard, #trend",
        "breakdown": "#breakdown",
        "distribution": "#distribution",
    }

    metric: reactive[Metric] = reactive("csat")
    """The metric the trend, distribution and breakdown show."""
    by: reactive[Dimension] = reactive("touchpoint")
    """What the breakdown groups by."""
    state: reactive[str] = reactive("loading")
    """loading, empty (no responses at all), no-match (the filter matches none) or scores."""

    _by_chosen = False
    """The user chose what the breakdown groups by (g): it no longer follows the data."""

    check_report: CheckReport | None = None
    """The latest data check of the filter (None until it has loaded)."""

    _check_due = False
    """The data check waits for the cards, trend, breakdown and distribution of this load."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterLine(id="filter-line")
        with VerticalScroll(id="dashboard-body"):
            with Horizontal(id="cards"):
                for key in CARD_KEYS:
                    yield ScoreCard(id=f"card-{key}")
            yield DataCheckLine(id="data-check")
            yield Static(Content(WELCOME), id="welcome")
            yield Static(Content(""), id="no-match")
            with Horizontal(id="charts"):
                yield TrendChart(id="trend")
                with Vertical(id="distribution-box"):
                    yield DistributionBars(id="distribution")
            yield Static(Content(""), id="breakdown-title")
            yield BreakdownTable(id="breakdown")
        yield Footer(show_command_palette=False, compact=True)

    def on_resize(self) -> None:
        self.set_class(self.size.width < 120, "-narrow")
        self.set_class(self.size.height < 36, "-short")
        self.set_class(self.size.height < 30, "-low")
        self.set_class(self.size.height >= 44, "-tall")

    def watch_state(self, state: str) -> None:
        for name in ("loading", "empty", "no-match", "scores"):
            self.set_class(state == name, f"-{name}")

    def start_loads(self) -> None:
        flt = self.context.filter
        self.started("scores")
        self.stop("breakdown")
        self.stop("distribution")
        self.stop("check")
        self._check_due = False
        # The cards first: on filters that scan, the other loads would share the CPU with
        # them. The breakdown and the distribution start when the cards have their numbers.
        self._load_scores(self.generation, flt, self.metric)

    def _load_the_rest(self) -> None:
        flt = self.context.filter
        self.started("breakdown")
        self.started("distribution")
        self._load_breakdown(self.generation, flt, self.by, self.metric)
        self._load_distribution(self.generation, flt, self.metric)
        # The data check last: at a million responses it reads for seconds, and the parts
        # on screen should not share the CPU with it (nor with one for an older filter).
        self._check_due = True

    def finished(self, part: str) -> None:
        super().finished(part)
        if self._check_due and not self._pending:
            self._check_due = False
            self._load_check(self.generation, self.context.filter)

    # Workers: each opens its own connection; exclusive drops the previous run's result.

    @work(thread=True, exclusive=True, group="scores", exit_on_error=False)
    def _load_scores(self, generation: int, flt: Filter, metric: Metric) -> None:
        opener = self.opener("scores")
        report = data.load_scores(opener, flt)
        facets = data.load_facets(opener)
        if not self.cancelled():
            self.post_message(ScoresLoaded(generation, report, facets))
        o = report.overall
        trend = data.load_trend(opener, flt, o.first_submitted_at, o.last_submitted_at)
        if not self.cancelled():
            self.post_message(TrendLoaded(generation, trend, metric))

    @work(thread=True, exclusive=True, group="breakdown", exit_on_error=False)
    def _load_breakdown(self, generation: int, flt: Filter, by: Dimension, metric: Metric) -> None:
        rows = data.load_breakdown(self.opener("breakdown"), flt, by, metric)
        if not self.cancelled():
            self.post_message(BreakdownLoaded(generation, rows, by, metric))

    @work(thread=True, exclusive=True, group="distribution", exit_on_error=False)
    def _load_distribution(self, generation: int, flt: Filter, metric: Metric) -> None:
        rows = data.load_distribution(self.opener("distribution"), flt, metric)
        if not self.cancelled():
            self.post_message(DistributionLoaded(generation, rows, metric))

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _load_check(self, generation: int, flt: Filter) -> None:
        report = load_check(self.opener("check"), flt)
        if not self.cancelled():
            self.post_message(CheckLoaded(generation, report))

    # Results.

    @on(ScoresLoaded)
    def _scores(self, message: ScoresLoaded) -> None:
        if not self.current(message.generation):
            return
        self.post_message(FacetsLoaded(message.facets))
        report = message.report
        nothing = report.overall.responses == 0 and message.facets.responses > 0
        if nothing and self.context.widen_first_period(message.facets.last_day):
            return  # reloading on all time
        if not self._by_chosen:
            # Open the breakdown on a dimension the data has (not a table of "(none)").
            self.by = first_with_values(message.facets, "touchpoint")
        self._load_the_rest()
        values = {v.key: v for v in card_values(report)}
        for key in CARD_KEYS:
            card = self.query_one(f"#card-{key}", ScoreCard)
            card.value = values.get(key)
            card.display = key in values and (key == "responses" or values[key].n > 0)
        if message.facets.responses == 0:
            self.state = "empty"
        elif report.overall.responses == 0:
            self.state = "no-match"
            self._say_no_match(message.facets.last_day)
        else:
            self.state = "scores"

    def _say_no_match(self, last_day: str | None) -> None:
        app = self.context
        latest = f" The latest response is from {last_day}." if last_day else ""
        self.query_one("#no-match", Static).update(
            Content.assemble(
                ("No responses match: ", "bold"),
                safe(describe(app.filter, app.preset), limit=300),
                f".{latest}\nWiden it: p for a longer period (or All time), "
                "x to clear the whole filter, f to change one part.",
            )
        )

    @on(TrendLoaded)
    def _trend(self, message: TrendLoaded) -> None:
        if self.current(message.generation):
            self.query_one(TrendChart).show(message.trend, message.metric)
            self.finished("scores")

    @on(BreakdownLoaded)
    def _breakdown(self, message: BreakdownLoaded) -> None:
        if not self.current(message.generation):
            return
        self.query_one(BreakdownTable).show(message.rows, message.by, message.metric)
        # A kept column's name is data: sanitised, and a tuple's text is never markup.
        by = safe(dimension_name(message.by), limit=60)
        self.query_one("#breakdown-title", Static).update(
            Content.assemble(
                (f"{METRIC_NAMES[message.metric]} by {by}", "bold"),
                ("   g group by · s sort · enter responses", "$text-muted"),
            )
        )
        self.finished("breakdown")

    @on(DistributionLoaded)
    def _distribution(self, message: DistributionLoaded) -> None:
        if self.current(message.generation):
            self.query_one(DistributionBars).show(message.rows, message.metric)
            self.finished("distribution")

    @on(CheckLoaded)
    def _checked(self, message: CheckLoaded) -> None:
        if self.current(message.generation):
            self.check_report = message.report
            self.query_one(DataCheckLine).show(message.report)

    @on(DataCheckLine.Opened)
    def _open_check(self) -> None:
        self.action_data_check()

    @on(ScoreCard.Chosen)
    def _card_chosen(self, message: ScoreCard.Chosen) -> None:
        metric = {"csat_mean": "csat"}.get(message.key, message.key)
        if metric in METRICS and metric != self.metric:
            self.metric = metric
            self.reload()

    @on(BreakdownTable.Opened, "#breakdown")
    def _open_group(self, message: BreakdownTable.Opened) -> None:
        if message.key is None:
            self.notify("Responses with no value here cannot be filtered on yet.", markup=False)
            return
        self.post_message(GroupOpened(message.by, message.key))

    # Actions.

    def action_next_metric(self) -> None:
        """Step the metric shown: CSAT, NPS, CES."""
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]
        self.reload()

    def action_next_group(self) -> None:
        """Step what the breakdown groups by."""
        self._by_chosen = True
        self.by = next_dimension(self.context.facets, self.by)
        self.started("breakdown")
        self._load_breakdown(self.generation, self.context.filter, self.by, self.metric)

    def action_next_sort(self) -> None:
        """Sort the breakdown by the next column."""
        sort = self.query_one(BreakdownTable).cycle_sort()
        self.notify(f"Breakdown sorted by {sort}", timeout=2)

    def action_data_check(self) -> None:
        """List the data check's findings for the filter."""
        report = self.check_report
        if report is None or not report.findings:
            self.notify("The data check found nothing to look at.", markup=False, timeout=3)
            return
        app = self.context
        self.app.push_screen(DataCheckScreen(report, describe(app.filter, app.preset)))

    def action_reload(self) -> None:
        """Load everything again."""
        self.reload()

    def action_explain(self) -> None:
        """Take the metric's change apart per group, when its card marks the change as real."""
        explain_from_dashboard(self, self.metric)

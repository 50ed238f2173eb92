"""The report a lead sends to the team: scores, trend, breakdowns, loops, risks and themes.

`build_report` gathers everything from the existing services (the numbers are the ones
`csat-tui scores --compare previous --format json` prints for the same filter), and
`write_report` renders it as one self-contained HTML file or as Markdown for chat tools.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from csat_tui.errors import CsatError, FilterError
from csat_tui.filters import Filter, parse_day
from csat_tui.scoring.change import Change
from csat_tui.scoring.scales import rule_for
from csat_tui.services.demo import DEMO_TODAY
from csat_tui.services.explain import ExplainMetric, explain
from csat_tui.services.facets import BreakdownRow, breakdown_rows
from csat_tui.services.opening import Opener
from csat_tui.services.scores import ScoreReport, current_range, scores
from csat_tui.services.themes import Theme, comment_terms, themes
from csat_tui.services.triage import Customer, customers
from csat_tui.store.aggregates import GroupBy, ScoreCounts, distribution
from csat_tui.store.db import Store
from csat_tui.store.loops import Loop, closed_loops, is_demo_store, open_loops
from csat_tui.store.queue import iter_comments

ReportFormat = Literal["html", "md"]
Step = Literal["day", "week", "month"]

BREAKDOWNS: tuple[tuple[GroupBy, str], ...] = (
    ("touchpoint", "By touchpoint"),
    ("agent", "By agent"),
)
"""The breakdowns the report shows, in order: (group-by, heading); one whose responses all
lack the field (no agent in the data) is left out."""

TOP_THEMES = 5
EXAMPLES_PER_THEME = 2
LIST_LIMIT = 20
"""Rows shown of the loops and customers lists (the report says how many more)."""


class ReportError(CsatError):
    """The report cannot be written (a bad file name, a folder that does not exist...)."""

    title = "Report failed"


# --- the clock and the period ---------------------------------------------------------------


def store_today(store: Store) -> date:
    """Today as the app counts it: the demo's own day in a demo store, else today in UTC."""
    return DEMO_TODAY if is_demo_store(store) else datetime.now(UTC).date()


PERIOD_HELP = "week (the last 7 days), month (the last 30 days) or DATE..DATE"


def parse_period(text: str, today: date) -> tuple[date, date]:
    """`week` → the 7 days ending today, `month` → the 30 days ending today (as the app's
    7 and 30 day periods), `2026-11-01..2026-11-07` → those days, both included."""
    word = text.strip().lower()
    if word == "week":
        return today - timedelta(days=6), today
    if word == "month":
        return today - timedelta(days=29), today
    since_text, dots, until_text = word.partition("..")
    if not dots or not since_text or not until_text:
        raise FilterError(f"{text!r} is not a period: give {PERIOD_HELP}")
    since, until = parse_day(since_text), parse_day(until_text)
    if since > until:
        raise FilterError(f"the period {text!r} ends before it starts")
    return since, until


def trend_step(since: date | None, until: date | None) -> Step:
    """As the dashboard's trend: days up to a month, weeks up to ~half a year, then months."""
    if since is None or until is None:
        return "month"
    days = (until - since).days + 1
    return "day" if days <= 31 else "week" if days <= 200 else "month"


def format_of(path: Path) -> ReportFormat | None:
    """The format a file name asks for: .html/.htm or .md/.markdown."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    return None


# --- the content ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """The groups of one dimension, worst impact on CSAT first."""

    by: GroupBy
    heading: str
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class ThemeExamples:
    """A theme and a few low-score comments that hold it."""

    theme: Theme
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, gathered once; both formats render from this."""

    filter: Filter
    today: date
    period: tuple[date, date] | None
    scores: ScoreReport
    step: Step
    trend: list[ScoreCounts]
    csat_distribution: list[tuple[str, int, int]]
    nps_distribution: list[tuple[str, int, int]]
    breakdowns: list[Breakdown]
    closed: list[Loop]
    open: list[Loop]
    at_risk: list[Customer]
    themes: list[ThemeExamples]
    low_comments: int
    what_moved: list[Sentence] = field(default_factory=list)
    """Sentences on what moved the score (the rate/mix decomposition of `csat-tui explain`,
    issue 15's follow-up): empty until that service exists; both formats show it on top."""

    def overdue(self, loop: Loop) -> bool:
        """Open or in progress and due before today."""
        return bool(loop.due_date) and (loop.due_date or "") < self.today.isoformat()


_MOVED_METRICS: tuple[tuple[ExplainMetric, str, str], ...] = (
    ("csat", "CSAT %", " points"),
    ("nps", "NPS", ""),
)


Sentence = tuple[str, ...]
"""A sentence in parts that alternate: our words, untrusted text (a group's name), our words…
so each format escapes only what came from the data."""


def what_moved(store: Store, flt: Filter) -> list[Sentence]:
    """What moved CSAT and NPS since the previous period, in sentences: `explain`'s numbers
    (the dimension whose top group explains most of the change, rate against mix)."""
    lines: list[Sentence] = []
    for metric, name, unit in _MOVED_METRICS:
        try:
            found = explain(store, flt, metric)
        except FilterError:
            return []  # nothing in the period
        if found.change is None or found.current.value is None or found.previous.value is None:
            continue
        overall = found.overall_change
        moved = (
            f"{name} {'rose' if found.change > 0 else 'fell'} {abs(found.change):.1f}{unit} "
            f"({found.previous.value:.1f} → {found.current.value:.1f})"
        )
        if overall is None or not overall.significant:
            lines.append((f"{name}: {found.change:+.1f}{unit}, within the noise.",))
            continue
        named = [g for g in found.groups if g.key is not None]
        if not named:
            lines.append((f"{moved}, more than the noise.",))
            continue
        top = named[0]
        lines.append(
            (
                f"{moved}, more than the noise; by {found.by}, ",
                str(top.key),
                f" moved it most: {top.contribution:+.1f} (its own score "
                f"{top.rate_effect:+.1f}, its share of answers {top.mix_effect:+.1f}).",
            )
        )
    return lines


def theme_examples(
    store: Store, flt: Filter, found: list[Theme], per_theme: int = EXAMPLES_PER_THEME
) -> list[ThemeExamples]:
    """Each theme with the first low-score comments that hold its term (shortest first)."""
    wanted: dict[str, list[str]] = {t.term: [] for t in found}
    for comment, is_low in iter_comments(store, flt):
        if not is_low:
            continue
        terms = comment_terms(comment) & wanted.keys()
        for term in terms:
            # Distinct comments only: the same short complaint often comes many times.
            if len(wanted[term]) < per_theme * 4 and comment not in wanted[term]:
                wanted[term].append(comment)
        if all(len(v) >= per_theme * 4 for v in wanted.values()):
            break
    # Of the few collected, the shortest read best in a report.
    return [ThemeExamples(t, tuple(sorted(wanted[t.term], key=len)[:per_theme])) for t in found]


def _rows(store: Store, flt: Filter, by: GroupBy) -> list[BreakdownRow]:
    return breakdown_rows(scores(store, flt, by=by), "csat")


def build_report(store: Store, flt: Filter, today: date) -> ReportData:
    """Gather the report of `flt` (its dates are the period) as of `today`."""
    report = scores(store, flt, with_previous=True)
    period = current_range(flt, report.overall)
    scoped = flt.with_range(*period) if period else flt
    step = trend_step(*(period or (None, None)))
    trend = [g for g in scores(store, flt, by=step).groups or [] if g.key is not None]
    breakdowns = [Breakdown(by, heading, _rows(store, flt, by)) for by, heading in BREAKDOWNS]
    breakdowns = [b for b in breakdowns if any(r.counts.key is not None for r in b.rows)]
    found = themes(store, flt, top=TOP_THEMES)
    return ReportData(
        filter=flt,
        today=today,
        period=period,
        scores=report,
        step=step,
        trend=trend,
        csat_distribution=distribution(store, flt, "csat"),
        nps_distribution=distribution(store, flt, "nps"),
        breakdowns=breakdowns,
        closed=closed_loops(store, flt, *period) if period else [],
        open=open_loops(store, flt),
        at_risk=customers(store, scoped, ("immediate", "at_risk")),
        themes=theme_examples(store, flt, [t for t in found.themes if t.z > 0]),
        low_comments=found.low_comments,
        what_moved=what_moved(store, flt),
    )


# --- numbers in words, the same for both formats -------------------------------------------


def number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    """A score as shown: fixed digits, "–" for none."""
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def signed(value: float | None, digits: int = 1) -> str:
    """A change as shown: always with its sign."""
    if value is None:
        return "–"
    shown = f"{value:+.{digits}f}"
    return shown[1:] if float(shown) == 0 else shown


def nps_text(value: float | None) -> str:
    """NPS as shown: a whole number with its sign (0 without one)."""
    if value is None:
        return "–"
    shown = f"{value:+.0f}"
    return "0" if shown in ("+0", "-0") else shown


def verdict(change: Change | None) -> str:
    """Whether a change is larger than the noise, in words."""
    if change is None:
        return "no answers to compare with"
    return "larger than the noise" if change.significant else "within the noise"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as shown, with where it is in `scores --format json` (None: not there)."""

    key: str | None
    value: float | None
    shown: str


@dataclass(frozen=True)
class Card:
    """One score card: the value, its interval, n, and its change since the previous period."""

    name: str
    label: str
    value: Figure
    interval: str
    """A template with a `{}` per interval figure: "95% interval {}–{}"."""
    interval_figures: tuple[Figure, ...]
    n: Figure
    small: bool
    previous: Figure
    change: Figure
    verdict: str
    significant: bool
    detail: str
    """A second line: the mean, the rule."""

    @property
    def interval_text(self) -> str:
        """The interval line as plain text."""
        return self.interval.format(*(f.shown for f in self.interval_figures))


def _interval(
    ci: tuple[float, float] | None, keys: tuple[str | None, str | None]
) -> tuple[str, tuple[Figure, ...]]:
    if ci is None:
        return "", ()
    return "95% interval {}–{}", (
        Figure(keys[0], ci[0], number(ci[0])),
        Figure(keys[1], ci[1], number(ci[1])),
    )


def cards(data: ReportData) -> list[Card]:
    """The score cards of the metrics answered in this period or the previous one."""
    o = data.scores.overall
    c = data.scores.comparison
    p = c.previous if c else None
    out: list[Card] = []

    def card(
        name: str,
        label: str,
        value: Figure,
        interval: tuple[str, tuple[Figure, ...]],
        n: int,
        small: bool,
        previous: Figure,
        change: Change | None,
        change_key: str,
        detail: str,
    ) -> Card:
        return Card(
            name, label, value, interval[0], interval[1],
            Figure(f"{name}.n", n, f"{n:,}"), small, previous,
            Figure(f"previous.change.{change_key}.delta", change.delta if change else None,
                   signed(change.delta if change else None)),
            verdict(change), bool(change and change.significant), detail,
        )  # fmt: skip

    if o.csat.n or (p and p.csat.n):
        rule = rule_for("csat", o.csat.scale).describe() if o.csat.scale else "mixed scales"
        mean = f"mean {number(o.csat.mean, 2)} · {rule}" if o.csat.mean is not None else rule
        before = p.csat.pct if p else None
        out.append(card(
            "csat", "CSAT", Figure("csat.pct", o.csat.pct, number(o.csat.pct, 1, "%")),
            _interval(o.csat.ci95, ("csat.ci95.0", "csat.ci95.1")), o.csat.n, o.csat.small,
            Figure("previous.csat.pct", before, number(before, 1, "%")), c.csat if c else None,
            "csat_pct", mean,
        ))  # fmt: skip
    if o.nps.n or (p and p.nps.n):
        moe = o.nps.moe95
        before = p.nps.score if p else None
        out.append(card(
            "nps", "NPS", Figure("nps.score", o.nps.score, nps_text(o.nps.score)),
            ("± {} (95%)", (Figure("nps.moe95", moe, number(moe)),)) if moe is not None
            else ("", ()),
            o.nps.n, o.nps.small, Figure("previous.nps.score", before, nps_text(before)),
            c.nps if c else None, "nps",
            f"{o.nps.promoters} promoters · {o.nps.passives} passives · "
            f"{o.nps.detractors} detractors",
        ))  # fmt: skip
    if o.ces.n or (p and p.ces.n):
        before = p.ces.easy_pct if p else None
        out.append(card(
            "ces", "CES: easy", Figure("ces.easy_pct", o.ces.easy_pct,
                                       number(o.ces.easy_pct, 1, "%")),
            _interval(o.ces.ci95, (None, None)), o.ces.n, o.ces.small,
            Figure("previous.ces.easy_pct", before, number(before, 1, "%")),
            c.ces if c else None, "ces_easy_pct",
            f"mean {number(o.ces.mean, 2)} of 7 · easy = 5–7",
        ))  # fmt: skip
    return out


def took(loop: Loop) -> str:
    """How long a follow-up took, from when it was made to when it was closed."""
    if not loop.created_at or not loop.updated_at:
        return "–"
    start = datetime.fromisoformat(loop.created_at.replace("Z", "+00:00"))
    end = datetime.fromisoformat(loop.updated_at.replace("Z", "+00:00"))
    hours = (end - start).total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 48:
        return f"{hours:.0f} hours"
    return f"{hours / 24:.0f} days"


def period_words(data: ReportData) -> str:
    """The period in words: "2026-11-09 to 2026-11-15" (or all time)."""
    if data.period is None:
        return "all time"
    since, until = data.period
    return f"{since} to {until}"


# --- writing ---------------------------------------------------------------------------------


def render(data: ReportData, fmt: ReportFormat) -> str:
    """The report as HTML or Markdown text."""
    if fmt == "html":
        from csat_tui.services.report_html import render_html

        return render_html(data)
    from csat_tui.services.report_md import render_markdown

    return render_markdown(data)


def report_to(opener: Opener, flt: Filter, today: date, output: Path) -> ReportData:
    """`write_report` on a store of its own (a thread worker's)."""
    with opener() as store:
        return write_report(store, flt, today, output)


def write_report(store: Store, flt: Filter, today: date, output: Path) -> ReportData:
    """Write the report of `flt` to `output` (.html or .md), whole or not at all."""
    fmt = format_of(output)
    if fmt is None:
        raise ReportError(f"{output.name} needs .html or .md at the end")
    if output.is_dir():
        raise ReportError(f"{output} is a folder: name a file")
    if not output.parent.is_dir():
        raise ReportError(f"the folder {output.parent} does not exist")
    data = build_report(store, flt, today)
    text = render(data, fmt)
    # Written next to the file, then moved over it: a reader never sees half a report.
    # (Not mkstemp: its 0600 mode would make a file meant to be shared private.)
    temp: Path | None = None
    try:
        temp = output.with_name(f".{output.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        with temp.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, output)
    except OSError as error:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise ReportError(f"could not write {output}: {error.strerror or error}") from None
    return data

"""Why did a score move: a change of CSAT % or NPS between two periods, taken apart per group.

The numbers come from `scoring.decompose` (rate at the mean share, mix at the mean score
against the overall mean; no leftover term), each group's own change is tested as the score
cards test theirs (`scoring.change`), and with no dimension given every dimension is tried
and the one whose top group explains the largest share of the change is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from csat_tui.errors import FilterError
from csat_tui.filters import Filter, parse_day
from csat_tui.scoring.change import Change, nps_change, previous_period, proportion_change
from csat_tui.scoring.decompose import Decomposition, GroupInput, Part, Side, decompose
from csat_tui.scoring.intervals import is_small_sample
from csat_tui.services.scores import current_range
from csat_tui.services.themes import rank_terms
from csat_tui.store.aggregates import score_counts
from csat_tui.store.browse import ResponseRow
from csat_tui.store.db import Store
from csat_tui.store.explain import (
    DIMENSION_NAMES,
    DIMENSIONS,
    GroupAnswers,
    dimension,
    group_answers,
    group_comments,
    group_rows,
)

ExplainMetric = Literal["csat", "nps"]
EXPLAIN_METRICS: tuple[ExplainMetric, ...] = ("csat", "nps")
METRIC_LABELS: dict[ExplainMetric, str] = {"csat": "CSAT %", "nps": "NPS"}

__all__ = ["DIMENSION_NAMES", "EXPLAIN_METRICS", "ExplainMetric", "ResponseRow", "dimension"]


@dataclass(frozen=True, slots=True)
class Period:
    """One of the two periods compared, with the metric's answers and score over it."""

    since: date
    until: date
    n: int
    value: float | None


@dataclass(frozen=True, slots=True)
class GroupSide:
    """A group in one period."""

    n: int
    share: float
    """Of the period's answers, 0–1."""
    value: float | None


@dataclass(frozen=True, slots=True)
class GroupChange:
    """One group's part of the change, and its own change with the cards' test."""

    key: str | None
    previous: GroupSide
    current: GroupSide
    rate_effect: float
    mix_effect: float
    contribution: float
    change: Change | None
    """The group's own change; None when it has no answers in one of the periods."""

    @property
    def significant(self) -> bool:
        """The group's own change is larger than the noise (95 %)."""
        return self.change is not None and self.change.significant

    @property
    def small_sample(self) -> bool:
        """Fewer than 30 answers in either period."""
        return is_small_sample(self.previous.n) or is_small_sample(self.current.n)


@dataclass(frozen=True, slots=True)
class Explanation:
    """The change of a metric between two periods, taken apart by one dimension."""

    metric: ExplainMetric
    by: str
    filter: Filter
    current: Period
    previous: Period
    change: float | None
    """Current minus previous, in points; None when a period has no answers."""
    overall_change: Change | None
    """The whole change with the cards' test."""
    groups: list[GroupChange]
    chosen: dict[str, float | None] | None = None
    """With no dimension asked for: each dimension tried and the share of the change its
    top group explains (None where it has fewer than two groups)."""

    @property
    def top_share(self) -> float | None:
        """The share of the change its top named group explains."""
        return top_share(self)


def _value(metric: ExplainMetric, g: GroupAnswers) -> float | None:
    if not g.n:
        return None
    return (g.high if metric == "csat" else g.high - g.low) / g.n * 100


def _test(metric: ExplainMetric, now: GroupAnswers, before: GroupAnswers) -> Change | None:
    if metric == "csat":
        return proportion_change(now.high, now.n, before.high, before.n)
    return nps_change(now.high, now.low, now.n, before.high, before.low, before.n)


def _total(groups: list[GroupAnswers]) -> GroupAnswers:
    return GroupAnswers(
        None, sum(g.n for g in groups), sum(g.high for g in groups), sum(g.low for g in groups)
    )


def parse_compare(text: str) -> tuple[date, date] | None:
    """`previous` (None) or `DATE..DATE`, the period to compare with; FilterError otherwise."""
    if text.strip() == "previous":
        return None
    since, dots, until = text.partition("..")
    if not dots:
        raise FilterError(f"{text!r} is not a period: write previous or DATE..DATE")
    first, last = parse_day(since), parse_day(until)
    if first > last:
        raise FilterError(f"the compared period starts ({first}) after it ends ({last})")
    return first, last


def periods(
    store: Store, flt: Filter, compare: tuple[date, date] | None = None
) -> tuple[tuple[date, date], tuple[date, date]]:
    """The current period (the filter's range, filled in from the data) and the one compared."""
    span = current_range(flt, score_counts(store, flt))
    if span is None:
        raise FilterError("no responses match the filter: nothing to explain")
    return span, compare or previous_period(*span)


def _scoped(flt: Filter) -> Filter:
    # The explained metric chooses the answers; a metric in the filter only narrows to
    # them (it would also stop the daily table from answering), unless a band needs it.
    return flt if flt.band else replace(flt, metric=None)


def _by(
    store: Store,
    flt: Filter,
    metric: ExplainMetric,
    name: str,
    now: tuple[date, date],
    before: tuple[date, date],
) -> Explanation:
    base = _scoped(flt)
    current = {g.key: g for g in group_answers(store, base.with_range(*now), metric, name)}
    previous = {g.key: g for g in group_answers(store, base.with_range(*before), metric, name)}
    empty = GroupAnswers(None, 0, 0, 0)
    inputs = [
        GroupInput(
            key,
            Side(previous.get(key, empty).n, _value(metric, previous.get(key, empty))),
            Side(current.get(key, empty).n, _value(metric, current.get(key, empty))),
        )
        for key in {*current, *previous}
    ]
    total_now, total_before = _total(list(current.values())), _total(list(previous.values()))
    result: Decomposition | None = decompose(inputs)
    groups = [] if result is None else [
        _group(metric, part, current.get(part.key, empty), previous.get(part.key, empty))
        for part in result.parts
    ]  # fmt: skip
    return Explanation(
        metric=metric,
        by=name,
        filter=flt,
        current=Period(*now, total_now.n, _value(metric, total_now)),
        previous=Period(*before, total_before.n, _value(metric, total_before)),
        change=None if result is None else result.change,
        overall_change=_test(metric, total_now, total_before),
        groups=groups,
    )


def _group(
    metric: ExplainMetric, part: Part, now: GroupAnswers, before: GroupAnswers
) -> GroupChange:
    return GroupChange(
        key=part.key,
        previous=GroupSide(before.n, part.previous_share, _value(metric, before)),
        current=GroupSide(now.n, part.current_share, _value(metric, now)),
        rate_effect=part.rate_effect,
        mix_effect=part.mix_effect,
        contribution=part.contribution,
        change=_test(metric, now, before),
    )


def top_share(explanation: Explanation) -> float | None:
    """The share of the change that the top named group accounts for (None if it can't say).

    A dimension with fewer than two groups explains nothing (its one group is the whole).
    """
    groups = explanation.groups
    named = [g for g in groups if g.key is not None]
    if len(groups) < 2 or not named or not explanation.change:
        return None
    return named[0].contribution / explanation.change


def explain(
    store: Store,
    flt: Filter,
    metric: ExplainMetric = "csat",
    by: str | None = None,
    compare: tuple[date, date] | None = None,
) -> Explanation:
    """Take the change of `metric` apart by `by`, or by the dimension that explains it best."""
    if by is not None:
        dimension(by)  # a usage error before any query
    now, before = periods(store, flt, compare)
    if by is not None:
        return _by(store, flt, metric, by, now, before)
    tried = {d.name: _by(store, flt, metric, d.name, now, before) for d in DIMENSIONS}
    shares = {name: top_share(e) for name, e in tried.items()}
    ranked = [name for name in DIMENSION_NAMES if shares[name] is not None]
    best = max(ranked, key=lambda name: shares[name] or 0.0) if ranked else DIMENSION_NAMES[0]
    return replace(tried[best], chosen=shares)


def narrowed(flt: Filter, by: str, key: str | None) -> Filter | None:
    """The filter narrowed to one group, when a filter can say so (None for "no value")."""
    field = dimension(by).filter_field
    if key is None or field is None:
        return None
    changes: dict[str, Any] = {field: (key,)}
    return replace(flt, **changes)


@dataclass(frozen=True, slots=True)
class RisingTerm:
    """A term whose share of a group's comments rose from the previous period."""

    term: str
    current: int
    """Comments in the current period that hold it."""
    previous: int
    current_share: float
    previous_share: float
    z: float


@dataclass(frozen=True, slots=True)
class GroupResponses:
    """One group in the current period: its responses, lowest score first, and rising terms."""

    key: str | None
    rows: list[ResponseRow]
    terms: list[RisingTerm]
    current_comments: int
    previous_comments: int


def group_responses(
    store: Store,
    explanation: Explanation,
    key: str | None,
    *,
    limit: int = 200,
    top: int = 10,
) -> GroupResponses:
    """A group's responses in the current period and the terms that rose among its comments.

    The themes ranking, with "current period" in place of "low score": a smoothed log-odds
    z of each term in this period's comments against the previous period's.
    """
    e = explanation
    base = _scoped(e.filter)
    now = base.with_range(e.current.since, e.current.until)
    before = base.with_range(e.previous.since, e.previous.until)
    rows = group_rows(store, now, e.metric, e.by, key, limit)
    pairs = [(c, True) for c in group_comments(store, now, e.by, key)]
    pairs += [(c, False) for c in group_comments(store, before, e.by, key)]
    report = rank_terms(pairs, top=top * 3, min_comments=3)
    n_now, n_before = report.low_comments, report.other_comments
    terms = [
        RisingTerm(
            t.term,
            t.low,
            t.other,
            t.low / n_now if n_now else 0.0,
            t.other / n_before if n_before else 0.0,
            t.z,
        )
        for t in report.themes
    ]
    rising = [t for t in terms if t.current_share > t.previous_share][:top]
    return GroupResponses(key, rows, rising, n_now, n_before)


def _period_json(p: Period) -> dict[str, Any]:
    return {"since": p.since.isoformat(), "until": p.until.isoformat(), "n": p.n, "value": p.value}


def _side_json(s: GroupSide) -> dict[str, Any]:
    return {"n": s.n, "share": s.share, "value": s.value}


def explanation_json(e: Explanation) -> dict[str, Any]:
    """The explanation in the shape `csat-tui explain --format json` prints, unrounded."""
    return {
        "metric": e.metric,
        "by": e.by,
        "current": _period_json(e.current),
        "previous": _period_json(e.previous),
        "change": e.change,
        "groups": [
            {
                "key": g.key,
                "current": _side_json(g.current),
                "previous": _side_json(g.previous),
                "rate_effect": g.rate_effect,
                "mix_effect": g.mix_effect,
                "contribution": g.contribution,
                "significant": g.significant,
                "small_sample": g.small_sample,
            }
            for g in e.groups
        ],
    }

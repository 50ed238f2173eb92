"""Scores for a filter: the counts from the store turned into a report, with change and groups."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from csat_tui.filters import Filter
from csat_tui.scoring.change import Change, nps_change, previous_period, proportion_change
from csat_tui.scoring.metrics import CesScore, CsatScore, NpsScore
from csat_tui.store.aggregates import ScoreCounts, score_counts, score_counts_by
from csat_tui.store.db import Store
from csat_tui.store.sent import sent_for


@dataclass(frozen=True)
class Comparison:
    """The previous period of equal length and how each score moved since."""

    since: date
    until: date
    previous: ScoreCounts
    csat: Change | None
    nps: Change | None
    ces: Change | None


@dataclass(frozen=True)
class ResponseRate:
    """Responses ÷ surveys sent, where the number sent is known."""

    responses: int
    sent: float

    @property
    def pct(self) -> float | None:
        """The rate in percent."""
        return self.responses / self.sent * 100 if self.sent else None


@dataclass(frozen=True)
class ScoreReport:
    """Every score for a filter, optionally per group and against the previous period."""

    filter: Filter
    overall: ScoreCounts
    groups: list[ScoreCounts] | None = None
    by: str | None = None
    """A GroupBy, or `attribute:KEY`."""
    comparison: Comparison | None = field(default=None)
    response_rate: ResponseRate | None = None


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso[:10]) if iso else None


def current_range(flt: Filter, overall: ScoreCounts) -> tuple[date, date] | None:
    """The period a report covers: the filter's range, filled in from the data where open."""
    since = flt.since or _day(overall.first_submitted_at)
    until = flt.until or (datetime.now(UTC).date() if flt.since else None)
    until = until or _day(overall.last_submitted_at)
    if since is None or until is None or since > until:
        return None
    return since, until


def compare(store: Store, flt: Filter, overall: ScoreCounts) -> Comparison | None:
    """Scores of the previous period of equal length, and the tests of each change."""
    span = current_range(flt, overall)
    if span is None:
        return None
    since, until = previous_period(*span)
    before = score_counts(store, flt.with_range(since, until))
    now = overall
    return Comparison(
        since=since,
        until=until,
        previous=before,
        csat=proportion_change(
            now.csat.satisfied, now.csat.n, before.csat.satisfied, before.csat.n
        ),
        nps=nps_change(
            now.nps.promoters,
            now.nps.detractors,
            now.nps.n,
            before.nps.promoters,
            before.nps.detractors,
            before.nps.n,
        ),
        ces=proportion_change(now.ces.easy, now.ces.n, before.ces.easy, before.ces.n),
    )


def response_rate(store: Store, flt: Filter, overall: ScoreCounts) -> ResponseRate | None:
    """Responses ÷ surveys sent, counting only responses from the tools whose sends are known."""
    sent = sent_for(store, flt)
    if sent is None:
        return None
    if sent.sources is None:
        return ResponseRate(overall.responses, sent.count)
    answered = score_counts(store, replace(flt, sources=sent.sources)).responses
    return ResponseRate(answered, sent.count)


def scores(
    store: Store, flt: Filter, by: str | None = None, with_previous: bool = False
) -> ScoreReport:
    """Compute the report: overall counts, groups when `by` is given, the previous period."""
    overall = score_counts(store, flt)
    groups = score_counts_by(store, flt, by) if by else None
    comparison = compare(store, flt, overall) if with_previous else None
    rate = response_rate(store, flt, overall)
    return ScoreReport(flt, overall, groups, by, comparison, rate)


def _ci(interval: tuple[float, float] | None) -> list[float] | None:
    return [interval[0], interval[1]] if interval else None


def csat_json(score: CsatScore) -> dict[str, Any]:
    """CSAT as the CLI's JSON contract prints it: unrounded, for scripts."""
    return {
        "n": score.n,
        "satisfied": score.satisfied,
        "pct": score.pct,
        "ci95": _ci(score.ci95),
        "mean": score.mean,
        "scale": score.scale,
        "low_n": score.low_n,
        "small_sample": score.small,
    }


def nps_json(score: NpsScore) -> dict[str, Any]:
    """NPS as the CLI's JSON contract prints it: unrounded, for scripts."""
    return {
        "n": score.n,
        "promoters": score.promoters,
        "passives": score.passives,
        "detractors": score.detractors,
        "score": score.score,
        "moe95": score.moe95,
        "low_n": score.low_n,
        "small_sample": score.small,
    }


def ces_json(score: CesScore) -> dict[str, Any]:
    """CES as the CLI's JSON contract prints it: unrounded, for scripts."""
    return {
        "n": score.n,
        "mean": score.mean,
        "easy": score.easy,
        "easy_pct": score.easy_pct,
        "low_n": score.low_n,
        "small_sample": score.small,
    }


def counts_json(counts: ScoreCounts) -> dict[str, Any]:
    """One set of counts as JSON: responses, date span, csat, nps, ces."""
    return {
        "responses": counts.responses,
        "first_submitted_at": counts.first_submitted_at,
        "last_submitted_at": counts.last_submitted_at,
        "csat": csat_json(counts.csat),
        "nps": nps_json(counts.nps),
        "ces": ces_json(counts.ces),
    }


def _change_json(change: Change | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        "delta": change.delta,
        "z": change.z,
        "p_value": change.p_value,
        "significant": change.significant,
    }


def report_json(report: ScoreReport) -> dict[str, Any]:
    """The whole report in the shape `csat-tui scores --format json` prints."""
    out: dict[str, Any] = {"filter": report.filter.to_json(), **counts_json(report.overall)}
    rate = report.response_rate
    out["response_rate"] = (
        {"responses": rate.responses, "sent": round(rate.sent, 1), "pct": rate.pct}
        if rate
        else None
    )
    if report.groups is not None:
        out["by"] = report.by
        out["groups"] = [{"key": g.key, **counts_json(g)} for g in report.groups]
    if report.comparison is not None:
        c = report.comparison
        out["previous"] = {
            "since": c.since.isoformat(),
            "until": c.until.isoformat(),
            **counts_json(c.previous),
            "change": {
                "csat_pct": _change_json(c.csat),
                "nps": _change_json(c.nps),
                "ces_easy_pct": _change_json(c.ces),
            },
        }
    return out

"""The one filter: which responses a screen, a score or an export is about.

A `Filter` is a frozen value. `csat_tui.store.where` is the only place that turns
it into SQL (with bound parameters); everything else passes it around.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any, Literal, get_args

from csat_tui.errors import FilterError
from csat_tui.scoring.scales import BANDS, METRICS, Band, Metric

FollowupStatus = Literal["open", "in_progress", "done", "wont_do"]
FOLLOWUP_STATUSES: tuple[FollowupStatus, ...] = get_args(FollowupStatus)
FOLLOWUP_FILTERS: tuple[str, ...] = (*FOLLOWUP_STATUSES, "none")
"""Follow-up values a filter accepts: a status, or "none" for responses without one."""


@dataclass(frozen=True)
class Filter:
    """Which responses to look at. Empty fields mean "any"."""

    touchpoints: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    metric: Metric | None = None
    """Only responses that answered this metric; the band then applies to it."""
    since: date | None = None
    """First day included (UTC)."""
    until: date | None = None
    """Last day included (UTC)."""
    band: Band | None = None
    """Low / neutral / high on the metric, or on any metric when none is set."""
    tags: tuple[str, ...] = ()
    """Responses carrying any of these tags."""
    followups: tuple[str, ...] = ()
    """Follow-up statuses, or "none"."""
    complete_only: bool = False
    text: str = ""
    """Words the comment contains."""
    agents: tuple[str, ...] = ()
    """Responses handled by any of these agents (by name)."""
    teams: tuple[str, ...] = ()
    """Responses handled in any of these teams (group, queue, inbox)."""
    where: tuple[tuple[str, str], ...] = ()
    """Kept columns (`attributes`) as (key, value) pairs: the values of one key are
    alternatives, different keys must all match."""

    def __post_init__(self) -> None:
        if self.metric is not None and self.metric not in METRICS:
            raise FilterError(f"unknown metric {self.metric!r}: use one of {', '.join(METRICS)}")
        if self.band is not None and self.band not in BANDS:
            raise FilterError(f"unknown band {self.band!r}: use one of {', '.join(BANDS)}")
        for status in self.followups:
            if status not in FOLLOWUP_FILTERS:
                raise FilterError(
                    f"unknown follow-up status {status!r}: use one of {', '.join(FOLLOWUP_FILTERS)}"
                )
        for key, _ in self.where:
            if not key.strip():
                raise FilterError("--where needs a column name: write it as COLUMN=VALUE")
        if self.since and self.until and self.since > self.until:
            raise FilterError(f"the range starts ({self.since}) after it ends ({self.until})")

    @property
    def is_empty(self) -> bool:
        """True when the filter lets every response through."""
        return self == Filter()

    def with_range(self, since: date | None, until: date | None) -> Filter:
        """The same filter over another date range."""
        return replace(self, since=since, until=until)

    def to_json(self) -> dict[str, Any]:
        """The filter as JSON-ready data (dates as ISO strings, empty fields left out)."""
        out: dict[str, Any] = {}
        for name, value in asdict(self).items():
            if value in ((), None, "", False):
                continue
            out[name] = value.isoformat() if isinstance(value, date) else value
            if isinstance(value, tuple):
                out[name] = list(value)
        if self.where:
            out["where"] = {key: list(values) for key, values in self.where_by_key().items()}
        return out

    def where_by_key(self) -> dict[str, tuple[str, ...]]:
        """`where` as key → its values, in the order given."""
        found: dict[str, tuple[str, ...]] = {}
        for key, value in self.where:
            if value not in found.get(key, ()):
                found[key] = (*found.get(key, ()), value)
        return found

    def overridden_by(self, other: Filter) -> Filter:
        """This filter with every field that `other` sets taken from `other` instead."""
        changes = {f.name: getattr(other, f.name) for f in fields(other)
                   if getattr(other, f.name) not in ((), None, "", False)}  # fmt: skip
        return replace(self, **changes)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Filter:
        """Read what `to_json` wrote; unknown keys are a FilterError."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise FilterError(f"unknown filter fields: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in ("since", "until") and value is not None:
                values[name] = parse_day(str(value))
            elif name == "where":
                if not isinstance(value, dict):
                    raise FilterError("the filter's where must map columns to values")
                values[name] = tuple(
                    (str(key), str(v))
                    for key, found in value.items()
                    for v in (found if isinstance(found, list) else [found])
                )
            elif isinstance(value, list):
                values[name] = tuple(str(v) for v in value)
            else:
                values[name] = value
        return cls(**values)

    def describe(self) -> str:
        """The filter in one line of words, for a status bar or a report heading."""
        parts: list[str] = []
        for label, values in (
            ("touchpoint", self.touchpoints),
            ("segment", self.segments),
            ("channel", self.channels),
            ("source", self.sources),
            ("tag", self.tags),
            ("follow-up", self.followups),
            ("agent", self.agents),
            ("team", self.teams),
        ):
            if values:
                parts.append(f"{label} {' or '.join(values)}")
        for key, options in self.where_by_key().items():
            parts.append(f"{key} is {' or '.join(options)}")
        if self.since and self.until:
            parts.append(f"{self.since} to {self.until}")
        elif self.since:
            parts.append(f"since {self.since}")
        elif self.until:
            parts.append(f"until {self.until}")
        if self.metric:
            parts.append(f"answered {self.metric.upper()}")
        if self.band:
            parts.append(
                f"{self.band} scores on {self.metric.upper()}"
                if self.metric
                else f"{self.band} on any score"
            )
        if self.complete_only:
            parts.append("complete only")
        if self.text:
            parts.append(f'comment contains "{self.text}"')
        return "; ".join(parts) if parts else "all responses"


def parse_day(text: str) -> date:
    """Read a filter date (YYYY-MM-DD); FilterError otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FilterError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None

"""The data-quality check: what to look at before trusting a score, each with a count.

Findings: the rejected share per source and column, one source answering one metric on
two scales, the same respondent answering one survey (source and touchpoint) more than
once a day, likely test entries, and
a rating question whose header says its scale runs backwards ("1 = very satisfied").
Each finding says how to list the responses or rejects behind it; its count is the
number of rows that listing shows.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from csat_tui.filters import Filter
from csat_tui.services.opening import Opener
from csat_tui.store import quality as q
from csat_tui.store.db import Store
from csat_tui.store.quality import Listed, Reject, import_exists

Kind = Literal["rejects", "scales", "repeats", "tests", "reversed"]
KINDS: tuple[Kind, ...] = get_args(Kind)
ShowKind = Literal["scales", "repeats", "tests", "reversed"]
SHOW_KINDS: tuple[ShowKind, ...] = get_args(ShowKind)
"""The findings whose responses `csat-tui check --show KIND` lists (rejects have their own)."""

HIGH_REJECT_SHARE = 5.0
"""Above this share of a column's rows rejected, the finding is a warning."""

__all__ = [
    "KINDS",
    "SHOW_KINDS",
    "CheckReport",
    "Finding",
    "Kind",
    "Listed",
    "Reject",
    "ShowKind",
    "check",
    "filter_args",
    "import_exists",
    "list_rejects",
    "show",
]


@dataclass(frozen=True)
class Finding:
    """One thing worth a look, with its count and the command that lists what is behind it."""

    kind: Kind
    title: str
    """One line in words: "column 'Score' of generic: 4 of 18 rows rejected (22.2 %)"."""
    count: int
    """How many rows (responses, answers or rejects) the listing command shows."""
    command: str
    """The command that lists them: `csat-tui rejects --source generic --column Score`."""
    source: str | None = None
    details: dict[str, Any] | None = None
    warning: bool = True
    """False for findings that are only worth knowing (a few rejects, under 5 %)."""

    def to_json(self) -> dict[str, Any]:
        """The finding as `check --format json` prints it."""
        return {
            "kind": self.kind,
            "title": self.title,
            "count": self.count,
            "command": self.command,
            "source": self.source,
            "warning": self.warning,
            "details": self.details or {},
        }


@dataclass(frozen=True)
class CheckReport:
    """Every finding for a filter, in the order of `KINDS`."""

    filter: Filter
    findings: list[Finding]

    def to_json(self) -> dict[str, Any]:
        """The report as `check --format json` prints it."""
        return {
            "filter": self.filter.to_json(),
            "count": len(self.findings),
            "findings": [f.to_json() for f in self.findings],
        }


_FLAGS = (
    ("touchpoints", "--touchpoint"),
    ("segments", "--segment"),
    ("channels", "--channel"),
    ("sources", "--source"),
    ("tags", "--tag"),
    ("followups", "--followup"),
)


def filter_args(flt: Filter) -> list[str]:
    """The command-line options that give this filter back."""
    args: list[str] = []
    for name, flag in _FLAGS:
        for value in getattr(flt, name):
            args += [flag, value]
    for name in ("since", "until"):
        value = getattr(flt, name)
        if value is not None:
            args += [f"--{name}", value.isoformat()]
    if flt.metric:
        args += ["--metric", flt.metric]
    if flt.band:
        args += ["--band", flt.band]
    if flt.text:
        args += ["--search", flt.text]
    if flt.complete_only:
        args.append("--complete-only")
    return args


def _command(*args: str) -> str:
    return shlex.join(["csat-tui", *args])


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _pct(part: int, whole: int) -> str:
    return f" ({part / whole * 100:.1f} %)" if whole else ""


# Rejects.


def _reject_findings(store: Store, flt: Filter) -> list[Finding]:
    found = []
    for c in q.reject_counts(store, flt.sources):
        where = f"column {c.column!r}" if c.column is not None else "whole rows"
        share = c.rejects / c.records * 100 if c.records else 100.0
        args = ["rejects", "--source", c.source]
        args += ["--column", c.column] if c.column is not None else ["--whole-rows"]
        found.append(
            Finding(
                kind="rejects",
                title=f"{where} of {c.source}: {c.rejects} of {c.records} rows rejected"
                + _pct(c.rejects, c.records),
                count=c.rejects,
                command=_command(*args),
                source=c.source,
                details={"column": c.column, "records": c.records, "share_pct": share},
                warning=share > HIGH_REJECT_SHARE,
            )
        )
    return found


def list_rejects(
    store: Store,
    *,
    import_id: int | None = None,
    source: str | None = None,
    column: str | None = None,
    whole_rows: bool = False,
    limit: int | None = None,
) -> list[Reject]:
    """The stored rejects, newest import first, then in file order."""
    return q.rejects(
        store,
        import_id=import_id,
        source=source,
        column=column,
        whole_rows=whole_rows,
        limit=limit,
    )


# Two scales.


@dataclass(frozen=True)
class _Ratings:
    """What the scale and reversed findings read from the ratings, in one pass."""

    scales: dict[tuple[str, str], list[q.ScaleCount]]
    """(source, metric) → its scales, most used first, where there are several."""
    reversed: list[q.QuestionCount]
    """The questions whose header says the scale runs backwards, by source, metric, question."""


def _ratings(store: Store, flt: Filter) -> _Ratings:
    counts = q.question_counts(store, flt)  # one pass, the derived answers counted per import
    scales_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in counts:
        scales_of[(c.source, c.metric)].add(c.scale)
    several = {pair for pair, scales in scales_of.items() if len(scales) > 1}
    answers: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in counts:
        if (c.source, c.metric) in several:
            answers[(c.source, c.metric)][c.scale] += c.answers
    scales = {
        pair: sorted((q.ScaleCount(*pair, scale, n) for scale, n in answers[pair].items()),
                     key=lambda r: (-r.answers, r.scale))
        for pair in sorted(answers)
    }  # fmt: skip
    return _Ratings(scales, [c for c in counts if says_reversed(c.question)])


def _main_scales(store: Store, flt: Filter) -> dict[tuple[str, str], list[q.ScaleCount]]:
    """(source, metric) → its scales, most used first, where there are several."""
    return _ratings(store, flt).scales


def _scale_findings(flt: Filter, ratings: _Ratings) -> list[Finding]:
    found = []
    for (source, metric), rows in ratings.scales.items():
        main, others = rows[0], rows[1:]
        other_n = sum(r.answers for r in others)
        scales = ", ".join(f"{r.scale}: {r.answers}" for r in rows)
        found.append(
            Finding(
                kind="scales",
                title=f"{source} answers {metric.upper()} on {len(rows)} scales ({scales});"
                f" {other_n} answers are not on the main {main.scale}",
                count=other_n,
                command=_command(
                    "check", "--show", "scales", *filter_args(replace(flt, sources=(source,)))
                ),
                source=source,
                details={
                    "metric": metric,
                    "scales": {r.scale: r.answers for r in rows},
                    "main": main.scale,
                },
            )
        )
    return found


def _scale_rows(store: Store, flt: Filter) -> list[Listed]:
    seen: dict[int, Listed] = {}
    for (source, metric), rows in _main_scales(store, flt).items():
        for other in rows[1:]:
            for row in q.rating_responses(store, flt, source, metric, scale=other.scale):
                seen.setdefault(row.id, row)
    return sorted(seen.values(), key=lambda r: (r.submitted_at or "", r.id))


# The same respondent more than once a day, to the same survey (source and touchpoint).


def _repeat_findings(store: Store, flt: Filter) -> list[Finding]:
    groups = q.repeat_groups(store, flt)
    if not groups:
        return []
    responses = sum(n for _, _, n in groups)
    people = len({who for who, _, _ in groups})
    return [
        Finding(
            kind="repeats",
            title=f"{_n(people, 'respondent')} answered one survey more than once on one day"
            f" ({_n(responses, 'response')} on {_n(len(groups), 'respondent-day')})",
            count=responses,
            command=_command("check", "--show", "repeats", *filter_args(flt)),
            details={"respondents": people, "respondent_days": len(groups)},
        )
    ]


# Likely test entries.

_TEST_ADDRESS = re.compile(r"test(ing|er|s|user|\d+)?([+._-][^@]*)?@.+", re.IGNORECASE)
"""test@…, test+1@…, test.user@…, test2@…"""
_EXAMPLE_ADDRESS = re.compile(
    r"[^@]+@([^@.]+\.)*(example|test|invalid|localhost)(\.[a-z]+)?", re.IGNORECASE
)
"""Addresses at domains reserved for examples and tests (RFC 2606): …@example.com, …@x.test"""
_TEST_NAME = re.compile(r"test(ing)?([ ._-]?(user|account|response|entry|\d+))?", re.IGNORECASE)
_TEST_COMMENTS = {"test", "testing", "test test", "this is a test", "test response", "asdf",
                  "asdfgh", "ignore", "please ignore", "ignore this"}  # fmt: skip
_PREVIEW_VALUES = {"survey preview", "preview", "survey test", "test", "test response"}


def why_test_entry(row: Listed) -> str | None:
    """Why a response looks like a test entry ("test address", "Status: Survey Preview"…)."""
    who = (row.respondent or "").strip()
    if _TEST_ADDRESS.fullmatch(who):
        return "test address"
    if _EXAMPLE_ADDRESS.fullmatch(who):
        return "example address"
    if _TEST_NAME.fullmatch(who):
        return "test name"
    if " ".join((row.comment or "").split()).strip(" .!").casefold() in _TEST_COMMENTS:
        return "test comment"
    try:
        attributes = json.loads(row.attributes or "{}")
    except ValueError:
        return None
    if isinstance(attributes, dict):
        for key, value in attributes.items():
            if isinstance(value, str) and value.strip().casefold() in _PREVIEW_VALUES:
                return f"{key}: {value.strip()}"
    return None


def _examples_apart(store: Store, flt: Filter) -> tuple[list[tuple[Listed, str]], int]:
    """The test entries, but plain respondents at an example domain only counted.

    Those are most of a demo store (a million addresses at example.com): counting them in
    SQL spares reading each row, and they are dropped anyway when they are half the responses.
    """
    domains, at_one = q.example_domains(store, flt)
    good = [d for d in domains if _EXAMPLE_ADDRESS.fullmatch(f"x@{d}")]
    if good and at_one is not None:
        apart = at_one
    else:
        apart = q.count_at_domains(store, flt, good) if good else 0
    domains = good
    found = []
    for row, at_domain in q.candidates_apart(store, flt, domains):
        apart -= at_domain
        reason = why_test_entry(row)
        if reason is not None:
            found.append((row, reason))
    examples = apart + sum(reason == "example address" for _, reason in found)
    if examples and examples * 2 >= q.with_respondent(store, flt):
        # Example addresses on half the responses or more: made-up data (a demo, a sample
        # file), not a few test entries among real ones.
        found = [(row, reason) for row, reason in found if reason != "example address"]
        apart = 0
    return found, apart


def _test_rows(store: Store, flt: Filter) -> list[tuple[Listed, str]]:
    found, apart = _examples_apart(store, flt)
    if not apart:
        return found
    found = []
    for row in q.candidate_test_entries(store, flt):
        reason = why_test_entry(row)
        if reason is not None:
            found.append((row, reason))
    return found


def _test_findings(store: Store, flt: Filter) -> list[Finding]:
    rows, apart = _examples_apart(store, flt)
    if not rows and not apart:
        return []
    reasons: dict[str, int] = defaultdict(int)
    for _, reason in rows:
        reasons[reason] += 1
    if apart:
        reasons["example address"] += apart
    ranked = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    said = ", ".join(f"{reason}: {n}" for reason, n in ranked[:4])
    count = len(rows) + apart
    return [
        Finding(
            kind="tests",
            title=f"{_n(count, 'response')} look like test entries ({said}"
            + (", …" if len(ranked) > 4 else "")
            + ")",
            count=count,
            command=_command("check", "--show", "tests", *filter_args(flt)),
            details={"reasons": dict(ranked)},
        )
    ]


# A header saying the scale runs backwards.

_GOOD = r"(satisfied|happy|good|great|excellent|best|likely|easy|positive|agree)"
_BAD = (
    r"(dissatisfied|unsatisfied|unhappy|bad|poor|terrible|worst|unlikely|difficult|hard|disagree)"
)
_VERY = r"((very|extremely|completely|totally|highly|most|fully|strongly)\s+)?"
_SAYS = r"\s*(=|:|-|–|—|is|means)\s*"
_REVERSED = re.compile(
    rf"(?<![\d.])(1|one){_SAYS}{_VERY}{_GOOD}\b"
    rf"|(?<![\d.])(5|7|10|five|seven|ten){_SAYS}{_VERY}{_BAD}\b",
    re.IGNORECASE,
)


def says_reversed(header: str) -> bool:
    """True when a rating header says its low end is the good one ("1 = very satisfied")."""
    return _REVERSED.search(header) is not None


def _reversed_questions(store: Store, flt: Filter) -> list[q.QuestionCount]:
    return _ratings(store, flt).reversed


def _reversed_findings(flt: Filter, ratings: _Ratings) -> list[Finding]:
    found = []
    for row in ratings.reversed:
        found.append(
            Finding(
                kind="reversed",
                title=f"{row.source}: the {row.metric.upper()} question {row.question!r} says its"
                f" scale runs backwards; {row.answers} answers are scored as if"
                f" {row.scale.rsplit('-', 1)[-1]} were the best",
                count=row.answers,
                command=_command(
                    "check", "--show", "reversed", *filter_args(replace(flt, sources=(row.source,)))
                ),
                source=row.source,
                details={"metric": row.metric, "question": row.question, "scale": row.scale},
            )
        )
    return found


def _reversed_rows(store: Store, flt: Filter) -> list[Listed]:
    seen: dict[int, Listed] = {}
    for row in _reversed_questions(store, flt):
        found = q.rating_responses(store, flt, row.source, row.metric, question=row.question)
        for response in found:
            seen.setdefault(response.id, response)
    return sorted(seen.values(), key=lambda r: (r.submitted_at or "", r.id))


def check(store: Store, flt: Filter) -> CheckReport:
    """Every finding for the filter (rejects follow only its sources: they have no date)."""
    ratings = _ratings(store, flt)
    findings = [
        *_reject_findings(store, flt),
        *_scale_findings(flt, ratings),
        *_repeat_findings(store, flt),
        *_test_findings(store, flt),
        *_reversed_findings(flt, ratings),
    ]
    return CheckReport(flt, findings)


def show(store: Store, flt: Filter, kind: ShowKind) -> list[tuple[Listed, str]]:
    """The responses behind one kind of finding, each with why it is listed."""
    if kind == "tests":
        return _test_rows(store, flt)
    if kind == "repeats":
        return [(row, "same respondent, same day") for row in q.repeat_responses(store, flt)]
    if kind == "scales":
        return [(row, "answer not on the source's main scale") for row in _scale_rows(store, flt)]
    return [
        (row, "its question says the scale runs backwards") for row in _reversed_rows(store, flt)
    ]


def load_check(opener: Opener, flt: Filter) -> CheckReport:
    """The data-quality findings for the filter, on a store of its own (a thread worker's)."""
    with opener() as store:
        return check(store, flt)

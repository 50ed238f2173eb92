"""What an importer produces: records ready for the store, and problems for `rejects`.

Importers never write to the store and never print: they yield `Record`s and
`Problem`s, and raise `ImportFileError` when a whole file cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from csat_tui.scoring.scales import Metric

Role = Literal[
    "csat",
    "nps",
    "ces",
    "comment",
    "submitted_at",
    "respondent",
    "touchpoint",
    "segment",
    "channel",
    "external_id",
    "agent",
    "team",
    "ignore",
]
"""What a source column means to the store. Columns with no role go to `attributes`."""

ROLES: tuple[Role, ...] = (
    "csat",
    "nps",
    "ces",
    "comment",
    "submitted_at",
    "respondent",
    "touchpoint",
    "segment",
    "channel",
    "external_id",
    "agent",
    "team",
    "ignore",
)


@dataclass(frozen=True, slots=True)
class Answer:
    """One rating question answered: metric, the question's text, the score and its scale."""

    metric: Metric
    question: str
    score: int
    scale: str
    """As stored, e.g. "1-5"."""


@dataclass(slots=True)
class Record:
    """One survey response as it will be stored."""

    line: int
    """The file line where the record starts (1-based), or the item number in JSON."""
    external_id: str
    """The tool's response id, or a content hash (`sha1:…`) of the raw record where it has none."""
    submitted_at: str | None = None
    """ISO 8601 in UTC: `2026-10-01T14:17:43Z`."""
    respondent: str | None = None
    touchpoint: str | None = None
    segment: str | None = None
    channel: str | None = None
    comment: str | None = None
    complete: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)
    """Every other column of the source, kept as text exactly as read."""
    answers: list[Answer] = field(default_factory=list)
    skip_reason: str | None = None
    """Set when the record is deliberately left out: a short label ("survey preview")."""
    skip_detail: str | None = None
    """What the label stands for in this export, for messages: "a Qualtrics preview response
    (Status Survey Preview)"."""
    unanswered: str | None = None
    """"offered" (sent, not answered: counts toward `sent`) or "unoffered"; never a response."""
    agent: str | None = None
    """Who handled the conversation, by name (`Name (email)` is read as Name)."""
    team: str | None = None
    """The team, group, queue or inbox it was handled in."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A cell or a whole record that could not be imported, kept verbatim for `rejects`."""

    line: int | None
    column: str | None
    """The source column's header; None when the whole record is rejected."""
    value: str | None
    """The raw cell, or the raw record for a record-level problem."""
    reason: str
    external_id: str | None = None
    """The record the problem belongs to, when that record itself was imported."""


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """How one source column is read."""

    header: str
    role: Role | None
    """None: kept in `attributes`."""
    scale: str | None = None
    """For rating columns, the scale chosen ("1-5")."""
    date_format: str | None = None
    """For date columns, the format inferred ("ISO 8601", "%d/%m/%Y %H:%M", "unix seconds"…)."""
    how: str = ""
    """Why this role: "header says 'satisfied'", "--map", "preset"…"""
    from_values: bool = False
    """The role was guessed from the column's values (free text → comment), not its header."""


@dataclass(frozen=True, slots=True)
class FilePlan:
    """What an importer found out about a file before reading its records."""

    path: str
    source: str
    """The `responses.source` value: "generic", "surveymonkey"…"""
    preset: str
    encoding: str
    format: str
    """csv, tsv, json, jsonl, xlsx."""
    columns: tuple[ColumnPlan, ...]
    notes: tuple[str, ...] = ()
    layout: str = ""
    """A key for the file's layout (a hash of its first header row), to recall its mapping."""
    mapping: tuple[tuple[str, str], ...] = ()
    """The `--map` entries in force (given, or recalled from an import of the same layout)."""
    forced_preset: bool = False
    """The preset was named (`--preset`, or recalled), not detected."""
    counts_sent: bool = False
    """Every record of the file stands for a survey sent (Zendesk), for the response rate."""
    timezone: str | None = None
    """The `--timezone` in force (given, or recalled with the layout's mapping)."""


@dataclass
class ImportOptions:
    """What the user told the importer (the CLI's options)."""

    preset: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    """`--map COLUMN=ROLE` (ROLE may carry a scale: `csat:1-7`)."""
    timezone: str | None = None
    """IANA zone for times with no zone; None: the one recalled for the layout, else UTC."""
    day_first: bool | None = None
    """True/False settles ambiguous dates; None infers per column."""
    encoding: str | None = None
    """Overrides detection."""
    recall: Callable[[str], Recalled | None] | None = None
    """Looks up the mapping saved with an earlier import of the same layout (by `layout`)."""


@dataclass(frozen=True, slots=True)
class Recalled:
    """The mapping an earlier import of the same layout used."""

    preset: str | None
    """The preset to use, when that import named one; None: detect it."""
    mapping: dict[str, str]
    """Its `--map` entries."""
    origin: str
    """Where it comes from, for the plan's notes: "import #3 (may.csv)"."""
    timezone: str | None = None
    """The `--timezone` that import was given."""


SKIP_FOOTER = "report footer line"
"""Why a row read is no record: it is a report's trailing summary (Chatwoot's period line)."""
SKIP_PREVIEW = "survey preview"
"""Why a record is left out: its author previewing the survey."""
SKIP_TEST = "survey test"
"""Why a record is left out: a test response the tool generated or someone entered."""


class OpenedFile:
    """An import in progress: its plan, and an iterator over its records and problems.

    Use it as a context manager so the file is closed. `position()` tells how many
    bytes of `size` have been read, for a progress bar.
    """

    def __init__(
        self,
        plan: FilePlan,
        items: Iterator[Record | Problem],
        size: int,
        position: Callable[[], int],
        close: Callable[[], None],
        notes: list[str] | None = None,
        left_out: dict[str, int] | None = None,
    ) -> None:
        self.plan = plan
        self.size = size
        self.position = position
        self.notes: list[str] = notes if notes is not None else []
        """Notes found while reading the records (a footer line left out), in order."""
        self.left_out: dict[str, int] = left_out if left_out is not None else {}
        """Rows read that yield no record (a report's footer): reason → count, complete once
        the records have all been read."""
        self._items = items
        self._close = close

    def __iter__(self) -> Iterator[Record | Problem]:
        return self._items

    def __enter__(self) -> OpenedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

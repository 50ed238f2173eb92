"""What a survey response is on its way into the store: records, answers, problems, plans.

A neutral module: importers produce these, the store writes them, and neither imports the
other (importers re-export them from `csat_tui.importers.model`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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


# --- agent and team ------------------------------------------------------------------------
# Who handled the conversation, and the team, group, queue or inbox it was in (en sv de fr es
# pt it nl). "Name (email)" in an agent column is one agent: see `agent_name`.
PEOPLE_HEADERS: Mapping[Role, tuple[str, ...]] = {
    "agent": ("agent", "agent name", "agent email", "assignee", "assignee name", "assigned to",
              "handled by", "teammate", "teammate name", "handläggare", "handlaggare",
              "bearbeiter", "zuständig", "zugewiesen an", "conseiller", "agent assigné",
              "agente", "asignado a", "atribuído a", "responsável", "operatore", "assegnato a",
              "behandelaar", "toegewezen aan", "medewerker"),
    "team": ("group", "group name", "team", "team name", "queue", "inbox", "assigned group",
             "support group", "grupp", "kö", "gruppe", "warteschlange", "groupe", "équipe",
             "file d attente", "grupo", "equipo", "cola", "equipe", "fila", "gruppo", "squadra",
             "coda", "groep", "wachtrij"),
}  # fmt: skip
# --- end of agent and team -----------------------------------------------------------------
"""Normalised headers that name the agent or the team (the importers' roles and the store's
migration 7 read them)."""

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[\W_]+")


def normalise(header: str) -> str:
    """A header as matched: camelCase split, lower-case, punctuation as single spaces."""
    return _NON_WORD.sub(" ", _CAMEL.sub(" ", header).casefold()).strip()


_WITH_ADDRESS = re.compile(r"^(?P<name>.*?\S)\s*[(<]\s*[^()<>\s]+@[^()<>\s]+\s*[)>]$")


def agent_name(text: str | None) -> str | None:
    """The agent's name as stored: trimmed, an address in brackets after it left out.

    A cell that is only an address stays the address; a blank cell is None.
    """
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    found = _WITH_ADDRESS.match(text)
    return found["name"] if found else text

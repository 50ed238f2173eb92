"""A preset: a survey tool's export described as data, plus hooks where data is not enough.

The generic importer reads every preset's file; a preset only adds knowledge about the
file (how to spot it, how many header rows it has, what its columns mean, which rows
are not responses).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from csat_tui.importers.model import Record

Cells = Sequence[Any]
"""One row's cells as read (text for CSV, typed values for JSON and XLSX)."""


@dataclass(frozen=True, slots=True)
class Header:
    """What a preset read from a file's header rows."""

    headers: list[str]
    roles: Mapping[str, str] = field(default_factory=dict)
    """Header → role, as in `--map`, found from the header rows (e.g. Qualtrics ids)."""
    timezone: str | None = None
    """The zone the export states for its times (Qualtrics' `timeZone`)."""
    rows: int = 1
    """How many rows the header took (at most the preset's `header_rows`)."""


def _no_roles() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Preset:
    """One export format: its name, how to recognise it, and what its columns mean."""

    name: str
    """As given to `--preset`, and stored as `FilePlan.preset`."""
    title: str
    source: str
    """The `responses.source` value of its records."""
    signature: tuple[str, ...] = ()
    """Headers that together identify the export (matched case-insensitively)."""
    detect: Callable[[Sequence[str], Sequence[Cells]], bool] | None = None
    """Recognises the export from its first header row and the rows after it."""
    formats: tuple[str, ...] = ("csv",)
    """File formats the tool writes, as listed by `csat-tui presets`."""
    roles: Mapping[str, str] = field(default_factory=_no_roles)
    """Header → role, as in `--map` (`"Rating": "csat:1-5"`, `"Start Date": "date"`)."""
    header_rows: int = 1
    """Rows the header takes; with more than one, `read_header` makes one header row."""
    read_header: Callable[[Sequence[Sequence[str]]], Header] | None = None
    infer_roles: Callable[[Sequence[str], Sequence[Cells]], Mapping[str, str]] | None = None
    """Roles decided from the headers and a sample of rows (a score's metric, say)."""
    timezone: str | None = None
    """The zone of every time in the export, where the tool states it (Typeform: UTC)."""
    footer: Callable[[Cells], bool] | None = None
    """True for a row that is not a record at all (a report's trailing summary line)."""
    skip: Callable[[Mapping[str, str]], tuple[str, str] | None] | None = None
    """Given a row (header → text), why to leave it out (a test response): a short label
    ("survey test") and what it stands for in this export; None to keep the row."""
    unanswered: Callable[[Mapping[str, str]], str | None] | None = None
    """Given a row, "offered" or "unoffered" for a survey sent but not answered, else None."""
    id_columns: tuple[str, ...] = ()
    """With no id column: the columns whose content identifies a response."""
    counts_sent: bool = False
    """Every record stands for a survey sent, answered or not (for the response rate)."""
    finish: Callable[[Record], Record] | None = None
    """A last adjustment of each record (completeness, a fallback date)."""

    def matches(self, headers: Sequence[str], rows: Sequence[Cells] = ()) -> bool:
        """True when the headers (and first rows) look like this preset's export."""
        if self.detect is not None:
            return self.detect(headers, rows)
        if not self.signature:
            return False
        return has_headers(headers, *self.signature)


def has_headers(headers: Sequence[str], *names: str) -> bool:
    """True when every name is among the headers (case-insensitive, trimmed)."""
    folded = {str(h).strip().lstrip("\ufeff").casefold() for h in headers}
    return all(name.casefold() in folded for name in names)


def cell(row: Mapping[str, str], name: str) -> str:
    """A row's cell by header, trimmed ("" when the column is missing)."""
    return (row.get(name) or "").strip()


GENERIC = Preset(
    name="generic",
    title="Any CSV, TSV, XLSX, JSON or JSON Lines file",
    source="generic",
    formats=("csv", "tsv", "xlsx", "json", "jsonl"),
)
"""The fallback: roles are guessed from headers and values."""

"""Test helpers: write records through the real import path."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import count
from typing import Any, TypedDict, Unpack

from csat_tui.importers.model import Answer, FilePlan, Problem, Record
from csat_tui.store.db import Store
from csat_tui.store.writer import ImportWriter, WriteCounts

_ids = count(1)


class RecordFields(TypedDict, total=False):
    """The `Record` fields `record()` takes by keyword, beside its answers and id."""

    respondent: str | None
    touchpoint: str | None
    segment: str | None
    channel: str | None
    comment: str | None
    complete: bool
    attributes: dict[str, Any]
    skip_reason: str | None
    skip_detail: str | None
    unanswered: str | None
    agent: str | None
    team: str | None


def plan(source: str = "generic", path: str = "test.csv") -> FilePlan:
    """A minimal file plan for writing records directly."""
    return FilePlan(path, source, "generic", "utf-8", "csv", ())


def write(
    store: Store, items: Iterable[Record | Problem], source: str = "generic", checksum: str = "x"
) -> WriteCounts:
    """Write records and problems as one import, through ImportWriter."""
    writer = ImportWriter(store, plan(source), checksum, 0)
    writer.start()
    for item in items:
        writer.add(item)
    return writer.commit()


def record(
    csat: int | None = None,
    nps: int | None = None,
    ces: int | None = None,
    *,
    scale: str = "1-5",
    external_id: str | None = None,
    at: str | None = "2026-10-01T12:00:00Z",
    **fields: Unpack[RecordFields],
) -> Record:
    """A record with the given first answers."""
    answers: list[Answer] = []
    if csat is not None:
        answers.append(Answer("csat", "How satisfied?", csat, scale))
    if nps is not None:
        answers.append(Answer("nps", "Recommend?", nps, "0-10"))
    if ces is not None:
        answers.append(Answer("ces", "Easy?", ces, "1-7"))
    return Record(
        line=0,
        external_id=external_id or f"id-{next(_ids)}",
        submitted_at=at,
        answers=answers,
        **fields,
    )

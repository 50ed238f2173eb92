"""Duplicates: a record whose id is taken, compared with what is kept for it.

The import (`ImportWriter`) and its dry run (`CopyCheck`) both tell an exact copy from a
changed one here, and count them through `WriteCounts`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any, cast

from csat_tui.records import FilePlan, Problem, Record
from csat_tui.store.db import Store
from csat_tui.store.write_counts import (
    DUPLICATE_NO_ID,
    DUPLICATE_SAME_ID,
    DUPLICATE_STORED,
    WriteCounts,
)

BATCH_SIZE = 2000
"""Records a dry run checks against the store at once."""
MAX_VARIABLES = 900
"""Ids per `IN (…)`: below SQLite's limit on bound variables."""

Parts = tuple[tuple[Any, ...], str, tuple[tuple[Any, ...], ...]]
"""A record's stored content: (fields, attributes JSON, answers), comparable with ==."""


def parts_of(record: Record) -> Parts:
    """A record's stored content, comparable with what `stored_parts` reads."""
    fields = (
        record.submitted_at or None,
        record.respondent or None,
        record.touchpoint or None,
        record.segment or None,
        record.channel or None,
        record.comment or None,
        record.agent or None,
        record.team or None,
        record.complete,
    )
    attributes = (
        json.dumps(record.attributes, ensure_ascii=False, default=str)
        if record.attributes
        else "{}"
    )
    answers = tuple((a.metric, a.question, a.score, a.scale) for a in record.answers)
    return fields, attributes, answers


_FIELD_NAMES = ("submitted_at", "respondent", "touchpoint", "segment", "channel", "comment",
                "agent", "team", "complete")  # fmt: skip
"""The names of `Parts`' fields, in order."""
_SHOWN_FIELDS = 4


def differing_fields(parts: Parts, kept: Parts) -> list[str]:
    """The names of what differs between two records' stored content, in a stable order:
    fields, then metrics (`csat`), then attributes by their header."""
    names = [name for name, a, b in zip(_FIELD_NAMES, parts[0], kept[0], strict=True) if a != b]
    answers: dict[str, list[list[tuple[Any, ...]]]] = {}
    for side, found in enumerate((parts[2], kept[2])):
        for answer in found:
            answers.setdefault(str(answer[0]), [[], []])[side].append(tuple(answer))
    names += [metric for metric, (a, b) in answers.items() if a != b]
    if parts[1] != kept[1]:
        mine, theirs = json.loads(parts[1]), json.loads(kept[1])
        names += [
            f"attribute {key!r}"
            for key in dict.fromkeys([*mine, *theirs])
            if mine.get(key) != theirs.get(key)
        ]
    return names


def name_fields(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN_FIELDS])
    more = len(names) - _SHOWN_FIELDS
    return shown + (f" and {more} more" if more > 0 else "") if names else "content"


def duplicate_reason(record: Record, parts: Parts, kept: tuple[Parts, bool] | None) -> str | None:
    """What `record` (its content `parts`) is a copy of, given what is `kept` for its id and
    whether this file wrote it; None when it is no exact copy (a changed one)."""
    if kept is None or parts != kept[0]:
        return None
    if not kept[1]:
        return DUPLICATE_STORED
    return DUPLICATE_NO_ID if record.external_id.startswith("sha1:") else DUPLICATE_SAME_ID


def stored_parts(
    conn: sqlite3.Connection, source: str, import_id: int, external_ids: list[str]
) -> dict[str, tuple[Parts, bool]]:
    """What the store holds for these ids of `source`, in `parts_of` form, and whether
    the import `import_id` wrote it (an earlier batch of the same file)."""
    found: dict[str, tuple[Parts, bool]] = {}
    for start in range(0, len(external_ids), MAX_VARIABLES):
        chunk = external_ids[start : start + MAX_VARIABLES]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.execute(
            "SELECT id, import_id, external_id, submitted_at, respondent, touchpoint,"
            " segment, channel, comment, agent, team, complete, attributes FROM responses"
            " WHERE source = ?"
            f" AND external_id IN ({marks})",
            (source, *chunk),
        ).fetchall()
        answers: dict[int, list[tuple[Any, ...]]] = {row[0]: [] for row in rows}
        id_marks = ", ".join("?" for _ in rows)
        for response_id, *answer in conn.execute(
            "SELECT response_id, metric, question, score, scale FROM ratings"
            f" WHERE response_id IN ({id_marks}) ORDER BY response_id, position",
            tuple(answers),
        ):
            answers[response_id].append(tuple(answer))
        for response_id, row_import, external_id, *fields, complete, attributes in rows:
            parts = ((*fields, bool(complete)), attributes, tuple(answers[response_id]))
            found[external_id] = (parts, row_import == import_id)
    return found


def fingerprint(record: Record) -> int:
    """A record's stored content as a hash: equal for records `_parts` finds equal."""
    try:
        return hash(
            (
                record.submitted_at or None,
                record.respondent or None,
                record.touchpoint or None,
                record.segment or None,
                record.channel or None,
                record.comment or None,
                record.complete,
                tuple(record.attributes.items()),
                tuple(record.answers),
            )
        )
    except TypeError:  # an attribute value that is not hashable
        return hash(parts_of(record))


class CopyCheck:
    """A dry run's duplicates, counted as the import would count them, reading the store only.

    Records are compared with the responses stored under their ids (one lookup per batch of
    `BATCH_SIZE`) and with the records before them in the file (by a hash of their content).
    `add()` each record that would be written and every problem, then `finish()`; the counts
    go to `counts`. As in an import, a problem counts when its record's id was imported.
    """

    def __init__(self, store: Store, plan: FilePlan, counts: WriteCounts) -> None:
        self._conn, self._source = store.conn, plan.source
        """Import id 0 belongs to no import: nothing reads as this dry run's own."""
        self.counts = counts
        self._batch: list[Record | Problem] = []
        self._seen: dict[int, int] = {}
        """hash(id) → content hash × 2 + 1 if stored before, for the first record of the file
        with that id (ints only: a dry run of a million rows stays small)."""

    def add(self, item: Record | Problem) -> None:
        """Queue a record or a problem; the batch is checked when full (before a record,
        never between a record and its problems)."""
        if type(item) is Record and len(self._batch) >= BATCH_SIZE:
            self.flush()
        self._batch.append(item)

    def finish(self) -> WriteCounts:
        """Check what is queued; the counts."""
        self.flush()
        return self.counts

    def flush(self) -> None:
        """Check the queued batch against the store and the file so far."""
        batch, self._batch = self._batch, []
        seen, counts = self._seen, self.counts
        fresh = [
            item.external_id
            for item in batch
            if type(item) is Record and hash(item.external_id) not in seen
        ]
        ids = list(dict.fromkeys(fresh))
        stored = stored_parts(self._conn, self._source, 0, ids) if fresh else {}
        content = fingerprint
        imported = 0
        for item in batch:
            if type(item) is Record:
                ext = item.external_id
                key = hash(ext)
                if key not in seen and ext not in stored:
                    seen[key] = content(item) << 1  # the common case: a new response
                    imported += 1
                else:
                    self._check(item, stored)
            else:
                problem = cast(Problem, item)
                owner = seen.get(hash(problem.external_id)) if problem.external_id else None
                if problem.external_id is None or (owner is not None and not owner & 1):
                    counts.reject(problem.reason)
        counts.imported += imported

    def _check(self, record: Record, stored: Mapping[str, tuple[Parts, bool]]) -> None:
        # Imported, an exact copy (of a stored response or of a record before it), or changed.
        counts, ext = self.counts, record.external_id
        key = hash(ext)
        first = self._seen.get(key)
        if first is None:
            kept = stored.get(ext)
            if kept is None:
                self._seen[key] = fingerprint(record) << 1
                counts.imported += 1
                return
            self._seen[key] = hash(kept[0]) << 1 | 1
            parts = parts_of(record)
            if parts == kept[0]:
                counts.duplicate(DUPLICATE_STORED)
            else:
                fields = name_fields(differing_fields(parts, kept[0]))
                counts.changed_copy(ext, record.line, fields, in_file=False)
            return
        before = bool(first & 1)
        content = hash(parts_of(record)) if before else fingerprint(record)
        if content != first >> 1:
            counts.changed_copy(ext, record.line, name_fields([]), in_file=not before)
        elif before:
            counts.duplicate(DUPLICATE_STORED)
        elif ext.startswith("sha1:"):
            counts.duplicate(DUPLICATE_NO_ID)
        else:
            counts.duplicate(DUPLICATE_SAME_ID)

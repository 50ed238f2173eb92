"""Writing one imported file: all of it in one transaction, or nothing.

Rows go in with `executemany` in batches, with ids allocated here, so a million
responses stream through with memory bounded by the batch. What SQL can derive is left
to SQL: the ratings of a response whose answers are one per metric, from one column each,
are copied from its score columns; the daily rows and the comment index are rebuilt at
commit; and a large import into a small store builds the secondary indexes of `responses`
once at commit instead of entry by entry.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from csat_tui.records import SKIP_FOOTER as SKIP_FOOTER
from csat_tui.records import FilePlan, Problem, Record
from csat_tui.store import attribute_index, daily, search
from csat_tui.store.db import Store

BATCH_SIZE = 2000
_MAX_VARIABLES = 900

DEFER_INDEXES_AT = 50_000
"""Responses written by one import, into a store that held fewer, after which the secondary
indexes of `responses` are dropped and built again at commit (inside the transaction)."""
SORT_THREADS = max(0, min(3, (os.cpu_count() or 1) - 1))
"""Helper threads SQLite may sort with while an import builds its indexes and daily rows."""
_DEFERRED_INDEXES = ("idx_responses_scores", "idx_responses_touchpoint", "idx_responses_respondent",
                     "idx_responses_agent", "idx_responses_team")  # fmt: skip

_RESPONSE_COLUMNS = (
    "id",
    "source",
    "external_id",
    "submitted_at",
    "respondent",
    "touchpoint",
    "segment",
    "channel",
    "comment",
    "complete",
    "attributes",
    "import_id",
    "csat",
    "csat_scale",
    "nps",
    "ces",
    "agent",
    "team",
)
# '' stands for NULL in a response row: binding None costs several times more than a string.
_NULLABLE = {"submitted_at", "respondent", "touchpoint", "segment", "channel", "comment",
             "csat", "csat_scale", "nps", "ces", "agent", "team"}  # fmt: skip
_INSERT_RESPONSE = (
    f"INSERT OR IGNORE INTO responses ({', '.join(_RESPONSE_COLUMNS)}) VALUES ("
    + ", ".join("nullif(?, '')" if c in _NULLABLE else "?" for c in _RESPONSE_COLUMNS)
    + ")"
)
_INSERT_RATING = (
    "INSERT INTO ratings (response_id, metric, question, score, scale) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_REJECT = (
    'INSERT INTO rejects (import_id, response_id, line, "column", value, reason)'
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def now_iso() -> str:
    """The current time as stored: ISO 8601 UTC to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


Parts = tuple[tuple[Any, ...], str, tuple[tuple[Any, ...], ...]]
"""A record's stored content: (fields, attributes JSON, answers), comparable with ==."""


def _parts(record: Record) -> Parts:
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


def _rating_columns(plan: FilePlan) -> dict[str, tuple[int, str, str]]:
    """metric → (position, question, scale) for each metric that exactly one column rates."""
    columns = [c for c in plan.columns if c.role in ("csat", "nps", "ces") and c.scale]
    found: dict[str, tuple[int, str, str]] = {}
    for position, column in enumerate(columns):
        metric = str(column.role)
        if sum(c.role == metric for c in columns) == 1 and column.scale:
            found[metric] = (position, column.header, column.scale)
    return found


def record_json(record: Record) -> str:
    """A record as JSON, for a reject that must keep the whole record."""
    data: dict[str, Any] = {
        "external_id": record.external_id,
        "submitted_at": record.submitted_at,
        "respondent": record.respondent,
        "touchpoint": record.touchpoint,
        "segment": record.segment,
        "channel": record.channel,
        "comment": record.comment,
        "agent": record.agent,
        "team": record.team,
        "complete": record.complete,
        "attributes": record.attributes,
        "answers": [[a.metric, a.question, a.score, a.scale] for a in record.answers],
    }
    return json.dumps(data, ensure_ascii=False, default=str)


SKIP_OFFERED = "offered, not answered"
SKIP_UNOFFERED = "never offered"
SKIP_OTHER = "left out by the importer"
DUPLICATE_STORED = "exact copy of a stored response"
DUPLICATE_NO_ID = "identical row in this file (no id)"
DUPLICATE_SAME_ID = "identical row in this file (same id)"
REJECT_CHANGED = "duplicate id with different content"
REJECT_UNREAD = "cell or row not read (reasons in rejects)"
CHANGED_EXAMPLES = 3
"""Changed copies described one by one in the messages; the rest are counted."""
_FIELD_NAMES = ("submitted_at", "respondent", "touchpoint", "segment", "channel", "comment",
                "agent", "team", "complete")  # fmt: skip
"""The names of `Parts`' fields, in order."""
_SHOWN_FIELDS = 4


def _tally(counts: dict[str, int], reason: str, n: int = 1) -> None:
    counts[reason] = counts.get(reason, 0) + n


@dataclass
class WriteCounts:
    """What one file's import did to the store, and why each record left out was left out.

    Every record read is imported, a duplicate, skipped, or (a changed copy) rejected; the
    reasons of `skipped` and `duplicates` add up to them. A dry run counts with the same
    methods, without duplicates.
    """

    records: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejects: int = 0
    reject_reasons: list[str] = field(default_factory=list)
    """The first few reject reasons, for the summary."""
    offered: int = 0
    """Surveys sent but not answered (Zendesk "offered"): counted in `sent` and `skipped`."""
    unoffered: int = 0
    """Records of surveys never sent (Zendesk "unoffered"): counted in `skipped` only."""
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    """Why records were skipped: reason → count, adding up to `skipped`."""
    duplicate_reasons: dict[str, int] = field(default_factory=dict)
    """What each duplicate is a copy of: reason → count, adding up to `duplicates`."""
    changed: int = 0
    """Records rejected as a duplicate id with different content (part of `rejects`)."""
    changed_examples: list[str] = field(default_factory=list)
    """The first few of those, naming the fields that differ."""
    skip_details: dict[str, str] = field(default_factory=dict)
    """Skip label → what the first record skipped for it stood for, for messages."""

    def leave_out(self, record: Record) -> None:
        """Count a record that is not a response: a survey not answered, a preview, a test."""
        if record.unanswered == "offered":
            self.offered += 1
            reason = SKIP_OFFERED
        elif record.unanswered:
            self.unoffered += 1
            reason = SKIP_UNOFFERED
        else:
            reason = record.skip_reason or SKIP_OTHER
            if record.skip_detail:
                self.skip_details.setdefault(reason, record.skip_detail)
        self.skip(reason)

    def skip(self, reason: str, n: int = 1) -> None:
        """Count `n` records skipped for `reason`."""
        self.skipped += n
        _tally(self.skipped_reasons, reason, n)

    def duplicate(self, reason: str) -> None:
        """Count a record that is an exact copy of a response already kept."""
        self.duplicates += 1
        _tally(self.duplicate_reasons, reason)

    def reject(self, reason: str) -> None:
        """Count a cell or row kept in rejects."""
        self.rejects += 1
        if len(self.reject_reasons) < 5:
            self.reject_reasons.append(reason)

    def changed_copy(self, external_id: str, line: int, fields: str, in_file: bool) -> str:
        """Count a record whose id is taken with different content; its reject reason."""
        reason = (
            f"duplicate id {external_id!r} with different content ({fields}): the first one stays"
        )
        self.reject(reason)
        self.changed += 1
        if len(self.changed_examples) < CHANGED_EXAMPLES:
            where = (
                f"appears twice in this file with a different {fields}: the first one stays"
                if in_file
                else f"already stored with a different {fields}: the stored one stays"
            )
            self.changed_examples.append(f"id {external_id!r} (line {line}) {where}")
        return reason

    def reasons(self) -> dict[str, dict[str, int]]:
        """`skipped`, `duplicates` and `rejects` by reason, each adding up to its count."""
        rejects = {REJECT_CHANGED: self.changed, REJECT_UNREAD: self.rejects - self.changed}
        return {
            "skipped": dict(self.skipped_reasons),
            "duplicates": dict(self.duplicate_reasons),
            "rejects": {reason: n for reason, n in rejects.items() if n},
        }


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


def _name_fields(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN_FIELDS])
    more = len(names) - _SHOWN_FIELDS
    return shown + (f" and {more} more" if more > 0 else "") if names else "content"


class ImportWriter:
    """Writes one file's records and problems inside one open transaction.

    Call `start()` (opens the transaction), `add()` for each item, then `commit()`
    or `rollback()`.
    """

    def __init__(self, store: Store, plan: FilePlan, checksum: str, size: int) -> None:
        self.store = store
        self.plan = plan
        self.checksum = checksum
        self.size = size
        self.counts = WriteCounts()
        self.import_id = 0
        self._next_id = 0
        self._records: list[Record] = []
        self._problems: list[Problem] = []
        self._sent: dict[tuple[str | None, str], int] = {}
        """Surveys sent per (touchpoint, day), for a file whose records all stand for one."""
        self._rating_columns = _rating_columns(plan)
        self._prior = 0
        """The store's largest response id before this import (at least its response count)."""
        self._deferred: list[str] = []
        """CREATE INDEX statements of the indexes dropped until commit."""
        self._rating_table = False
        """temp._rating_columns holds this import's rating columns."""
        self._threads: int | None = None
        """The connection's own `PRAGMA threads`, put back when the import ends."""
        self._daily = daily.DailyCounts(_RESPONSE_COLUMNS)

    def start(self) -> None:
        """Take the write lock and register the import."""
        conn = self.store.conn
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.execute(
            "INSERT INTO imports (file_name, path, checksum, size, source, preset, encoding,"
            " mapping, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)",
            (
                self.plan.path.rsplit("/", 1)[-1],
                self.plan.path,
                self.checksum,
                self.size,
                self.plan.source,
                self.plan.preset,
                self.plan.encoding,
                json.dumps(
                    [
                        {
                            "header": c.header,
                            "role": c.role,
                            "scale": c.scale,
                            "date_format": c.date_format,
                            "how": c.how,
                        }
                        for c in self.plan.columns
                    ],
                    ensure_ascii=False,
                ),
                now_iso(),
            ),
        )
        self.import_id = int(cursor.lastrowid or 0)
        self._next_id = int(
            conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0]
        )
        self._prior = self._next_id
        self._threads = int(conn.execute("PRAGMA threads").fetchone()[0])
        conn.execute(f"PRAGMA threads = {SORT_THREADS}")

    def add(self, item: Record | Problem) -> None:
        """Queue one record or problem; writes a batch when enough have queued."""
        if isinstance(item, Problem):
            self._problems.append(item)
            return
        # Flush before a record, never between a record and the problems that follow it.
        if len(self._records) >= BATCH_SIZE or len(self._problems) >= 10 * BATCH_SIZE:
            self.flush()
        self.counts.records += 1
        if item.unanswered or item.skip_reason:
            self.counts.leave_out(item)
            if item.unanswered == "offered":
                self._count_sent(item)
        else:
            self._records.append(item)

    def _count_sent(self, record: Record) -> None:
        if self.plan.counts_sent and record.submitted_at:
            key = (record.touchpoint, record.submitted_at[:10])
            self._sent[key] = self._sent.get(key, 0) + 1

    def flush(self) -> None:
        """Write the queued batch."""
        records, problems = self._records, self._problems
        self._records, self._problems = [], []
        conn = self.store.conn
        ids = self._insert_records(records)
        rows = []
        for problem in problems:
            if problem.external_id is not None and problem.external_id not in ids:
                ids.update(self._lookup_ids([problem.external_id]))
            response_id = ids.get(problem.external_id) if problem.external_id else None
            if problem.external_id is not None and response_id is None:
                continue  # its record was an exact duplicate: the first import kept this reject
            rows.append(
                (
                    self.import_id,
                    response_id,
                    problem.line,
                    problem.column,
                    problem.value,
                    problem.reason,
                )
            )
            self.counts.reject(problem.reason)
        conn.executemany(_INSERT_REJECT, rows)

    def _lookup_ids(self, external_ids: list[str]) -> dict[str, int]:
        # Only responses of this import: a problem never attaches to an older response.
        found: dict[str, int] = {}
        for start in range(0, len(external_ids), _MAX_VARIABLES):
            chunk = external_ids[start : start + _MAX_VARIABLES]
            marks = ", ".join("?" for _ in chunk)
            for external_id, response_id in self.store.conn.execute(
                f"SELECT external_id, id FROM responses WHERE import_id = ? AND source = ?"
                f" AND external_id IN ({marks})",
                (self.import_id, self.plan.source, *chunk),
            ):
                found[external_id] = response_id
        return found

    def _stored_parts(self, external_ids: list[str]) -> dict[str, tuple[Parts, bool]]:
        """What the store holds for these ids of this source, in `_parts` form, and whether
        this import wrote it (an earlier batch of the same file)."""
        conn = self.store.conn
        found: dict[str, tuple[Parts, bool]] = {}
        for start in range(0, len(external_ids), _MAX_VARIABLES):
            chunk = external_ids[start : start + _MAX_VARIABLES]
            marks = ", ".join("?" for _ in chunk)
            rows = conn.execute(
                "SELECT id, import_id, external_id, submitted_at, respondent, touchpoint,"
                " segment, channel, comment, agent, team, complete, attributes FROM responses"
                " WHERE source = ?"
                f" AND external_id IN ({marks})",
                (self.plan.source, *chunk),
            ).fetchall()
            answers: dict[int, list[tuple[Any, ...]]] = {row[0]: [] for row in rows}
            id_marks = ", ".join("?" for _ in rows)
            for response_id, *answer in conn.execute(
                "SELECT response_id, metric, question, score, scale FROM ratings"
                f" WHERE response_id IN ({id_marks}) ORDER BY id",
                tuple(answers),
            ):
                answers[response_id].append(tuple(answer))
            for response_id, import_id, external_id, *fields, complete, attributes in rows:
                parts = ((*fields, bool(complete)), attributes, tuple(answers[response_id]))
                found[external_id] = (parts, import_id == self.import_id)
        return found

    def _insert_records(self, records: list[Record]) -> dict[str, int]:
        """Insert new records; count exact copies; reject changed copies.

        A copy is compared with the response the store keeps for its id: the first of this
        file, or one stored before.

        Returns external id → response id for the records inserted. Ids are allocated
        here; `INSERT OR IGNORE` skips an id the store already has, and a range count
        tells whether any were skipped, so the common case costs no extra lookup.
        """
        if not records:
            return {}
        # Counted in responses actually added: a file imported again adds none.
        if not self._deferred and self.counts.imported >= max(DEFER_INDEXES_AT, self._prior):
            self._defer_indexes()
        first = self._next_id + 1
        next_id = self._next_id
        source, import_id = self.plan.source, self.import_id
        rating_columns = self._rating_columns
        dumps = json.dumps
        ids: dict[str, int] = {}
        batch: dict[str, Record] = {}
        copies: list[Record] = []
        explicit: list[int] = []
        """Ids of the responses whose ratings are not all derivable from their score columns."""
        response_rows: list[tuple[Any, ...]] = []
        for record in records:
            external_id = record.external_id
            if external_id in batch:
                copies.append(record)
                continue
            batch[external_id] = record
            next_id += 1
            ids[external_id] = next_id
            # '' stands for NULL (see _INSERT_RESPONSE).
            csat: int | str = ""
            nps: int | str = ""
            ces: int | str = ""
            csat_scale = ""
            derivable, position = True, -1
            for answer in record.answers:
                metric = answer.metric
                # The first answer of each metric is the response's score for it.
                if metric == "csat":
                    if csat == "":
                        csat, csat_scale = answer.score, answer.scale
                elif metric == "nps":
                    if nps == "":
                        nps = answer.score
                elif metric == "ces" and ces == "":
                    ces = answer.score
                if derivable:
                    # Its column's answer, after the answers of the columns before it.
                    column = rating_columns.get(metric)
                    if (
                        column is not None
                        and column[0] > position
                        and column[1] == answer.question
                        and column[2] == answer.scale
                    ):
                        position = column[0]
                    else:
                        derivable = False
            if not derivable:
                explicit.append(next_id)
            attributes = record.attributes
            response_rows.append(
                (next_id, source, external_id, record.submitted_at or "",
                 record.respondent or "", record.touchpoint or "", record.segment or "",
                 record.channel or "", record.comment or "", 1 if record.complete else 0,
                 dumps(attributes, ensure_ascii=False, default=str) if attributes else "{}",
                 import_id, csat, csat_scale, nps, ces, record.agent or "", record.team or "")
            )  # fmt: skip
        self._next_id = last_id = next_id
        conn = self.store.conn
        conn.executemany(_INSERT_RESPONSE, response_rows)
        inserted = conn.execute(
            "SELECT count(*) FROM responses WHERE id BETWEEN ? AND ?", (first, last_id)
        ).fetchone()[0]
        kept_before: dict[str, tuple[Parts, bool]] = {}
        """The ids this batch found already stored: the stored content, and whether this
        import stored it."""
        if inserted == len(response_rows):
            self._daily.add(response_rows)
        else:
            added = {
                row[0]
                for row in conn.execute(
                    "SELECT id FROM responses WHERE id BETWEEN ? AND ?", (first, last_id)
                )
            }
            self._daily.add(row for row in response_rows if row[0] in added)
            clashed = [ext for ext, response_id in ids.items() if response_id not in added]
            kept_before = self._stored_parts(clashed)
            for ext in clashed:
                del ids[ext]
                self._compare_copy(batch[ext], kept_before.get(ext))
        for record in copies:
            ext = record.external_id
            self._compare_copy(
                record, (_parts(batch[ext]), True) if ext in ids else kept_before.get(ext)
            )
        self._insert_ratings(first, last_id, explicit, batch, ids)
        self.counts.imported += len(ids)
        if self.plan.counts_sent:
            for ext in ids:
                self._count_sent(batch[ext])
        return ids

    def _insert_ratings(
        self,
        first: int,
        last: int,
        explicit: list[int],
        batch: dict[str, Record],
        ids: dict[str, int],
    ) -> None:
        """The ratings of responses `first`…`last`: copied from their score columns in SQL,
        except for the `explicit` ones, which are written answer by answer."""
        conn = self.store.conn
        if explicit:
            wanted = set(explicit)
            conn.executemany(
                _INSERT_RATING,
                [
                    (ids[ext], answer.metric, answer.question, answer.score, answer.scale)
                    for ext, record in batch.items()
                    if ids.get(ext) in wanted
                    for answer in record.answers
                ],
            )
        if not self._rating_columns or len(explicit) == last - first + 1:
            return
        if not self._rating_table:
            self._rating_table = True
            conn.execute("DROP TABLE IF EXISTS temp._rating_columns")
            conn.execute(
                "CREATE TEMP TABLE _rating_columns"
                " (position INTEGER PRIMARY KEY, metric TEXT, question TEXT, scale TEXT)"
            )
            conn.executemany(
                "INSERT INTO temp._rating_columns VALUES (?, ?, ?, ?)",
                [(pos, metric, question, scale)
                 for metric, (pos, question, scale) in self._rating_columns.items()],
            )  # fmt: skip
        # Response by response, answers in column order: the order they were read in.
        conn.execute(
            "INSERT INTO ratings (response_id, metric, question, score, scale)"
            " SELECT r.id, c.metric, c.question, CASE c.metric WHEN 'csat' THEN r.csat"
            " WHEN 'nps' THEN r.nps ELSE r.ces END AS score, c.scale"
            " FROM responses r CROSS JOIN temp._rating_columns c"
            " WHERE r.id BETWEEN ? AND ? AND score IS NOT NULL"
            " AND r.id NOT IN (SELECT value FROM json_each(?))"
            " ORDER BY r.id, c.position",
            (first, last, json.dumps(explicit)),
        )

    def _compare_copy(self, record: Record, kept: tuple[Parts, bool] | None) -> None:
        """A record whose id is already taken: an exact copy is counted, a changed one rejected.

        `kept` is the content the store keeps for the id, and whether this file wrote it.
        """
        parts = _parts(record)
        if kept is not None and parts == kept[0]:
            if not kept[1]:
                self.counts.duplicate(DUPLICATE_STORED)
            elif record.external_id.startswith("sha1:"):
                self.counts.duplicate(DUPLICATE_NO_ID)
            else:
                self.counts.duplicate(DUPLICATE_SAME_ID)
        else:
            self._reject_changed_copy(record, parts, kept)

    def _reject_changed_copy(
        self, record: Record, parts: Parts, kept: tuple[Parts, bool] | None
    ) -> None:
        fields = _name_fields(differing_fields(parts, kept[0]) if kept is not None else [])
        in_file = kept is not None and kept[1]
        reason = self.counts.changed_copy(record.external_id, record.line, fields, in_file)
        self.store.conn.execute(
            _INSERT_REJECT,
            (self.import_id, None, record.line, None, record_json(record), reason),
        )

    def _defer_indexes(self) -> None:
        """Drop the secondary indexes of `responses` until commit builds them again."""
        conn = self.store.conn
        marks = ", ".join("?" for _ in _DEFERRED_INDEXES)
        found = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
            _DEFERRED_INDEXES,
        ).fetchall()
        for name, sql in found:
            conn.execute(f'DROP INDEX "{name}"')
            self._deferred.append(sql)

    def commit(self, status: str = "done", messages: list[str] | None = None) -> WriteCounts:
        """Write what is queued, record the counts, and commit the whole file."""
        self.flush()
        conn = self.store.conn
        for sql in self._deferred:
            conn.execute(sql)
        self._deferred = []
        if self._rating_table:
            conn.execute("DROP TABLE temp._rating_columns")
            self._rating_table = False
        self._write_sent()
        daily.refresh_for_import(conn, self.import_id, self._daily)
        search.index_import(conn, self.import_id)
        attribute_index.index_import(conn, self.import_id)
        c = self.counts
        conn.execute(
            "UPDATE imports SET records = ?, imported = ?, duplicates = ?, skipped = ?,"
            " rejects = ?, status = ?, messages = ?, finished_at = ? WHERE id = ?",
            (
                c.records,
                c.imported,
                c.duplicates,
                c.skipped,
                c.rejects,
                status,
                json.dumps(messages or [], ensure_ascii=False),
                now_iso(),
                self.import_id,
            ),
        )
        conn.execute("COMMIT")
        self._restore_threads()
        return c

    def _restore_threads(self) -> None:
        if self._threads is not None:
            self.store.conn.execute(f"PRAGMA threads = {self._threads}")
            self._threads = None

    def _write_sent(self) -> None:
        """Record the surveys sent that this file shows (answered ones only when new)."""
        if not self._sent:
            return
        conn = self.store.conn
        # Offered surveys have no id of their own here: the same file twice counts once.
        again = conn.execute(
            "SELECT 1 FROM imports WHERE checksum = ? AND status = 'done' AND id != ?",
            (self.checksum, self.import_id),
        ).fetchone()
        if again:
            return
        conn.executemany(
            "INSERT INTO sent (source, touchpoint, period_start, period_end, count)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (self.plan.source, touchpoint, day, day, count)
                for (touchpoint, day), count in sorted(
                    self._sent.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")
                )
            ],
        )

    def rollback(self) -> None:
        """Undo everything this file wrote."""
        if self.store.conn.in_transaction:
            self.store.conn.execute("ROLLBACK")
        self._deferred = []
        self._rating_table = False
        self._restore_threads()


def _fingerprint(record: Record) -> int:
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
        return hash(_parts(record))


class CopyCheck:
    """A dry run's duplicates, counted as the import would count them, reading the store only.

    Records are compared with the responses stored under their ids (one lookup per batch of
    `BATCH_SIZE`) and with the records before them in the file (by a hash of their content).
    `add()` each record that would be written and every problem, then `finish()`; the counts
    go to `counts`. As in an import, a problem counts when its record's id was imported.
    """

    def __init__(self, store: Store, plan: FilePlan, counts: WriteCounts) -> None:
        self._reader = ImportWriter(store, plan, "", 0)
        """Never started: its import id 0 belongs to no import, so nothing reads as its own."""
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
        stored = self._reader._stored_parts(list(dict.fromkeys(fresh))) if fresh else {}
        fingerprint = _fingerprint
        imported = 0
        for item in batch:
            if type(item) is Record:
                ext = item.external_id
                key = hash(ext)
                if key not in seen and ext not in stored:
                    seen[key] = fingerprint(item) << 1  # the common case: a new response
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
                self._seen[key] = _fingerprint(record) << 1
                counts.imported += 1
                return
            self._seen[key] = hash(kept[0]) << 1 | 1
            parts = _parts(record)
            if parts == kept[0]:
                counts.duplicate(DUPLICATE_STORED)
            else:
                fields = _name_fields(differing_fields(parts, kept[0]))
                counts.changed_copy(ext, record.line, fields, in_file=False)
            return
        before = bool(first & 1)
        fingerprint = hash(_parts(record)) if before else _fingerprint(record)
        if fingerprint != first >> 1:
            counts.changed_copy(ext, record.line, _name_fields([]), in_file=not before)
        elif before:
            counts.duplicate(DUPLICATE_STORED)
        elif ext.startswith("sha1:"):
            counts.duplicate(DUPLICATE_NO_ID)
        else:
            counts.duplicate(DUPLICATE_SAME_ID)

"""Writing one imported file: all of it in one transaction, or nothing.

Rows go in with `executemany` in batches, with ids allocated here, so a million
responses stream through with memory bounded by the batch. What SQL can derive is left
to SQL: the ratings of a response whose answers are one per metric, from one column each,
are not written at all (derived from its score columns, see `store.ratings`); the comment
index takes each batch's comments as the process that read them tokenised them; the daily
rows are rebuilt at commit; and a large import into a small store builds the secondary
indexes of `responses` once at commit instead of entry by entry.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import Any

from csat_tui.records import SKIP_FOOTER as SKIP_FOOTER
from csat_tui.records import FilePlan, Problem, Record
from csat_tui.store import attribute_index, customer_tiers, daily, search
from csat_tui.store.db import Store, no_waiting
from csat_tui.store.duplicates import CopyCheck as CopyCheck
from csat_tui.store.duplicates import (
    Parts,
    differing_fields,
    duplicate_reason,
    name_fields,
    parts_of,
    stored_parts,
)
from csat_tui.store.prepare import BATCH_SIZE as BATCH_SIZE
from csat_tui.store.prepare import RESPONSE_COLUMNS, Batch, Preparer, count_sent
from csat_tui.store.rating_copy import RatingCopy
from csat_tui.store.write_counts import (
    CHANGED_EXAMPLES as CHANGED_EXAMPLES,
)
from csat_tui.store.write_counts import (
    DUPLICATE_NO_ID as DUPLICATE_NO_ID,
)
from csat_tui.store.write_counts import (
    DUPLICATE_SAME_ID as DUPLICATE_SAME_ID,
)
from csat_tui.store.write_counts import (
    DUPLICATE_STORED as DUPLICATE_STORED,
)
from csat_tui.store.write_counts import (
    REJECT_CHANGED as REJECT_CHANGED,
)
from csat_tui.store.write_counts import (
    REJECT_UNREAD as REJECT_UNREAD,
)
from csat_tui.store.write_counts import (
    SKIP_OFFERED as SKIP_OFFERED,
)
from csat_tui.store.write_counts import (
    SKIP_OTHER as SKIP_OTHER,
)
from csat_tui.store.write_counts import (
    SKIP_UNOFFERED as SKIP_UNOFFERED,
)
from csat_tui.store.write_counts import WriteCounts as WriteCounts

_MAX_VARIABLES = 900
"""Ids per `IN (…)`: below SQLite's limit on bound variables."""

DEFER_INDEXES_AT = 50_000
"""Responses written by one import, into a store that held fewer, after which the secondary
indexes of `responses` are dropped and built again at commit (inside the transaction). A
direct write (`DIRECT_WRITE_BYTES`: a large file into an empty store) drops them from its
first batch."""
DIRECT_WRITE_BYTES = 4 << 20
"""A file at least this large, imported into a store with no responses yet, is written with
a rollback journal instead of the WAL when no other connection has the store open: every
page it writes is new, and a rollback journal keeps only the pages that existed before (a
few), where the WAL would hold every page once more and copy it into the store at the
checkpoint. Crash safety is the same (`synchronous = FULL` while it lasts); the store goes
back to WAL when the import ends (or, after a crash, when it is next opened). The price:
a command started during such an import waits for it even to read, so only an empty store
(nothing to read yet) is written this way."""
SORT_THREADS = max(0, min(3, (os.cpu_count() or 1) - 1))
"""Helper threads SQLite may sort with while an import builds its indexes and daily rows."""
_DEFERRED_INDEXES = ("idx_responses_submitted", "idx_responses_touchpoint",
                     "idx_responses_respondent", "idx_responses_agent", "idx_responses_team",
                     "idx_responses_csat_order", "idx_responses_nps_order",
                     "idx_responses_ces_order")  # fmt: skip

# '' stands for NULL in a response row: binding None costs several times more than a string.
_NULLABLE = {"submitted_at", "respondent", "touchpoint", "segment", "channel", "comment",
             "csat", "csat_scale", "nps", "ces", "agent", "team"}  # fmt: skip
_INSERT_RESPONSE = (
    f"INSERT OR IGNORE INTO responses ({', '.join(RESPONSE_COLUMNS)}) VALUES ("
    + ", ".join("nullif(?, '')" if c in _NULLABLE else "?" for c in RESPONSE_COLUMNS)
    + ")"
)
_INSERT_REJECT = (
    'INSERT INTO rejects (import_id, response_id, line, "column", value, reason)'
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def now_iso() -> str:
    """The current time as stored: ISO 8601 UTC to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


class ImportWriter:
    """Writes one file's records and problems inside one open transaction.

    Use `ImportWriter.open(…)` as a context manager and `add()` each item: the file is
    committed when the block ends, rolled back if it raises. (`start()`, `commit()` and
    `rollback()` are its steps, for tests that drive them one by one.)
    """

    @classmethod
    @contextmanager
    def open(
        cls,
        store: Store,
        plan: FilePlan,
        checksum: str,
        size: int,
        *,
        doing: str | None = None,
        messages: list[str] | None = None,
    ) -> Iterator[ImportWriter]:
        """A writer with its transaction open; committed (with `messages`, as they are at the
        end of the block) when the block ends, rolled back when it raises, whatever it
        raises. `doing` says what the write is to whoever waits for the store."""
        writer = cls(store, plan, checksum, size)
        if doing is not None:
            store.busy_with(doing)
        writer.start()
        try:
            yield writer
        except BaseException:
            writer.rollback()
            raise
        writer.commit(messages=messages)

    def __init__(self, store: Store, plan: FilePlan, checksum: str, size: int) -> None:
        self.store = store
        self.plan = plan
        self.checksum = checksum
        self.size = size
        self.counts = WriteCounts()
        self.import_id = 0
        self._preparer = Preparer(plan, 0, 0, self.counts)
        self._sent = self._preparer.sent
        """Surveys sent per (touchpoint, day), for a file whose records all stand for one."""
        self._ratings = RatingCopy(store.conn, plan)
        self._prior = 0
        """The store's largest response id before this import (at least its response count)."""
        self._deferred: list[str] = []
        """CREATE INDEX statements of the indexes dropped until commit."""
        self._threads: int | None = None
        """The connection's own `PRAGMA threads`, put back when the import ends."""
        self._days: set[str] = set()
        """The days (YYYY-MM-DD, '' for none) of the responses this import added."""
        self._direct = False
        """Written with a rollback journal (see `DIRECT_WRITE_BYTES`), WAL again at the end."""

    def start(self) -> None:
        """Take the write lock and register the import."""
        conn = self.store.conn
        self._write_directly()
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
        self._prior = int(conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0])
        self._preparer = Preparer(self.plan, self.import_id, self._prior, self.counts)
        self._sent = self._preparer.sent
        self._ratings.start(self.import_id)
        self._threads = int(conn.execute("PRAGMA threads").fetchone()[0])
        conn.execute(f"PRAGMA threads = {SORT_THREADS}")

    def _write_directly(self) -> None:
        """Leave WAL for this import when it pays and no one else has the store open."""
        conn = self.store.conn
        if self.size < DIRECT_WRITE_BYTES or conn.in_transaction:
            return
        if conn.execute("SELECT 1 FROM responses LIMIT 1").fetchone() is not None:
            return
        try:
            with no_waiting(conn):
                mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            return  # another connection has it open: WAL, so its reads go on
        if str(mode).lower() == "delete":
            self._direct = True
            conn.execute("PRAGMA synchronous = FULL")

    def _back_to_wal(self) -> None:
        if not self._direct:
            return
        self._direct = False
        conn = self.store.conn
        conn.execute("PRAGMA synchronous = NORMAL")
        # A reader arrived meanwhile: the next opening of the store goes back to WAL.
        with no_waiting(conn), suppress(sqlite3.OperationalError):
            conn.execute("PRAGMA journal_mode = WAL")

    def preparer(self, counts: WriteCounts | None = None) -> Preparer:
        """A `Preparer` for this import's records, allocating ids after the last one this
        writer allocated (for a worker process: `flush` first, give it the rest of the
        records, `write` its batches, and `take_read` its counts at the end)."""
        return Preparer(self.plan, self.import_id, self._preparer.next_id, counts)

    def add(self, item: Record | Problem) -> None:
        """Queue one record or problem; writes a batch when enough have queued."""
        batch = self._preparer.add(item)
        if batch is not None:
            self.write(batch)

    def take_read(self, counts: WriteCounts, sent: dict[tuple[str | None, str], int]) -> None:
        """Count what another process's `Preparer` read (records, those left out, surveys
        offered)."""
        self.counts.take_read(counts)
        for key, n in sent.items():
            self._sent[key] = self._sent.get(key, 0) + n

    def batch_full(self) -> bool:
        """Is a batch due before the next record (a `flush` here splits the records as
        adding them would)?"""
        return self._preparer.full()

    def flush(self) -> None:
        """Write the queued batch."""
        self.write(self._preparer.take())

    def write(self, batch: Batch) -> None:
        """Write one batch: its responses, their ratings, copies and problems."""
        conn = self.store.conn
        ids = self._insert_rows(batch)
        rows = []
        for problem in batch.problems:
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

    def _insert_rows(self, batch: Batch) -> dict[str, int]:
        """Insert a batch's responses; count exact copies; reject changed copies.

        A copy is compared with the response the store keeps for its id: the first of this
        file, or one stored before.

        Returns external id → response id for the responses inserted (only when needed:
        empty when the batch has no problem naming a record). `INSERT OR IGNORE` skips an
        id the store already has, and a range count tells whether any were skipped, so the
        common case costs no extra lookup.
        """
        rows = batch.rows
        if not rows:
            return {}
        # Counted in responses actually added: a file imported again adds none.
        if not self._deferred and (
            self._direct or self.counts.imported >= max(DEFER_INDEXES_AT, self._prior)
        ):
            self._defer_indexes()
        first, last_id = batch.first, batch.last
        source, import_id = self.plan.source, self.import_id
        conn = self.store.conn
        conn.executemany(_INSERT_RESPONSE, rows)
        inserted = conn.execute(
            "SELECT count(*) FROM responses WHERE id BETWEEN ? AND ?", (first, last_id)
        ).fetchone()[0]
        kept_before: dict[str, tuple[Parts, bool]] = {}
        """The ids this batch found already stored: the stored content, and whether this
        import stored it."""
        columns = self._preparer.columns
        named = batch.copies or any(p.external_id is not None for p in batch.problems)
        ids: dict[str, int] = {row[2]: row[0] for row in rows} if named else {}
        explicit = batch.explicit
        if inserted == len(rows):
            self._days.update(batch.days)
            added = None
        else:
            added = {
                row[0]
                for row in conn.execute(
                    "SELECT id FROM responses WHERE id BETWEEN ? AND ?", (first, last_id)
                )
            }
            self._days.update({row[3][:10] for row in rows if row[0] in added})
            clashed = [n for n, row in enumerate(rows) if row[0] not in added]
            kept_before = stored_parts(
                self.store.conn, source, import_id, [rows[n][2] for n in clashed]
            )
            for n in clashed:
                record = batch.record(n, columns)
                self._compare_copy(record, kept_before.get(record.external_id))
            ids = {row[2]: row[0] for row in rows if row[0] in added}
            explicit = [rating for rating in explicit if rating[0] in added]
        if batch.copies:
            index = {row[2]: n for n, row in enumerate(rows)}
            for record in batch.copies:
                ext = record.external_id
                self._compare_copy(
                    record,
                    (parts_of(batch.record(index[ext], columns)), True)
                    if ext in ids
                    else kept_before.get(ext),
                )
        self._ratings.insert(explicit)
        search.add_bodies(
            conn, batch.bodies if added is None else [b for b in batch.bodies if b[0] in added]
        )
        self.counts.imported += inserted
        if self.plan.counts_sent:
            for row in rows:
                if added is None or row[0] in added:
                    count_sent(self.plan, self._sent, row[5] or None, row[3] or None)
        return ids

    def _compare_copy(self, record: Record, kept: tuple[Parts, bool] | None) -> None:
        """A record whose id is already taken: an exact copy is counted, a changed one rejected.

        `kept` is the content the store keeps for the id, and whether this file wrote it.
        """
        parts = parts_of(record)
        reason = duplicate_reason(record, parts, kept)
        if reason is not None:
            self.counts.duplicate(reason)
        else:
            self._reject_changed_copy(record, parts, kept)

    def _reject_changed_copy(
        self, record: Record, parts: Parts, kept: tuple[Parts, bool] | None
    ) -> None:
        fields = name_fields(differing_fields(parts, kept[0]) if kept is not None else [])
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
        self._write_sent()
        daily.refresh_for_import(conn, self.import_id, {day or None for day in self._days})
        customer_tiers.refresh(conn)
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
        self._back_to_wal()
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
        self._restore_threads()
        self._back_to_wal()

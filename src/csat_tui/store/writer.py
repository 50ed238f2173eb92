"""Writing one imported file: all of it in one transaction, or nothing.

Rows go in with `executemany` in batches, with ids allocated here, so a million
responses stream through with memory bounded by the batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from csat_tui.importers.model import FilePlan, Problem, Record
from csat_tui.store import daily, search
from csat_tui.store.db import Store

BATCH_SIZE = 2000
_MAX_VARIABLES = 900

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
)
_INSERT_RESPONSE = (
    f"INSERT OR IGNORE INTO responses ({', '.join(_RESPONSE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _RESPONSE_COLUMNS)})"
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
        record.submitted_at,
        record.respondent,
        record.touchpoint,
        record.segment,
        record.channel,
        record.comment,
        record.complete,
    )
    attributes = (
        json.dumps(record.attributes, ensure_ascii=False, default=str)
        if record.attributes
        else "{}"
    )
    answers = tuple((a.metric, a.question, a.score, a.scale) for a in record.answers)
    return fields, attributes, answers


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
        "complete": record.complete,
        "attributes": record.attributes,
        "answers": [[a.metric, a.question, a.score, a.scale] for a in record.answers],
    }
    return json.dumps(data, ensure_ascii=False, default=str)


@dataclass
class WriteCounts:
    """What one file's import did to the store."""

    records: int = 0
    imported: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejects: int = 0
    reject_reasons: list[str] = field(default_factory=list)
    """The first few reject reasons, for the summary."""
    offered: int = 0
    """Surveys sent but not answered (Zendesk "offered"): counted in `sent`, not stored."""
    unoffered: int = 0
    """Records of surveys never sent (Zendesk "unoffered"): neither responses nor sent."""


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

    def add(self, item: Record | Problem) -> None:
        """Queue one record or problem; writes a batch when enough have queued."""
        if isinstance(item, Problem):
            self._problems.append(item)
            return
        # Flush before a record, never between a record and the problems that follow it.
        if len(self._records) >= BATCH_SIZE or len(self._problems) >= 10 * BATCH_SIZE:
            self.flush()
        self.counts.records += 1
        if item.unanswered:
            if item.unanswered == "offered":
                self.counts.offered += 1
                self._count_sent(item)
            else:
                self.counts.unoffered += 1
        elif item.skip_reason:
            self.counts.skipped += 1
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
            self._note_reject(problem.reason)
        conn.executemany(_INSERT_REJECT, rows)

    def _note_reject(self, reason: str) -> None:
        self.counts.rejects += 1
        if len(self.counts.reject_reasons) < 5:
            self.counts.reject_reasons.append(reason)

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

    def _stored_parts(self, external_ids: list[str]) -> dict[str, Parts]:
        """What the store holds for these ids of this source, in `_parts` form."""
        conn = self.store.conn
        found: dict[str, Parts] = {}
        for start in range(0, len(external_ids), _MAX_VARIABLES):
            chunk = external_ids[start : start + _MAX_VARIABLES]
            marks = ", ".join("?" for _ in chunk)
            rows = conn.execute(
                "SELECT id, external_id, submitted_at, respondent, touchpoint, segment, channel,"
                f" comment, complete, attributes FROM responses WHERE source = ?"
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
            for response_id, external_id, *fields, complete, attributes in rows:
                found[external_id] = (
                    (*fields, bool(complete)),
                    attributes,
                    tuple(answers[response_id]),
                )
        return found

    def _insert_records(self, records: list[Record]) -> dict[str, int]:
        """Insert new records; count exact copies; reject changed copies.

        Returns external id → response id for the records inserted. Ids are allocated
        here; `INSERT OR IGNORE` skips an id the store already has, and a range count
        tells whether any were skipped, so the common case costs no extra lookup.
        """
        if not records:
            return {}
        first = self._next_id + 1
        source, import_id = self.plan.source, self.import_id
        ids: dict[str, int] = {}
        batch: dict[str, tuple[Record, Parts]] = {}
        copies: list[tuple[Record, Parts]] = []
        response_rows: list[tuple[Any, ...]] = []
        for record in records:
            parts = _parts(record)
            if record.external_id in batch:
                copies.append((record, parts))
                continue
            batch[record.external_id] = (record, parts)
            self._next_id += 1
            ids[record.external_id] = self._next_id
            fields, attributes, answers = parts
            csat = nps = ces = csat_scale = None
            for metric, _question, score, scale in answers:
                # The first answer of each metric is the response's score for it.
                if metric == "csat" and csat is None:
                    csat, csat_scale = score, scale
                elif metric == "nps" and nps is None:
                    nps = score
                elif metric == "ces" and ces is None:
                    ces = score
            response_rows.append(
                (self._next_id, source, record.external_id, *fields[:6], 1 if fields[6] else 0,
                 attributes, import_id, csat, csat_scale, nps, ces)
            )  # fmt: skip
        conn = self.store.conn
        conn.executemany(_INSERT_RESPONSE, response_rows)
        last = self._next_id
        inserted = conn.execute(
            "SELECT count(*) FROM responses WHERE id BETWEEN ? AND ?", (first, last)
        ).fetchone()[0]
        if inserted < len(response_rows):
            kept = {
                row[0]
                for row in conn.execute(
                    "SELECT id FROM responses WHERE id BETWEEN ? AND ?", (first, last)
                )
            }
            clashed = [ext for ext, response_id in ids.items() if response_id not in kept]
            stored = self._stored_parts(clashed)
            for ext in clashed:
                del ids[ext]
                self._compare_copy(batch[ext][0], batch[ext][1], stored.get(ext))
        for record, parts in copies:
            self._compare_copy(record, parts, batch[record.external_id][1])
        conn.executemany(
            _INSERT_RATING,
            [
                (ids[ext], *answer)
                for ext, (_record, (_f, _a, answers)) in batch.items()
                if ext in ids
                for answer in answers
            ],
        )
        self.counts.imported += len(ids)
        if self.plan.counts_sent:
            for ext in ids:
                self._count_sent(batch[ext][0])
        return ids

    def _compare_copy(self, record: Record, parts: Parts, first: Parts | None) -> None:
        """A record whose id is already taken: an exact copy is counted, a changed one rejected."""
        if parts == first:
            self.counts.duplicates += 1
        else:
            self._reject_changed_copy(record)

    def _reject_changed_copy(self, record: Record) -> None:
        reason = f"duplicate id {record.external_id!r} with different content: the first one stays"
        self.store.conn.execute(
            _INSERT_REJECT,
            (self.import_id, None, record.line, None, record_json(record), reason),
        )
        self._note_reject(reason)

    def commit(self, status: str = "done", messages: list[str] | None = None) -> WriteCounts:
        """Write what is queued, record the counts, and commit the whole file."""
        self.flush()
        self._write_sent()
        daily.refresh_for_import(self.store.conn, self.import_id)
        search.index_import(self.store.conn, self.import_id)
        c = self.counts
        self.store.conn.execute(
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
        self.store.conn.execute("COMMIT")
        return c

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

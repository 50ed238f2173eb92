"""Writing one imported file: all of it in one transaction, or nothing.

Rows go in with `executemany` in batches, with ids allocated here, so a million
responses stream through with memory bounded by the batch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from csat_tui.importers.model import FilePlan, Problem, Record
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
    "content_hash",
    "csat",
    "csat_scale",
    "nps",
    "ces",
)
_INSERT_RESPONSE = (
    f"INSERT INTO responses ({', '.join(_RESPONSE_COLUMNS)}) "
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


def _digest(fields: tuple[Any, ...], attributes: str, answers: tuple[Any, ...]) -> str:
    text = repr((fields, attributes, answers))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _parts(record: Record) -> tuple[tuple[Any, ...], str, tuple[tuple[Any, ...], ...]]:
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


def content_hash(record: Record) -> str:
    """A fingerprint of everything a record stores, to tell an exact copy from a changed one."""
    return _digest(*_parts(record))


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
        elif item.skip_reason:
            self.counts.records += 1
            self.counts.skipped += 1
        else:
            self.counts.records += 1
            self._records.append(item)
        # Flush only after a record, so problems yielded just before their record share its batch.
        if isinstance(item, Record) and (
            len(self._records) >= BATCH_SIZE or len(self._problems) >= 10 * BATCH_SIZE
        ):
            self.flush()

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

    def _existing_hashes(self, external_ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(external_ids), _MAX_VARIABLES):
            chunk = external_ids[start : start + _MAX_VARIABLES]
            marks = ", ".join("?" for _ in chunk)
            for external_id, digest in self.store.conn.execute(
                f"SELECT external_id, content_hash FROM responses WHERE source = ?"
                f" AND external_id IN ({marks})",
                (self.plan.source, *chunk),
            ):
                found[external_id] = digest
        return found

    def _insert_records(self, records: list[Record]) -> dict[str, int]:
        """Insert new records; count copies; reject changed copies. Returns external id → id."""
        if not records:
            return {}
        existing = self._existing_hashes(list({r.external_id for r in records}))
        ids: dict[str, int] = {}
        response_rows: list[tuple[Any, ...]] = []
        rating_rows: list[tuple[Any, ...]] = []
        source, import_id = self.plan.source, self.import_id
        for record in records:
            fields, attributes, answers = _parts(record)
            digest = _digest(fields, attributes, answers)
            seen = existing.get(record.external_id)
            if seen is not None:
                if seen == digest:
                    self.counts.duplicates += 1
                else:
                    self._reject_changed_copy(record)
                continue
            existing[record.external_id] = digest
            self._next_id += 1
            response_id = self._next_id
            ids[record.external_id] = response_id
            csat = nps = ces = csat_scale = None
            for metric, question, score, scale in answers:
                rating_rows.append((response_id, metric, question, score, scale))
                # The first answer of each metric is the response's score for it.
                if metric == "csat" and csat is None:
                    csat, csat_scale = score, scale
                elif metric == "nps" and nps is None:
                    nps = score
                elif metric == "ces" and ces is None:
                    ces = score
            response_rows.append(
                (
                    response_id,
                    source,
                    record.external_id,
                    *fields[:6],
                    1 if record.complete else 0,
                    attributes,
                    import_id,
                    digest,
                    csat,
                    csat_scale,
                    nps,
                    ces,
                )
            )
        conn = self.store.conn
        conn.executemany(_INSERT_RESPONSE, response_rows)
        conn.executemany(_INSERT_RATING, rating_rows)
        self.counts.imported += len(response_rows)
        return ids

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

    def rollback(self) -> None:
        """Undo everything this file wrote."""
        if self.store.conn.in_transaction:
            self.store.conn.execute("ROLLBACK")

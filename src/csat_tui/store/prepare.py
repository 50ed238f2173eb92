"""The writer's per-row work, which needs no store: records and problems into batches of
rows ready for `executemany`.

`Preparer` does it for `ImportWriter`, in the same process or in a worker process that
reads the file while the writer inserts (`services.import_worker`): a `Batch` holds only
plain tuples and a few records, so it crosses a pipe cheaply. Response ids are allocated
here, from the store's largest id when the import started, exactly as the writer would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from csat_tui.records import Answer, FilePlan, Problem, Record
from csat_tui.store.rating_copy import rating_columns
from csat_tui.store.search import index_body
from csat_tui.store.write_counts import WriteCounts, count_read

BATCH_SIZE = 2000
"""Records per batch (a flush of the writer)."""

Row = tuple[Any, ...]
"""A response row in the order of `RESPONSE_COLUMNS`, '' standing for NULL."""

RESPONSE_COLUMNS = (
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


@dataclass(slots=True)
class Batch:
    """One flush of the writer: the responses to insert (ids allocated), the ratings not
    derivable from their score columns, the in-file copies and the problems."""

    first: int
    """The first id allocated to this batch (`last` + 1 when it has no rows)."""
    last: int
    rows: list[Row] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """The file line of each row."""
    explicit: list[tuple[Any, ...]] = field(default_factory=list)
    """Rating rows (response id, position, metric, question, score, scale) of the responses
    whose ratings are not all derivable from their score columns, in id order."""
    copies: list[Record] = field(default_factory=list)
    """Records whose id an earlier record of this batch has."""
    problems: list[Problem] = field(default_factory=list)
    days: set[str] = field(default_factory=set)
    """The days (YYYY-MM-DD, '' for none) of the rows."""
    bodies: list[tuple[int, str | None]] = field(default_factory=list)
    """(response id, what the comment index holds for it) of each row with a comment:
    tokenised here, in the process that reads the file, not in the writer's."""
    _answers: dict[int, list[tuple[Any, ...]]] | None = None

    def record(self, index: int, columns: dict[str, tuple[int, str, str]]) -> Record:
        """The record of row `index` as read, rebuilt from its row (`columns`: the rating
        columns of `rating_columns`); for a record whose id is taken, to compare."""
        row = self.rows[index]
        if self._answers is None:
            self._answers = {}
            for rating in self.explicit:
                self._answers.setdefault(rating[0], []).append(rating[2:])
        explicit = self._answers.get(row[0], [])
        if not explicit:
            # Derivable: one answer per metric column with a score, in column order.
            scores = {"csat": row[12], "nps": row[14], "ces": row[15]}
            explicit = [
                (metric, question, scores[metric], scale)
                for metric, (_, question, scale) in sorted(
                    columns.items(), key=lambda item: item[1][0]
                )
                if scores[metric] != ""
            ]
        return Record(
            self.lines[index],
            row[2],
            submitted_at=row[3] or None,
            respondent=row[4] or None,
            touchpoint=row[5] or None,
            segment=row[6] or None,
            channel=row[7] or None,
            comment=row[8] or None,
            complete=bool(row[9]),
            attributes=json.loads(row[10]),
            answers=[Answer(*answer) for answer in explicit],
            agent=row[16] or None,
            team=row[17] or None,
        )


class Preparer:
    """Queues records and problems as the writer takes them, and makes a `Batch` of them
    when enough have queued. Counts the records read (and those left out) in `counts`, and
    the surveys offered but not answered in `sent`."""

    def __init__(
        self, plan: FilePlan, import_id: int, next_id: int, counts: WriteCounts | None = None
    ) -> None:
        self.plan = plan
        self.import_id = import_id
        self.next_id = next_id
        """The last id allocated."""
        self.counts = counts if counts is not None else WriteCounts()
        self.sent: dict[tuple[str | None, str], int] = {}
        """Surveys offered per (touchpoint, day), for a file whose records all stand for one."""
        self.columns = rating_columns(plan)
        self._records: list[Record] = []
        self._problems: list[Problem] = []

    def add(self, item: Record | Problem) -> Batch | None:
        """Queue one record or problem; a batch when enough have queued."""
        if isinstance(item, Problem):
            self._problems.append(item)
            return None
        record = item
        # A batch before a record, never between a record and the problems that follow it.
        batch = self.take() if self.full() else None
        if count_read(self.counts, record):
            self._records.append(record)
        elif record.unanswered == "offered":
            count_sent(self.plan, self.sent, record.touchpoint, record.submitted_at)
        return batch

    def full(self) -> bool:
        """Is a batch due before the next record?"""
        return len(self._records) >= BATCH_SIZE or len(self._problems) >= 10 * BATCH_SIZE

    def take(self) -> Batch:
        """What is queued, as a batch."""
        records, problems = self._records, self._problems
        self._records, self._problems = [], []
        batch = self._rows(records)
        batch.problems = problems
        return batch

    def _rows(self, records: list[Record]) -> Batch:
        next_id = self.next_id
        batch = Batch(next_id + 1, next_id)
        if not records:
            return batch
        source, import_id = self.plan.source, self.import_id
        columns = self.columns
        dumps = json.dumps
        seen: dict[str, Record] = {}
        copies = batch.copies
        explicit = batch.explicit
        rows = batch.rows
        lines = batch.lines
        for record in records:
            external_id = record.external_id
            if external_id in seen:
                copies.append(record)
                continue
            seen[external_id] = record
            next_id += 1
            lines.append(record.line)
            # '' stands for NULL (see `writer._INSERT_RESPONSE`).
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
                    column = columns.get(metric)
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
                explicit.extend(
                    (next_id, position, a.metric, a.question, a.score, a.scale)
                    for position, a in enumerate(record.answers)
                )
            attributes = record.attributes
            rows.append(
                (next_id, source, external_id, record.submitted_at or "",
                 record.respondent or "", record.touchpoint or "", record.segment or "",
                 record.channel or "", record.comment or "", 1 if record.complete else 0,
                 dumps(attributes, ensure_ascii=False, default=str) if attributes else "{}",
                 import_id, csat, csat_scale, nps, ces, record.agent or "", record.team or "")
            )  # fmt: skip
        batch.days = {row[3][:10] for row in rows}
        batch.bodies = [(row[0], index_body(row[8])) for row in rows if row[8]]
        batch.last = self.next_id = next_id
        return batch


def count_sent(
    plan: FilePlan,
    sent: dict[tuple[str | None, str], int],
    touchpoint: str | None,
    submitted_at: str | None,
) -> None:
    """Count a survey sent on its day, for a file whose records all stand for one."""
    if plan.counts_sent and submitted_at:
        key = (touchpoint or None, submitted_at[:10])
        sent[key] = sent.get(key, 0) + 1

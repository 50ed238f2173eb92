"""What the data-quality check reads: rejects, scales, repeat answers, test entries, questions.

Each function returns plain rows; deciding what is a finding is the service's job
(`services/quality.py`). The filter reaches SQL only through `store/where.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.where import where


@dataclass(frozen=True, slots=True)
class RejectCount:
    """How many rejects one source's imports have in one column (None: whole rows)."""

    source: str
    column: str | None
    rejects: int
    records: int
    """Records read from that source's imports (the share's denominator)."""


@dataclass(frozen=True, slots=True)
class ScaleCount:
    """How many answers one source gave to one metric on one scale."""

    source: str
    metric: str
    scale: str
    answers: int


@dataclass(frozen=True, slots=True)
class QuestionCount:
    """How many answers a rating question (its header) got, per source, metric and scale."""

    source: str
    metric: str
    question: str
    scale: str
    answers: int


@dataclass(frozen=True, slots=True)
class Listed:
    """A response behind a finding."""

    id: int
    submitted_at: str | None
    source: str
    respondent: str | None
    comment: str | None
    attributes: str


@dataclass(frozen=True, slots=True)
class Reject:
    """One stored reject, with the import it came from."""

    import_id: int
    file_name: str
    source: str | None
    line: int | None
    column: str | None
    reason: str
    value: str | None
    response_id: int | None


def reject_counts(store: Store, sources: tuple[str, ...] = ()) -> list[RejectCount]:
    """Rejects per source and column, with the records the source's imports read."""
    marks = ", ".join("?" for _ in sources)
    only = f" AND i.source IN ({marks})" if sources else ""
    rows = store.conn.execute(
        'SELECT i.source, j."column", count(*) FROM rejects j JOIN imports i ON i.id = j.import_id'
        f' WHERE i.source IS NOT NULL{only} GROUP BY i.source, j."column"'
        ' ORDER BY i.source, j."column" IS NULL, j."column"',
        sources,
    ).fetchall()
    records = dict(
        store.conn.execute(
            "SELECT source, coalesce(sum(records), 0) FROM imports"
            " WHERE source IS NOT NULL AND status = 'done' GROUP BY source"
        ).fetchall()
    )
    return [RejectCount(s, c, n, int(records.get(s, 0))) for s, c, n in rows]


def scale_counts(store: Store, flt: Filter) -> list[ScaleCount]:
    """Answers per source, metric and scale, of the responses the filter lets through."""
    sql, params = where(flt)
    rows = store.conn.execute(
        "SELECT r.source, g.metric, g.scale, count(*) FROM ratings g"
        f" JOIN responses r ON r.id = g.response_id WHERE {sql}"
        " GROUP BY r.source, g.metric, g.scale ORDER BY 1, 2, 4 DESC, 3",
        params,
    ).fetchall()
    return [ScaleCount(*row) for row in rows]


def question_counts(store: Store, flt: Filter) -> list[QuestionCount]:
    """Answers per rating question (header), of the responses the filter lets through."""
    sql, params = where(flt)
    rows = store.conn.execute(
        "SELECT r.source, g.metric, g.question, g.scale, count(*) FROM ratings g"
        f" JOIN responses r ON r.id = g.response_id WHERE {sql}"
        " GROUP BY r.source, g.metric, g.question, g.scale ORDER BY 1, 2, 3, 4",
        params,
    ).fetchall()
    return [QuestionCount(*row) for row in rows]


_LISTED = "r.id, r.submitted_at, r.source, r.respondent, r.comment, r.attributes"


def _listed(rows: list[Any]) -> list[Listed]:
    return [Listed(*row) for row in rows]


def repeat_groups(store: Store, flt: Filter) -> list[tuple[str, str, int]]:
    """(respondent, day, responses) where one respondent answered one survey more than once a day.

    One survey: the same source and touchpoint (two surveys on one day, after two tickets,
    are normal). Respondents are compared case-blind and without surrounding spaces; days
    are UTC.
    """
    sql, params = where(flt)
    rows = store.conn.execute(
        "SELECT lower(trim(r.respondent)) AS who, substr(r.submitted_at, 1, 10) AS day,"
        f" count(*) FROM responses r WHERE {sql} AND trim(r.respondent) != ''"
        " AND r.submitted_at IS NOT NULL GROUP BY who, day, r.source, coalesce(r.touchpoint, '')"
        " HAVING count(*) > 1 ORDER BY day, who",
        params,
    ).fetchall()
    return [(str(who), str(day), int(n)) for who, day, n in rows]


def repeat_responses(store: Store, flt: Filter) -> list[Listed]:
    """The responses of `repeat_groups`, by day, respondent and time."""
    sql, params = where(flt)
    return _listed(
        store.conn.execute(
            f"WITH rows AS (SELECT {_LISTED}, lower(trim(r.respondent)) AS who,"
            " substr(r.submitted_at, 1, 10) AS day, coalesce(r.touchpoint, '') AS survey"
            f" FROM responses r WHERE {sql} AND trim(r.respondent) != ''"
            " AND r.submitted_at IS NOT NULL),"
            " twice AS (SELECT who, day, source, survey FROM rows"
            " GROUP BY who, day, source, survey HAVING count(*) > 1)"
            " SELECT rows.id, rows.submitted_at, rows.source, rows.respondent, rows.comment,"
            " rows.attributes FROM rows JOIN twice USING (who, day, source, survey)"
            " ORDER BY rows.day, rows.who, rows.submitted_at, rows.id",
            params,
        ).fetchall()
    )


def with_respondent(store: Store, flt: Filter) -> int:
    """How many responses the filter lets through name their respondent."""
    sql, params = where(flt)
    row = store.conn.execute(
        f"SELECT count(*) FROM responses r WHERE {sql} AND trim(r.respondent) != ''", params
    ).fetchone()
    return int(row[0])


def candidate_test_entries(store: Store, flt: Filter) -> list[Listed]:
    """Responses whose respondent, comment or other columns mention test, example or preview.

    A cheap first pass in SQL; the service decides which of them are test entries.
    """
    sql, params = where(flt)
    return _listed(
        store.conn.execute(
            f"SELECT {_LISTED} FROM responses r WHERE {sql} AND ("
            " r.respondent LIKE '%test%' OR r.respondent LIKE '%example%'"
            " OR r.respondent LIKE '%.invalid' OR r.respondent LIKE '%@localhost'"
            " OR r.comment LIKE '%test%' OR r.comment LIKE '%asdf%'"
            " OR r.attributes LIKE '%preview%' OR r.attributes LIKE '%test%')"
            " ORDER BY r.submitted_at, r.id",
            params,
        ).fetchall()
    )


def rating_responses(
    store: Store, flt: Filter, source: str, metric: str, *, scale: str | None = None,
    question: str | None = None,
) -> list[Listed]:  # fmt: skip
    """Responses from `source` with an answer of `metric` on `scale` or to `question`."""
    sql, params = where(flt)
    extra = ""
    args: dict[str, Any] = {**params, "q_source": source, "q_metric": metric}
    if scale is not None:
        extra += " AND g.scale = :q_scale"
        args["q_scale"] = scale
    if question is not None:
        extra += " AND g.question = :q_question"
        args["q_question"] = question
    return _listed(
        store.conn.execute(
            f"SELECT {_LISTED} FROM responses r WHERE {sql} AND r.source = :q_source"
            " AND EXISTS (SELECT 1 FROM ratings g WHERE g.response_id = r.id"
            f" AND g.metric = :q_metric{extra}) ORDER BY r.submitted_at, r.id",
            args,
        ).fetchall()
    )


def rejects(
    store: Store,
    *,
    import_id: int | None = None,
    source: str | None = None,
    column: str | None = None,
    whole_rows: bool = False,
    limit: int | None = None,
) -> list[Reject]:
    """Stored rejects, newest import first, then in file order."""
    clauses: list[str] = ["1"]
    args: list[Any] = []
    if import_id is not None:
        clauses.append("j.import_id = ?")
        args.append(import_id)
    if source is not None:
        clauses.append("i.source = ?")
        args.append(source)
    if column is not None:
        clauses.append('j."column" = ?')
        args.append(column)
    if whole_rows:
        clauses.append('j."column" IS NULL')
    tail = " LIMIT ?" if limit is not None else ""
    if limit is not None:
        args.append(limit)
    rows = store.conn.execute(
        'SELECT j.import_id, i.file_name, i.source, j.line, j."column", j.reason, j.value,'
        " j.response_id FROM rejects j JOIN imports i ON i.id = j.import_id"
        f" WHERE {' AND '.join(clauses)} ORDER BY j.import_id DESC, j.line, j.id{tail}",
        args,
    ).fetchall()
    return [Reject(*row) for row in rows]


def import_exists(store: Store, import_id: int) -> bool:
    """True when the store has an import with this number."""
    row = store.conn.execute("SELECT 1 FROM imports WHERE id = ?", (import_id,)).fetchone()
    return row is not None

"""What the data-quality check reads: rejects, scales, repeat answers, test entries, questions.

Each function returns plain rows; deciding what is a finding is the service's job
(`services/quality.py`). The filter reaches SQL only through `store/where.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.ratings import AnswerKey, answer_counts, has_answer_sql
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
    counts: dict[tuple[str, str, str], int] = {}
    for (source, metric, _, scale), n in _answer_counts(store, flt).items():
        counts[(source, metric, scale)] = counts.get((source, metric, scale), 0) + n
    rows = sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1], -kv[1], kv[0][2]))
    return [ScaleCount(*key, n) for key, n in rows]


def question_counts(store: Store, flt: Filter) -> list[QuestionCount]:
    """Answers per rating question (header), of the responses the filter lets through."""
    return [QuestionCount(*key, n) for key, n in sorted(_answer_counts(store, flt).items())]


def _answer_counts(store: Store, flt: Filter) -> dict[AnswerKey, int]:
    sql, params = where(flt)
    return answer_counts(store.conn, sql, params)


_LISTED = "r.id, r.submitted_at, r.source, r.respondent, r.comment, r.attributes"


def _listed(rows: list[Any]) -> list[Listed]:
    return [Listed(*row) for row in rows]


_SOME_ONE = "trim(r.respondent) != '' AND r.submitted_at IS NOT NULL"


def _repeaters(store: Store, flt: Filter) -> list[str]:
    """The respondents (as stored) who may have answered more than once on one day.

    One pass over the respondent index with no sort: a respondent as stored with more
    answers than days, and every one stored in other case or with spaces around (with its
    lower-case, trimmed form, which may be stored too). A superset of the respondents of
    `repeat_groups`, so that the grouping (a sort) reads only their answers.
    """
    sql, params = where(flt)
    rows = store.conn.execute(
        "SELECT r.respondent, lower(trim(r.respondent)), r.respondent != lower(trim(r.respondent))"
        f" FROM responses r WHERE {sql} AND {_SOME_ONE} GROUP BY r.respondent"
        " HAVING count(*) > count(DISTINCT substr(r.submitted_at, 1, 10))"
        " OR r.respondent != lower(trim(r.respondent))",
        params,
    ).fetchall()
    who = {str(raw) for raw, _, _ in rows}
    who.update(str(key) for _, key, odd in rows if odd)
    return sorted(who)


_AMONG = "r.respondent IN (SELECT value FROM json_each(:q_who))"


def _among(who: list[str]) -> str:
    """The clause that keeps only these respondents' answers; every answer when one of them
    holds a NUL, which SQLite's JSON cannot carry through `json_each` whole."""
    return "1" if any("\x00" in w for w in who) else _AMONG


def repeat_groups(store: Store, flt: Filter) -> list[tuple[str, str, int]]:
    """(respondent, day, responses) where one respondent answered one survey more than once a day.

    One survey: the same source and touchpoint (two surveys on one day, after two tickets,
    are normal). Respondents are compared case-blind and without surrounding spaces; days
    are UTC.
    """
    who = _repeaters(store, flt)
    if not who:
        return []
    sql, params = where(flt)
    rows = store.conn.execute(
        "SELECT lower(trim(r.respondent)) AS who, substr(r.submitted_at, 1, 10) AS day,"
        f" count(*) FROM responses r WHERE {sql} AND {_among(who)} AND {_SOME_ONE}"
        " GROUP BY who, day, r.source, coalesce(r.touchpoint, '')"
        " HAVING count(*) > 1 ORDER BY day, who",
        {**params, "q_who": json.dumps(who)},
    ).fetchall()
    return [(str(who), str(day), int(n)) for who, day, n in rows]


def repeat_responses(store: Store, flt: Filter) -> list[Listed]:
    """The responses of `repeat_groups`, by day, respondent and time."""
    who = _repeaters(store, flt)
    if not who:
        return []
    sql, params = where(flt)
    return _listed(
        store.conn.execute(
            f"WITH rows AS (SELECT {_LISTED}, lower(trim(r.respondent)) AS who,"
            " substr(r.submitted_at, 1, 10) AS day, coalesce(r.touchpoint, '') AS survey"
            f" FROM responses r WHERE {sql} AND {_among(who)} AND {_SOME_ONE}),"
            " twice AS (SELECT who, day, source, survey FROM rows"
            " GROUP BY who, day, source, survey HAVING count(*) > 1)"
            " SELECT rows.id, rows.submitted_at, rows.source, rows.respondent, rows.comment,"
            " rows.attributes FROM rows JOIN twice USING (who, day, source, survey)"
            " ORDER BY rows.day, rows.who, rows.submitted_at, rows.id",
            {**params, "q_who": json.dumps(who)},
        ).fetchall()
    )


def with_respondent(store: Store, flt: Filter) -> int:
    """How many responses the filter lets through name their respondent."""
    sql, params = where(flt)
    row = store.conn.execute(
        f"SELECT count(*) FROM responses r WHERE {sql} AND trim(r.respondent) != ''", params
    ).fetchone()
    return int(row[0])


_TESTY = (
    "(coalesce(r.respondent, '') LIKE '%test%' OR coalesce(r.respondent, '') LIKE '%.invalid'"
    " OR coalesce(r.respondent, '') LIKE '%@localhost' OR coalesce(r.comment, '') LIKE '%test%'"
    " OR coalesce(r.comment, '') LIKE '%asdf%' OR r.attributes LIKE '%preview%'"
    " OR r.attributes LIKE '%test%')"
)
"""The first pass for test entries other than example addresses: always 1 or 0, never NULL."""

_DOMAIN = "substr(r.respondent, instr(r.respondent, '@') + 1)"
_PLAIN_EXAMPLE = (
    "(r.respondent LIKE '%example%'"
    " AND length(r.respondent) = length(CAST(r.respondent AS BLOB))"
    " AND substr(r.respondent, 1, 1) > ' ' AND substr(r.respondent, -1) > ' '"
    " AND instr(r.respondent, '@') > 1)"
)
"""A respondent mentioning example, in ASCII without NUL and with no white space around
(where SQL's LIKE and instr agree with Python's case-blind match, find and strip), with a
name before its first @."""


def example_domains(store: Store, flt: Filter) -> tuple[list[str], int | None]:
    """The domains (after the first @) of the respondents of `_PLAIN_EXAMPLE`, once each, and
    how many respondents those are when they are all at one domain (None: several)."""
    sql, params = where(flt)
    low, high, n = store.conn.execute(
        f"SELECT min({_DOMAIN}), max({_DOMAIN}), count(*) FROM responses r"
        f" WHERE {sql} AND {_PLAIN_EXAMPLE}",
        params,
    ).fetchone()
    if low is None:
        return [], 0
    if low == high:
        return [str(low)], int(n)
    rows = store.conn.execute(
        f"SELECT DISTINCT {_DOMAIN} FROM responses r WHERE {sql} AND {_PLAIN_EXAMPLE}", params
    ).fetchall()
    return [str(domain) for (domain,) in rows], None


_FEW_DOMAINS = 50
"""Up to this many domains go into SQL one parameter each; more, as one JSON list."""


def _at_domains(domains: list[str]) -> tuple[str, dict[str, str]]:
    """Is the respondent one of `_PLAIN_EXAMPLE` at one of `domains` (SQL and its parameters)."""
    if len(domains) > _FEW_DOMAINS:
        among, args = "SELECT value FROM json_each(:q_domains)", {"q_domains": json.dumps(domains)}
    else:
        args = {f"q_domain{i}": domain for i, domain in enumerate(domains)}
        among = ", ".join(f":{name}" for name in args)
    return f"({_PLAIN_EXAMPLE} AND {_DOMAIN} IN ({among}))", args


def count_at_domains(store: Store, flt: Filter, domains: list[str]) -> int:
    """How many respondents of `_PLAIN_EXAMPLE` are at one of `domains`."""
    sql, params = where(flt)
    at, args = _at_domains(domains)
    row = store.conn.execute(
        f"SELECT count(*) FROM responses r WHERE {sql} AND {at}", {**params, **args}
    ).fetchone()
    return int(row[0])


def candidate_test_entries(store: Store, flt: Filter) -> list[Listed]:
    """Responses whose respondent, comment or other columns mention test, example or preview.

    A cheap first pass in SQL; the service decides which of them are test entries.
    """
    return [row for row, _ in candidates_apart(store, flt, [])]


def candidates_apart(store: Store, flt: Filter, domains: list[str]) -> list[tuple[Listed, bool]]:
    """`candidate_test_entries`, but those at `domains` (see `count_at_domains`) only when they
    also mention test, preview and the like; each says if it is at one of `domains`."""
    sql, params = where(flt)
    at, args = _at_domains(domains)
    rows = store.conn.execute(
        f"SELECT {_LISTED}, {at} AS apart FROM responses r WHERE {sql}"
        f" AND ({_TESTY} OR (r.respondent LIKE '%example%' AND NOT {at}))"
        " ORDER BY r.submitted_at, r.id",
        {**params, **args},
    ).fetchall()
    return [(Listed(*row[:-1]), bool(row[-1])) for row in rows]


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
            f" AND {has_answer_sql(f'g.metric = :q_metric{extra}')}"
            " ORDER BY r.submitted_at, r.id",
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

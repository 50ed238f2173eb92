"""The ratings of the responses: stored where they cannot be derived, derived where they can.

Most files rate each metric in one column, so a response's answers are its own score
columns (`responses.csat`, `nps`, `ces`) under that column's header and scale. Such an
import keeps one row per rating column in `rating_columns`, and its responses keep no rows
of their own. A response whose answers are anything else (several columns of one metric,
answers a preset gives explicitly) keeps every answer, in order, in `explicit_ratings`;
then none of its answers are derived.

Every reader goes through this module or the `ratings` view, which returns every answer
of every response (response_id, position, metric, question, score, scale): ordered by
`position` within a response, they are in the order the file gave them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from itertools import groupby
from typing import Any

CREATE = (
    "CREATE TABLE rating_columns ("
    " import_id INTEGER NOT NULL REFERENCES imports(id),"
    " metric TEXT NOT NULL,"  # csat / nps / ces
    " question TEXT NOT NULL,"  # the column's header
    " scale TEXT NOT NULL,"
    " position INTEGER NOT NULL,"  # among the import's rating columns, from 0
    " PRIMARY KEY (import_id, metric)) WITHOUT ROWID",
    "CREATE TABLE explicit_ratings ("
    " response_id INTEGER NOT NULL REFERENCES responses(id),"
    " position INTEGER NOT NULL,"  # the answer's place among the response's, from 0
    " metric TEXT NOT NULL,"
    " question TEXT NOT NULL,"
    " score INTEGER NOT NULL,"
    " scale TEXT NOT NULL,"
    " PRIMARY KEY (response_id, position)) WITHOUT ROWID",
)
"""The two tables the ratings are kept in."""

DERIVED_SCORE = "CASE c.metric WHEN 'csat' THEN r.csat WHEN 'nps' THEN r.nps ELSE r.ces END"
"""The score of rating column `c` for response `r`."""
_NOT_EXPLICIT = "NOT EXISTS (SELECT 1 FROM explicit_ratings x WHERE x.response_id = r.id)"

CREATE_VIEW = (
    "CREATE VIEW ratings (response_id, position, metric, question, score, scale) AS"
    " SELECT response_id, position, metric, question, score, scale FROM explicit_ratings"
    " UNION ALL"
    f" SELECT r.id, c.position, c.metric, c.question, {DERIVED_SCORE}, c.scale"
    " FROM responses r JOIN rating_columns c ON c.import_id = r.import_id"
    f" WHERE {DERIVED_SCORE} IS NOT NULL AND {_NOT_EXPLICIT}"
)
"""Every answer of every response. Read it for given responses (`WHERE response_id = …`
or `IN (…)`: SQLite pushes that into both halves); to count or test the answers of the
responses a filter lets through, use `answer_counts` and `has_answer_sql`."""

_INSERT_COLUMN = (
    "INSERT INTO rating_columns (import_id, metric, question, scale, position)"
    " VALUES (?, ?, ?, ?, ?)"
)
_INSERT_EXPLICIT = (
    "INSERT INTO explicit_ratings (response_id, position, metric, question, score, scale)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)

_CHUNK = 10_000
"""Rows the migration holds in memory at once."""

AnswerKey = tuple[str, str, str, str]
"""(source, metric, question, scale) of an answer."""


def write_columns(
    conn: sqlite3.Connection, import_id: int, columns: dict[str, tuple[int, str, str]]
) -> None:
    """Record an import's rating columns (metric → (position, question, scale))."""
    conn.executemany(
        _INSERT_COLUMN,
        [(import_id, metric, question, scale, position)
         for metric, (position, question, scale) in columns.items()],
    )  # fmt: skip


def write_explicit(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Store answers as they are: (response id, position, metric, question, score, scale)."""
    conn.executemany(_INSERT_EXPLICIT, rows)


def has_answer_sql(condition: str) -> str:
    """SQL true when response `r` has an answer `g` (g.metric, g.question, g.score, g.scale)
    for which `condition` holds."""
    return (
        f"(EXISTS (SELECT 1 FROM explicit_ratings g WHERE g.response_id = r.id AND ({condition}))"
        f" OR ({_NOT_EXPLICIT} AND EXISTS (SELECT 1 FROM (SELECT c.metric AS metric,"
        f" c.question AS question, {DERIVED_SCORE} AS score, c.scale AS scale"
        " FROM rating_columns c WHERE c.import_id = r.import_id) g"
        f" WHERE g.score IS NOT NULL AND ({condition}))))"
    )


def answer_counts(
    conn: sqlite3.Connection, condition: str, params: dict[str, Any]
) -> dict[AnswerKey, int]:
    """How many answers each (source, metric, question, scale) has among the responses `r`
    for which `condition` holds, in one pass over them (the derived answers are counted per
    import, never row by row)."""
    counts: dict[AnswerKey, int] = {}
    for source, metric, question, scale, n in conn.execute(
        "SELECT r.source, g.metric, g.question, g.scale, count(*) FROM explicit_ratings g"
        f" JOIN responses r ON r.id = g.response_id WHERE ({condition})"
        " GROUP BY r.source, g.metric, g.question, g.scale",
        params,
    ):
        key = (str(source), str(metric), str(question), str(scale))
        counts[key] = counts.get(key, 0) + int(n)
    columns: dict[int, list[tuple[str, str, str]]] = {}
    for import_id, metric, question, scale in conn.execute(
        "SELECT import_id, metric, question, scale FROM rating_columns"
    ):
        columns.setdefault(int(import_id), []).append((str(metric), str(question), str(scale)))
    if not columns:
        return counts
    for source, import_id, csat, nps, ces in conn.execute(
        "SELECT r.source, r.import_id, count(r.csat), count(r.nps), count(r.ces)"
        f" FROM responses r WHERE ({condition})"
        " AND r.import_id IN (SELECT import_id FROM rating_columns)"
        f" AND {_NOT_EXPLICIT} GROUP BY r.source, r.import_id",
        params,
    ):
        given = {"csat": int(csat), "nps": int(nps), "ces": int(ces)}
        for metric, question, scale in columns.get(int(import_id), []):
            if given[metric]:
                key = (str(source), metric, question, scale)
                counts[key] = counts.get(key, 0) + given[metric]
    return counts


def migrate(conn: sqlite3.Connection) -> None:
    """Move a store's `ratings` table to `rating_columns` and `explicit_ratings`, and make
    `ratings` the view of both (migration 0013).

    Each import's rating columns are read from the mapping it recorded, as
    `rating_copy.rating_columns` reads a plan. A response keeps its rows as explicit answers
    unless they are exactly (same answers, same order) the ones its import's columns derive;
    an import with a response whose columns would derive answers it never had keeps no
    columns at all (all its responses keep their rows): nothing is lost or gained.
    """
    for statement in CREATE:
        conn.execute(statement)
    found = {
        int(import_id): _columns_of(mapping)
        for import_id, mapping in conn.execute("SELECT id, mapping FROM imports")
    }
    imports = {import_id: columns for import_id, columns in found.items() if columns}
    ordered = {import_id: sorted(columns.items(), key=lambda item: item[1][0])
               for import_id, columns in imports.items()}  # fmt: skip
    refused: set[int] = set()
    # The responses whose rows are their derived answers, by import, in chunks (memory
    # stays small at a million responses).
    conn.execute("CREATE TEMP TABLE _derived (id INTEGER PRIMARY KEY, import_id INTEGER)")
    derived: list[tuple[int, int]] = []
    # One pass over the responses of those imports, each with its stored rows in order.
    rows = conn.execute(
        "SELECT r.id, r.import_id, r.csat, r.nps, r.ces, g.metric, g.question, g.score,"
        " g.scale FROM responses r LEFT JOIN ratings g ON g.response_id = r.id"
        " WHERE r.import_id IN (SELECT value FROM json_each(?)) ORDER BY r.id, g.id",
        (json.dumps(sorted(imports)),),
    )
    for _, group in groupby(rows, key=lambda row: row[0]):
        answers = list(group)
        response_id, import_id, csat, nps, ces = answers[0][:5]
        if import_id in refused:
            continue
        stored = [tuple(a[5:]) for a in answers if a[5] is not None]
        scores = {"csat": csat, "nps": nps, "ces": ces}
        expected = [(metric, question, scores[metric], scale)
                    for metric, (_, question, scale) in ordered[import_id]
                    if scores[metric] is not None]  # fmt: skip
        if stored == expected:
            if stored:
                derived.append((response_id, import_id))
                if len(derived) >= _CHUNK:
                    conn.executemany("INSERT INTO temp._derived VALUES (?, ?)", derived)
                    derived = []
        elif not stored:
            refused.add(import_id)  # its columns would give it answers it never had
    conn.executemany("INSERT INTO temp._derived VALUES (?, ?)", derived)
    conn.execute(
        "DELETE FROM temp._derived WHERE import_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(refused)),),
    )
    for import_id, columns in imports.items():
        if import_id not in refused:
            write_columns(conn, import_id, columns)
    conn.execute(
        "INSERT INTO explicit_ratings (response_id, position, metric, question, score, scale)"
        " SELECT response_id, row_number() OVER (PARTITION BY response_id ORDER BY id) - 1,"
        " metric, question, score, scale FROM ratings"
        " WHERE response_id NOT IN (SELECT id FROM temp._derived)"
    )
    conn.execute("DROP TABLE temp._derived")
    conn.execute("DROP TABLE ratings")
    conn.execute(CREATE_VIEW)


def _columns_of(mapping: str | None) -> dict[str, tuple[int, str, str]]:
    """metric → (position, question, scale) of the metrics one column rates, from an
    import's recorded mapping (a list of columns, or an object holding `columns`)."""
    try:
        saved = json.loads(mapping or "null")
    except ValueError:
        return {}
    listed = saved.get("columns") if isinstance(saved, dict) else saved
    if not isinstance(listed, list):
        return {}
    rated = [
        (str(c["role"]), str(c["header"]), str(c["scale"]))
        for c in listed
        if isinstance(c, dict)
        and c.get("role") in ("csat", "nps", "ces")
        and c.get("scale")
        and isinstance(c.get("header"), str)
    ]
    found: dict[str, tuple[int, str, str]] = {}
    for position, (metric, header, scale) in enumerate(rated):
        if sum(m == metric for m, _, _ in rated) == 1:
            found[metric] = (position, header, scale)
    return found

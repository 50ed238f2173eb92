"""The ratings of an import's responses: copied from their score columns in SQL where one
column rates each metric, written answer by answer otherwise."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from csat_tui.records import FilePlan

_INSERT_RATING = (
    "INSERT INTO ratings (response_id, metric, question, score, scale) VALUES (?, ?, ?, ?, ?)"
)


def rating_columns(plan: FilePlan) -> dict[str, tuple[int, str, str]]:
    """metric → (position, question, scale) for each metric that exactly one column rates."""
    columns = [c for c in plan.columns if c.role in ("csat", "nps", "ces") and c.scale]
    found: dict[str, tuple[int, str, str]] = {}
    for position, column in enumerate(columns):
        metric = str(column.role)
        if sum(c.role == metric for c in columns) == 1 and column.scale:
            found[metric] = (position, column.header, column.scale)
    return found


class RatingCopy:
    """Writes the ratings of each batch of one import (its temporary table dropped at `end`)."""

    def __init__(self, conn: sqlite3.Connection, plan: FilePlan) -> None:
        self._conn = conn
        self._rating_columns = rating_columns(plan)
        self._rating_table = False
        """temp._rating_columns holds this import's rating columns."""

    @property
    def columns(self) -> dict[str, tuple[int, str, str]]:
        """metric → (position, question, scale) of the metrics one column rates."""
        return self._rating_columns

    def insert(self, first: int, last: int, explicit: list[tuple[Any, ...]]) -> None:
        """The ratings of responses `first`…`last`: copied from their score columns in SQL,
        except for the responses of the `explicit` rating rows (response id, metric,
        question, score, scale), which are written as they are."""
        conn = self._conn
        explicit_ids = list(dict.fromkeys(rating[0] for rating in explicit))
        if explicit:
            conn.executemany(_INSERT_RATING, explicit)
        if not self._rating_columns or len(explicit_ids) == last - first + 1:
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
            (first, last, json.dumps(explicit_ids)),
        )

    def end(self, *, drop: bool) -> None:
        """The import ends: drop the temporary table (`drop`: inside a transaction still
        open; after a rollback, SQLite dropped it already)."""
        if self._rating_table and drop:
            self._conn.execute("DROP TABLE temp._rating_columns")
        self._rating_table = False

"""The ratings an import writes: its rating columns once, and the answers of the responses
whose answers its columns cannot derive (see `store.ratings`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from csat_tui.records import FilePlan
from csat_tui.store import ratings


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
    """Writes the ratings of one import: `start` its columns, then `insert` each batch's."""

    def __init__(self, conn: sqlite3.Connection, plan: FilePlan) -> None:
        self._conn = conn
        self._rating_columns = rating_columns(plan)

    @property
    def columns(self) -> dict[str, tuple[int, str, str]]:
        """metric → (position, question, scale) of the metrics one column rates."""
        return self._rating_columns

    def start(self, import_id: int) -> None:
        """Record the import's rating columns: its responses' answers are derived from them."""
        ratings.write_columns(self._conn, import_id, self._rating_columns)

    def insert(self, explicit: list[tuple[Any, ...]]) -> None:
        """Store the `explicit` answers of a batch (response id, position, metric, question,
        score, scale): those of the responses whose answers are not all derivable."""
        if explicit:
            ratings.write_explicit(self._conn, explicit)

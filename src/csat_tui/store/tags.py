"""Reading tags: every tag with how often it is used, and tag counts per touchpoint."""

from __future__ import annotations

from dataclasses import dataclass

from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.where import where


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag and how many responses carry it."""

    name: str
    responses: int


def tag_counts(store: Store) -> list[TagCount]:
    """Every tag, most used first (unused tags too, with 0)."""
    return [
        TagCount(name, n)
        for name, n in store.conn.execute(
            "SELECT t.name, count(rt.response_id) FROM tags t"
            " LEFT JOIN response_tags rt ON rt.tag_id = t.id"
            " GROUP BY t.id ORDER BY 2 DESC, t.name COLLATE NOCASE"
        )
    ]


def tag_counts_by(
    store: Store, flt: Filter, field: str = "touchpoint"
) -> list[tuple[str | None, str, int]]:
    """(touchpoint, tag, responses) for the filtered responses, biggest first."""
    if field not in {"touchpoint", "segment", "channel", "source"}:
        raise ValueError(f"cannot group tags by {field!r}")
    condition, params = where(flt)
    sql = (
        f"SELECT r.{field} AS key, t.name AS tag, count(*) AS n FROM responses r"
        " JOIN response_tags rt ON rt.response_id = r.id JOIN tags t ON t.id = rt.tag_id"
        f" WHERE {condition} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
    )
    return [(row["key"], row["tag"], row["n"]) for row in store.db.query(sql, params)]

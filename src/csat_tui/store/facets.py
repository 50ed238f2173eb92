"""The values a filter can choose from: touchpoints, segments, channels, sources, tags, agents,
teams and the kept columns; and, for the filter dialog, each of the last three's most common
values with their counts (`column_facets`)."""

from __future__ import annotations

from dataclasses import dataclass

from csat_tui.store.daily import DIMENSIONS
from csat_tui.store.db import Store

ATTRIBUTE = "attribute:"
"""As `aggregates.ATTRIBUTE`: `attribute:KEY` names a kept column as a dimension."""

TOP_VALUES = 20
"""Most common values listed per column."""
MAX_DISTINCT = 1000
"""A kept column with more different values than this (ids, e-mails, free text) lists none:
its values are typed, not picked."""
WINDOW = 250_000
"""Kept columns are counted over at most the latest this many responses (by import order)…"""
ROW_BUDGET = 1_000_000
"""…and fewer when there are many columns, so the count reads at most about this many rows
of the attribute index whatever the store's size."""


@dataclass(frozen=True, slots=True)
class Facets:
    """Distinct values present in the store, sorted case-insensitively."""

    touchpoints: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    responses: int = 0
    """How many responses the store holds."""
    last_day: str | None = None
    """The latest day with a response (YYYY-MM-DD), if any."""
    agents: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    """The kept columns (keys of `attributes`) with at least one indexed value."""

    @property
    def dimensions(self) -> tuple[str, ...]:
        """Every dimension a breakdown can group by: the fixed ones, then `attribute:KEY`
        for each kept column."""
        fixed = ("touchpoint", "segment", "channel", "source", "agent", "team")
        return fixed + tuple(ATTRIBUTE + key for key in self.columns)


def _ordered(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(items, key=lambda v: (v.casefold(), v)))


_SKIP_KEYS = (
    "WITH RECURSIVE k(key) AS ("
    " SELECT min(key) FROM response_attributes"
    " UNION ALL SELECT (SELECT min(a.key) FROM response_attributes a WHERE a.key > k.key)"
    " FROM k WHERE k.key IS NOT NULL"
    ") SELECT key FROM k WHERE key IS NOT NULL"
)
"""Each distinct key by one seek of the index (a skip-scan), not by reading its rows."""


def column_keys(store: Store) -> tuple[str, ...]:
    """The kept columns that have values in the attribute index, sorted case-insensitively."""
    return _ordered([row[0] for row in store.conn.execute(_SKIP_KEYS)])


def facets(store: Store) -> Facets:
    """Read the choices from the daily table (small), the tags table and the attribute
    index's keys (a skip-scan); never scans responses."""
    values: dict[str, list[str]] = {d: [] for d in DIMENSIONS}
    for row in store.db.query(
        "SELECT DISTINCT dimension, value FROM daily_scores"
        " WHERE dimension != 'all' AND value IS NOT NULL"
    ):
        values[row["dimension"]].append(row["value"])
    totals = next(
        store.db.query(
            "SELECT sum(responses) AS n, max(day) AS last FROM daily_scores WHERE dimension = 'all'"
        )
    )
    tags = [row["name"] for row in store.db.query("SELECT name FROM tags")]

    return Facets(
        touchpoints=_ordered(values["touchpoint"]),
        segments=_ordered(values["segment"]),
        channels=_ordered(values["channel"]),
        sources=_ordered(values["source"]),
        tags=_ordered(tags),
        responses=int(totals["n"] or 0),
        last_day=totals["last"],
        agents=_ordered(values.get("agent", [])),
        teams=_ordered(values.get("team", [])),
        columns=column_keys(store),
    )


@dataclass(frozen=True, slots=True)
class ColumnValues:
    """One column a filter can narrow by (agent, team or a kept column) and its most common
    values."""

    dimension: str
    """`agent`, `team` or `attribute:KEY`."""
    name: str
    """What the user reads: agent, team, or the kept column's name (untrusted text)."""
    values: tuple[tuple[str, int], ...]
    """Up to TOP_VALUES (value, responses), most common first; empty when `distinct` is None."""
    distinct: int | None
    """How many different values; None when more than MAX_DISTINCT."""
    with_value: int | None
    """Responses counted that have a value (None when `distinct` is None)."""
    counted: int
    """The responses the counts are over: all of them, or the latest ones when `sampled`."""
    sampled: bool = False
    """The counts are over the latest `counted` responses only (a big store)."""

    @property
    def without_value(self) -> int | None:
        """Responses counted with no value here (a kept value over 200 characters counts as
        none: the index leaves such text out)."""
        return None if self.with_value is None else self.counted - self.with_value

    @property
    def key(self) -> str | None:
        """The kept column's name for a `Filter.where`, or None for agent and team."""
        return self.dimension[len(ATTRIBUTE) :] if self.dimension.startswith(ATTRIBUTE) else None


def _top(found: list[tuple[str, int]], top: int) -> tuple[tuple[str, int], ...]:
    found.sort(key=lambda item: (-item[1], item[0].casefold(), item[0]))
    return tuple(found[:top])


def _role_values(store: Store, role: str, total: int, top: int) -> ColumnValues | None:
    # `role` is "agent" or "team" (never user input); each has an index led by it.
    found = [
        (str(value), int(n))
        for value, n in store.conn.execute(
            f"SELECT {role}, count(*) FROM responses WHERE {role} IS NOT NULL GROUP BY 1"
        )
    ]
    if not found:
        return None
    with_value = sum(n for _, n in found)
    return ColumnValues(role, role, _top(found, top), len(found), with_value, total)


_VALUE_COUNTS = (
    "WITH RECURSIVE v(value) AS ("
    " SELECT min(value) FROM response_attributes WHERE key = :key"
    " UNION ALL SELECT (SELECT min(a.value) FROM response_attributes a"
    "  WHERE a.key = :key AND a.value > v.value)"
    " FROM v WHERE v.value IS NOT NULL LIMIT :limit"
    ") SELECT v.value, (SELECT count(*) FROM response_attributes a"
    "  WHERE a.key = :key AND a.value = v.value AND a.response_id > :after)"
    " FROM v WHERE v.value IS NOT NULL"
)
"""A key's distinct values by skip-scan (at most :limit), each counted over one range of the
index: (key, value, response_id > :after) is a prefix of its primary key."""


def column_facets(store: Store, top: int = TOP_VALUES) -> tuple[ColumnValues, ...]:
    """Agent, team (when present) and every kept column with their most common values.

    Agent and team are counted exactly (their indexes). Kept columns are counted from the
    attribute index, exactly up to WINDOW responses; in a bigger store over the latest ones
    only (`sampled`), so the work stays bounded at any size.
    """
    totals = store.conn.execute(
        "SELECT coalesce(sum(responses), 0) FROM daily_scores WHERE dimension = 'all'"
    ).fetchone()
    total = int(totals[0])
    columns = [c for role in ("agent", "team") if (c := _role_values(store, role, total, top))]
    keys = column_keys(store)
    if not keys:
        return tuple(columns)
    window = max(1, min(WINDOW, ROW_BUDGET // len(keys)))
    after, counted, sampled = 0, total, False
    if total > window:
        last = store.conn.execute("SELECT max(id) FROM responses").fetchone()[0]
        after = int(last or 0) - window
        counted = int(
            store.conn.execute("SELECT count(*) FROM responses WHERE id > ?", (after,)).fetchone()[
                0
            ]
        )
        sampled = True
    for key in keys:
        found = [
            (str(value), int(n))
            for value, n in store.conn.execute(
                _VALUE_COUNTS, {"key": key, "limit": MAX_DISTINCT + 1, "after": after}
            )
        ]
        dimension = ATTRIBUTE + key
        if len(found) > MAX_DISTINCT:
            columns.append(ColumnValues(dimension, key, (), None, None, counted, sampled))
            continue
        with_value = sum(n for _, n in found)
        columns.append(
            ColumnValues(dimension, key, _top(found, top), len(found), with_value, counted, sampled)
        )
    return tuple(columns)

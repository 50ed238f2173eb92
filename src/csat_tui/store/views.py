"""Saved views: a filter kept under a name, in the store."""

from __future__ import annotations

import json

from csat_tui.errors import NotFoundError
from csat_tui.filters import Filter
from csat_tui.store.db import Store
from csat_tui.store.writer import now_iso


def save_view(store: Store, name: str, flt: Filter) -> None:
    """Save (or replace) a named filter."""
    name = name.strip()
    if not name:
        raise ValueError("a view needs a name")
    with store.write():
        store.conn.execute(
            "INSERT INTO views (name, filter, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET filter = excluded.filter",
            (name, json.dumps(flt.to_json(), ensure_ascii=False), now_iso()),
        )


def load_view(store: Store, name: str) -> Filter:
    """The filter saved under a name; NotFoundError lists the names there are."""
    row = store.conn.execute("SELECT filter FROM views WHERE name = ?", (name,)).fetchone()
    if row is None:
        names = [n for n, _ in list_views(store)]
        known = f"; saved views: {', '.join(names)}" if names else "; no views are saved yet"
        raise NotFoundError(f"no view named {name!r}{known}")
    return Filter.from_json(json.loads(row[0]))


def list_views(store: Store) -> list[tuple[str, Filter]]:
    """Every saved view, by name."""
    return [
        (name, Filter.from_json(json.loads(text)))
        for name, text in store.conn.execute(
            "SELECT name, filter FROM views ORDER BY name COLLATE NOCASE"
        )
    ]


def delete_view(store: Store, name: str) -> None:
    """Forget a saved view."""
    with store.write():
        if store.conn.execute("DELETE FROM views WHERE name = ?", (name,)).rowcount == 0:
            raise NotFoundError(f"no view named {name!r}")

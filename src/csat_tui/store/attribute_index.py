"""The attribute index: every kept column's value per response, for `--where` and breakdowns.

`responses.attributes` is a JSON object of any keys, so no expression index can serve a
filter on an arbitrary key. `response_attributes` holds (key, value, response_id) for each
value of at most `MAX_VALUE` characters, keyed in that order (WITHOUT ROWID): a filter on
one key's values reads one range of it. It is derived data, filled at import inside the
import's transaction and rebuilt by the migration that made it.

Longer values (free text kept as an attribute) are left out; a filter naming such a value
reads `attributes` itself instead (see `store.where`).
"""

from __future__ import annotations

import sqlite3

MAX_VALUE = 200
"""Longest value (in characters) the index holds."""

CREATE_TABLE = (
    "CREATE TABLE response_attributes (key TEXT NOT NULL, value TEXT NOT NULL,"
    " response_id INTEGER NOT NULL, PRIMARY KEY (key, value, response_id)) WITHOUT ROWID"
)


def _select(condition: str) -> str:
    return (
        "SELECT j.key, CAST(j.value AS TEXT), r.id FROM responses r, json_each(r.attributes) j"
        f" WHERE {condition} AND r.attributes != '{{}}' AND j.type IN ('text', 'integer', 'real')"
        f" AND length(j.value) <= {MAX_VALUE} AND length(j.key) <= {MAX_VALUE}"
        " ORDER BY 1, 2, 3"
    )


def index_import(conn: sqlite3.Connection, import_id: int) -> None:
    """Add the attributes of one import's responses (inside the import's transaction)."""
    conn.execute(
        "INSERT OR IGNORE INTO response_attributes (key, value, response_id) "
        + _select("r.import_id = :import_id"),
        {"import_id": import_id},
    )


def index_all(conn: sqlite3.Connection) -> None:
    """Rebuild the whole index from `responses`."""
    conn.execute("DELETE FROM response_attributes")
    conn.execute("INSERT INTO response_attributes (key, value, response_id) " + _select("1"))

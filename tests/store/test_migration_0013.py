"""Migration 0013: a store's ratings rows become rating columns plus the answers they cannot
derive, and every response reads back exactly the ratings it had."""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from csat_tui.importers.model import ImportOptions
from csat_tui.services.importing import import_file
from csat_tui.store.db import open_store
from csat_tui.store.migrations import MIGRATIONS

NAMES = [m.name for m in MIGRATIONS.pending(Database(memory=True))]


def _column(header: str, role: str, scale: str | None = None) -> dict[str, object]:
    return {"header": header, "role": role, "scale": scale, "date_format": None, "how": "test"}


IMPORTS = [
    # As `save_mapping` records it: one column each for CSAT and NPS.
    (1, json.dumps({"layout": "x", "columns": [_column("id", "external_id"),
                    _column("Q1", "csat", "1-5"), _column("Q2", "nps", "0-10")]})),
    # As the writer records it at the start: two CSAT columns (none derivable), one CES.
    (2, json.dumps([_column("S1", "csat", "1-5"), _column("S2", "csat", "1-7"),
                    _column("E", "ces", "1-7")])),
    # One CSAT column, but a response of it holds a score and no ratings row.
    (3, json.dumps([_column("C", "csat", "1-5")])),
    (4, "not json"),
]  # fmt: skip

RESPONSES = [
    # external id, import, csat, csat_scale, nps, ces, its ratings rows in order
    ("a", 1, 4, "1-5", 9, None, [("csat", "Q1", 4, "1-5"), ("nps", "Q2", 9, "0-10")]),
    ("b", 1, 2, "1-5", None, None, [("csat", "Q1", 2, "1-5")]),
    ("c", 1, 5, "1-5", None, None, [("csat", "Q1", 5, "1-5"), ("csat", "Q9", 3, "1-7")]),
    ("d", 1, 3, "1-5", 7, None, [("nps", "Q2", 7, "0-10"), ("csat", "Q1", 3, "1-5")]),
    ("e", 1, None, None, None, None, []),
    ("f", 2, 1, "1-5", None, 6, [("csat", "S1", 1, "1-5"), ("csat", "S2", 7, "1-7"),
                                 ("ces", "E", 6, "1-7")]),
    ("g", 2, None, None, None, 2, [("ces", "E", 2, "1-7")]),
    ("h", 3, 4, "1-5", None, None, []),
    ("i", 3, 5, "1-5", None, None, [("csat", "C", 5, "1-5")]),
    ("j", None, 5, "1-5", None, None, [("csat", "q", 5, "1-5")]),
    ("k", 4, 2, "1-5", None, None, [("csat", "K", 2, "1-5")]),
    ("l", 1, 1, "1-5", 0, None, [("csat", "Q1", 1, "1-5"), ("nps", "Q2", 0, "0-10")]),
]  # fmt: skip


def test_0013_keeps_every_response_s_ratings_and_stores_only_the_underivable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v12.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0013_derived_ratings")
    assert db.execute("PRAGMA user_version").fetchone()[0] == NAMES.index("0013_derived_ratings")
    conn = db.conn
    conn.executemany(
        "INSERT INTO imports (id, file_name, status, started_at, mapping)"
        " VALUES (?, 'f.csv', 'done', '2026-01-01T00:00:00Z', ?)",
        IMPORTS,
    )
    # Rows of different responses interleaved, as batches wrote them.
    ratings = []
    for n, (ext, import_id, csat, csat_scale, nps, ces, answers) in enumerate(RESPONSES, 1):
        conn.execute(
            "INSERT INTO responses (id, source, external_id, import_id, csat, csat_scale,"
            " nps, ces) VALUES (?, 'generic', ?, ?, ?, ?, ?, ?)",
            (n, ext, import_id, csat, csat_scale, nps, ces),
        )
        ratings += [(n, *answer) for answer in answers]
    ratings.sort(key=lambda row: (row[0] % 3, row[0]))
    conn.executemany(
        "INSERT INTO ratings (response_id, metric, question, score, scale) VALUES (?, ?, ?, ?, ?)",
        ratings,
    )
    conn.commit()
    before = conn.execute(
        "SELECT response_id, metric, question, score, scale FROM ratings ORDER BY response_id, id"
    ).fetchall()
    db.close()
    with open_store(path) as store:
        conn = store.conn
        after = conn.execute(
            "SELECT response_id, metric, question, score, scale FROM ratings"
            " ORDER BY response_id, position"
        ).fetchall()
        assert after == before
        kept = conn.execute(
            "SELECT DISTINCT r.external_id FROM explicit_ratings g"
            " JOIN responses r ON r.id = g.response_id ORDER BY 1"
        ).fetchall()
        # c and d do not match their columns; f has two CSAT columns; h's import would
        # give h a rating it never had, so none of import 3 is derived; j and k have no
        # columns to derive from.
        assert [k for (k,) in kept] == ["c", "d", "f", "i", "j", "k"]
        assert conn.execute(
            "SELECT import_id, metric, question, scale, position FROM rating_columns"
            " ORDER BY import_id, position"
        ).fetchall() == [
            (1, "csat", "Q1", "1-5", 0),
            (1, "nps", "Q2", "0-10", 1),
            (2, "ces", "E", "1-7", 2),
        ]
        assert conn.execute("SELECT type FROM sqlite_master WHERE name = 'ratings'").fetchone() == (
            "view",
        )
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # A later file compares its copies with the migrated responses, derived or not.
        csv = tmp_path / "again.csv"
        csv.write_text("id,Q1,Q2\na,4,9\nd,3,8\nm,5,10\n", encoding="utf-8")
        mapping = {"id": "external_id", "Q1": "csat:1-5", "Q2": "nps:0-10"}
        report = import_file(store, csv, ImportOptions(mapping=mapping))
        assert (report.imported, report.duplicates, report.rejects) == (1, 1, 1), report.messages
        assert conn.execute(
            "SELECT metric, question, score, scale FROM ratings g JOIN responses r"
            " ON r.id = g.response_id WHERE r.external_id = 'm' ORDER BY position"
        ).fetchall() == [("csat", "Q1", 5, "1-5"), ("nps", "Q2", 10, "0-10")]

"""One file, one transaction: duplicates by id, changed copies rejected, problems linked."""

from __future__ import annotations

import json

import pytest

from csat_tui.importers.model import Answer, Problem
from csat_tui.store import writer as writer_module
from csat_tui.store.db import Store
from tests.helpers import plan, record, write


def responses(store: Store) -> list[tuple[object, ...]]:
    return store.conn.execute(
        "SELECT external_id, csat, nps, comment FROM responses ORDER BY id"
    ).fetchall()


def test_exact_copies_count_as_duplicates_changed_ones_are_rejected(store: Store) -> None:
    first = write(store, [record(5, external_id="a", comment="hi"), record(2, external_id="b")])
    assert (first.imported, first.duplicates, first.rejects) == (2, 0, 0)
    again = write(
        store,
        [
            record(5, external_id="a", comment="hi"),  # exact copy of an earlier import
            record(3, external_id="b"),  # same id, different score
            record(4, external_id="c"),
            record(4, external_id="c"),  # exact copy inside the same file
            record(1, external_id="c"),  # changed copy inside the same file
        ],
    )
    assert (again.records, again.imported, again.duplicates, again.rejects) == (5, 1, 2, 2)
    assert responses(store) == [("a", 5, None, "hi"), ("b", 2, None, None), ("c", 4, None, None)]
    reasons = [r[0] for r in store.conn.execute("SELECT reason FROM rejects ORDER BY id")]
    assert reasons == [
        "duplicate id 'b' with different content: the first one stays",
        "duplicate id 'c' with different content: the first one stays",
    ]
    kept = json.loads(store.conn.execute("SELECT value FROM rejects").fetchone()[0])
    assert kept["answers"] == [["csat", "How satisfied?", 3, "1-5"]]


def test_duplicates_across_batches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "BATCH_SIZE", 3)
    items = [record(i % 5 + 1, external_id=f"r{i}") for i in range(10)]
    counts = write(store, [*items, record(1, external_id="r0", at=items[0].submitted_at)])
    assert (counts.imported, counts.duplicates) == (10, 1)
    assert store.conn.execute("SELECT count(*) FROM ratings").fetchone() == (10,)


def test_first_answer_of_each_metric_is_the_response_score(store: Store) -> None:
    r = record(2, 9)
    r.answers.append(Answer("csat", "Second CSAT question", 5, "1-7"))
    write(store, [r])
    assert store.conn.execute("SELECT csat, csat_scale, nps FROM responses").fetchone() == (
        2,
        "1-5",
        9,
    )
    assert store.conn.execute("SELECT count(*) FROM ratings").fetchone() == (3,)


def test_cell_problems_link_to_their_response_and_are_not_repeated(store: Store) -> None:
    bad = Problem(3, "CSAT", "6", "6 is outside the 1–5 scale", external_id="x")
    file_level = Problem(9, None, "garbage,row", "quoted field not closed")
    counts = write(store, [bad, record(None, 7, external_id="x"), file_level])
    assert counts.rejects == 2
    assert store.conn.execute(
        'SELECT response_id IS NOT NULL, line, "column" FROM rejects ORDER BY id'
    ).fetchall() == [(1, 3, "CSAT"), (0, 9, None)]
    # The same file again: the response is an exact copy, so its cell reject is not repeated.
    again = write(store, [bad, record(None, 7, external_id="x")])
    assert (again.duplicates, again.rejects) == (1, 0)


def test_a_failed_file_leaves_nothing(store: Store) -> None:
    write(store, [record(5, external_id="keep")])
    w = writer_module.ImportWriter(store, plan(), "c", 0)
    w.start()
    w.add(record(1, external_id="gone"))
    w.flush()
    w.rollback()
    assert responses(store) == [("keep", 5, None, None)]
    assert store.conn.execute("SELECT count(*) FROM imports").fetchone() == (1,)

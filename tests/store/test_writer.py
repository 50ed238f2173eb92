"""One file, one transaction: duplicates by id, changed copies rejected, problems linked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csat_tui.importers.model import Answer, ColumnPlan, FilePlan, Problem, Record
from csat_tui.store import prepare as prepare_module
from csat_tui.store import writer as writer_module
from csat_tui.store.db import Store, open_store
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
        "duplicate id 'b' with different content (csat): the first one stays",
        "duplicate id 'c' with different content (csat): the first one stays",
    ]
    kept = json.loads(store.conn.execute("SELECT value FROM rejects").fetchone()[0])
    assert kept["answers"] == [["csat", "How satisfied?", 3, "1-5"]]


def test_duplicates_across_batches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepare_module, "BATCH_SIZE", 3)
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


RATED = FilePlan(
    "rated.csv",
    "generic",
    "generic",
    "utf-8",
    "csv",
    (
        ColumnPlan("id", "external_id"),
        ColumnPlan("How satisfied?", "csat", scale="1-5"),
        ColumnPlan("Recommend?", "nps", scale="0-10"),
        ColumnPlan("Easy?", "ces", scale="1-7"),
    ),
)


def write_with(store: Store, file_plan: FilePlan, items: list[Record]) -> None:
    w = writer_module.ImportWriter(store, file_plan, "rated", 0)
    w.start()
    for item in items:
        w.add(item)
    w.commit()


def stored_ratings(store: Store) -> list[tuple[object, ...]]:
    return store.conn.execute(
        "SELECT r.external_id, g.metric, g.question, g.score, g.scale FROM ratings g"
        " JOIN responses r ON r.id = g.response_id ORDER BY r.id, g.position"
    ).fetchall()


def mixed_records() -> list[Record]:
    extra = record(2, 9, external_id="extra")
    extra.answers.append(Answer("csat", "Second CSAT question", 5, "1-7"))
    backwards = record(None, 3, 4, external_id="backwards")
    backwards.answers.reverse()
    other_scale = record(6, scale="1-7", external_id="other-scale")
    return [
        record(5, 10, 7, external_id="all"),
        record(None, None, 2, external_id="ces-only"),
        record(external_id="none"),
        extra,
        backwards,
        other_scale,
        record(1, 0, external_id="zero"),
        *(record(i % 5 + 1, i % 11, external_id=f"n{i}") for i in range(20)),
    ]


@pytest.mark.parametrize("batch", [2, 1000])
def test_derived_ratings_equal_ratings_written_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(prepare_module, "BATCH_SIZE", batch)
    with open_store(tmp_path / "a.db") as one_by_one, open_store(tmp_path / "b.db") as copied:
        write_with(one_by_one, plan(), mixed_records())  # no rating columns: nothing derivable
        write_with(copied, RATED, mixed_records())
        expected = stored_ratings(one_by_one)
        assert len(expected) == 52
        assert stored_ratings(copied) == expected
        # Only the responses whose answers the columns cannot derive keep rows of their own.
        kept = copied.conn.execute(
            "SELECT DISTINCT r.external_id FROM explicit_ratings g"
            " JOIN responses r ON r.id = g.response_id ORDER BY r.id"
        ).fetchall()
        assert kept == [("extra",), ("backwards",), ("other-scale",)]
        columns = "external_id, csat, csat_scale, nps, ces"
        query = f"SELECT {columns} FROM responses ORDER BY id"
        assert copied.conn.execute(query).fetchall() == one_by_one.conn.execute(query).fetchall()


def test_a_failed_file_leaves_no_rating_columns_or_answers(store: Store) -> None:
    w = writer_module.ImportWriter(store, RATED, "rated", 0)
    w.start()
    for item in mixed_records():
        w.add(item)
    w.flush()
    counts = "SELECT (SELECT count(*) FROM rating_columns), (SELECT count(*) FROM explicit_ratings)"
    assert store.conn.execute(counts).fetchone() == (3, 6)
    w.rollback()
    assert store.conn.execute(counts).fetchone() == (0, 0)
    assert store.conn.execute("SELECT count(*) FROM ratings").fetchone() == (0,)


def index_sql(store: Store) -> list[tuple[str, str]]:
    return store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    ).fetchall()


def test_a_large_import_into_a_small_store_builds_its_indexes_at_commit(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexes = index_sql(store)
    monkeypatch.setattr(prepare_module, "BATCH_SIZE", 2)
    monkeypatch.setattr(writer_module, "DEFER_INDEXES_AT", 4)
    dropped: list[int] = []
    defer = writer_module.ImportWriter._defer_indexes

    def spy(self: writer_module.ImportWriter) -> None:
        dropped.append(self.counts.imported)
        defer(self)

    monkeypatch.setattr(writer_module.ImportWriter, "_defer_indexes", spy)
    write(store, [record(3, respondent=f"p{i}", external_id=f"a{i}") for i in range(3)])
    assert dropped == []  # too few to be worth it
    write(store, [record(4, respondent=f"p{i}", external_id=f"b{i}") for i in range(9)])
    assert dropped == [4]  # 4 written, more than the 3 the store held
    again = write(store, [record(4, respondent=f"p{i}", external_id=f"b{i}") for i in range(9)])
    assert (again.imported, again.duplicates, len(dropped)) == (0, 9, 1)  # nothing to build
    assert index_sql(store) == indexes
    query = "SELECT external_id FROM responses INDEXED BY idx_responses_respondent"
    assert len(store.conn.execute(f"{query} WHERE respondent = 'p2'").fetchall()) == 2
    assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    # A failed import puts them back too.
    w = writer_module.ImportWriter(store, plan(), "c", 0)
    w.start()
    for i in range(20):
        w.add(record(1, external_id=f"c{i}"))
    w.flush()
    assert len(dropped) == 2
    w.rollback()
    assert index_sql(store) == indexes
    assert store.conn.execute("SELECT count(*) FROM responses").fetchone() == (12,)

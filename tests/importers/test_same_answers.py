"""Rows with no id, date, respondent or comment: each gets an id of its own, the same on every
read of the file, so identical answers are kept once per row and a re-import adds nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.importers.records import repeated_note
from tests.importers.conftest import run_import

ROWS = st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=30)


@settings(max_examples=40, deadline=None)
@given(rows=ROWS)
def test_every_ratings_only_row_gets_its_own_stable_id(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[int, int]]
) -> None:
    path = tmp_path_factory.mktemp("same") / "r.csv"
    path.write_text("Website,Audio\n" + "".join(f"{a},{b}\n" for a, b in rows), "utf-8")
    first = run_import(path, mapping={"Website": "csat:1-5"})
    ids = [r.external_id for r in first.records]
    assert len(set(ids)) == len(rows)
    assert ids == [r.external_id for r in run_import(path, mapping={"Website": "csat:1-5"}).records]
    repeats = len(rows) - len(set(rows))
    assert sum(i.count("#") for i in ids) == repeats


def test_the_note_counts_rows() -> None:
    assert repeated_note(1).startswith("1 row repeats an earlier row's answers")
    assert repeated_note(1200).startswith("1,200 rows repeat")

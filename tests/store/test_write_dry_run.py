"""A dry run's duplicate check (`CopyCheck`) counts what the import then does, reading the store
only: exact copies of stored responses, copies within the file, changed copies, and problems
kept only where their record is imported."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.importers.model import Problem, Record
from csat_tui.store import prepare as prepare_module
from csat_tui.store.db import Store, open_store
from csat_tui.store.writer import CopyCheck, WriteCounts
from tests.helpers import plan, record, write

# (id, score, comment, with a problem): few ids and contents, so copies and changes are common.
ITEM = st.tuples(
    st.sampled_from(["R_1", "R_2", "R_3", "sha1:a", "sha1:b"]),
    st.integers(1, 2),
    st.sampled_from([None, "slow"]),
    st.booleans(),
)


def _items(spec: list[tuple[str, int, str | None, bool]]) -> list[Record | Problem]:
    items: list[Record | Problem] = []
    for line, (external_id, score, comment, problem) in enumerate(spec, 2):
        r = record(score, external_id=external_id, comment=comment)
        r.line = line
        items.append(r)
        if problem:
            items.append(Problem(line, "Date", "soon", "not a date", external_id))
    return items


def _dry(store: Store, items: list[Record | Problem]) -> WriteCounts:
    counts = WriteCounts()
    check = CopyCheck(store, plan(), counts)
    for item in items:
        if isinstance(item, Record):
            counts.records += 1
        check.add(item)
    return check.finish()


def _counted(counts: WriteCounts) -> tuple[object, ...]:
    return (
        counts.records,
        counts.imported,
        counts.duplicates,
        counts.rejects,
        counts.changed,
        counts.reasons(),
    )


def _responses(store: Store) -> int:
    count: int = store.conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    return count


@settings(max_examples=60, deadline=None)
@given(
    stored=st.lists(ITEM, max_size=6),
    items=st.lists(ITEM, max_size=12),
    batch=st.integers(1, 4),
)
def test_a_dry_run_counts_what_the_import_does(
    stored: list[tuple[str, int, str | None, bool]],
    items: list[tuple[str, int, str | None, bool]],
    batch: int,
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(Path(folder) / "s.db") as store,
        patch.object(prepare_module, "BATCH_SIZE", batch),
    ):
        write(store, _items(stored), checksum="before")
        before = _responses(store)
        dry = _dry(store, _items(items))
        assert _responses(store) == before  # read only
        done = write(store, _items(items), checksum="now")
        assert _counted(dry) == _counted(done)


def test_a_changed_copy_of_a_stored_response_names_its_fields(store: Store) -> None:
    write(store, [record(5, external_id="R_1", comment="great")], checksum="before")
    dry = _dry(store, [record(5, external_id="R_1", comment="slow")])
    assert dry.changed_examples == [
        "id 'R_1' (line 0) already stored with a different comment: the stored one stays"
    ]

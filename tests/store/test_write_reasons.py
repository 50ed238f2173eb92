"""Every count explained: why each record was skipped, what each duplicate copies, and which
fields a duplicate id with different content changed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.importers.model import Problem, Record
from csat_tui.store import prepare as prepare_module
from csat_tui.store.db import Store, open_store
from csat_tui.store.writer import (
    CHANGED_EXAMPLES,
    DUPLICATE_NO_ID,
    DUPLICATE_SAME_ID,
    DUPLICATE_STORED,
    REJECT_CHANGED,
    REJECT_UNREAD,
    SKIP_OFFERED,
    SKIP_UNOFFERED,
    WriteCounts,
)
from tests.helpers import record, write


def at_line(r: Record, line: int) -> Record:
    r.line = line
    return r


def test_each_duplicate_says_what_it_copies(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    write(store, [record(5, external_id="a")], checksum="first")
    monkeypatch.setattr(prepare_module, "BATCH_SIZE", 2)
    counts = write(
        store,
        [
            record(5, external_id="a"),  # stored by the first import
            record(4, external_id="b"),
            record(4, external_id="b"),  # the same id again, in the next batch
            record(3, external_id="sha1:h"),
            record(2, external_id="c"),
            record(3, external_id="sha1:h"),  # an id-less row again, in the next batch
            record(1, external_id="d"),
            record(1, external_id="d"),  # the same id again, in the same batch
            record(2, external_id="sha1:k"),
            record(2, external_id="sha1:k"),  # an id-less row again, in the same batch
        ],
        checksum="second",
    )
    assert (counts.records, counts.imported, counts.duplicates, counts.rejects) == (10, 5, 5, 0)
    assert counts.duplicate_reasons == {
        DUPLICATE_STORED: 1,
        DUPLICATE_SAME_ID: 2,
        DUPLICATE_NO_ID: 2,
    }
    assert counts.reasons()["duplicates"] == counts.duplicate_reasons


def test_a_copy_of_a_stored_response_twice_in_a_file_is_a_copy_of_the_stored_one(
    store: Store,
) -> None:
    write(store, [record(5, external_id="sha1:x")], checksum="first")
    counts = write(
        store, [record(5, external_id="sha1:x"), record(5, external_id="sha1:x")], checksum="2"
    )
    assert counts.duplicate_reasons == {DUPLICATE_STORED: 2}


def test_skipped_records_say_why(store: Store) -> None:
    preview = record(5, external_id="p")
    preview.skip_reason = "survey preview"
    offered = record(external_id="o", unanswered="offered")
    unoffered = record(external_id="u", unanswered="unoffered")
    counts = write(store, [preview, offered, unoffered, record(4, external_id="r")])
    assert (counts.records, counts.imported, counts.skipped) == (4, 1, 3)
    assert (counts.offered, counts.unoffered) == (1, 1)
    assert counts.skipped_reasons == {"survey preview": 1, SKIP_OFFERED: 1, SKIP_UNOFFERED: 1}
    stored = store.conn.execute("SELECT records, skipped FROM imports").fetchone()
    assert stored == (4, 3)


def test_a_changed_copy_names_the_fields_that_differ(store: Store) -> None:
    write(
        store,
        [record(5, 9, external_id="R_1", comment="great", attributes={"plan": "Pro", "x": "1"})],
        checksum="first",
    )
    changed = record(3, 9, external_id="R_1", comment="meh", attributes={"plan": "Basic", "x": "1"})
    twice = [at_line(record(4, external_id="R_2"), 2), at_line(record(4, external_id="R_2"), 3)]
    twice[1].segment = "smb"
    counts = write(store, [at_line(changed, 7), *twice], checksum="second")
    assert (counts.imported, counts.duplicates, counts.rejects, counts.changed) == (1, 0, 2, 2)
    assert counts.changed_examples == [
        "id 'R_1' (line 7) already stored with a different comment, csat, attribute 'plan':"
        " the stored one stays",
        "id 'R_2' (line 3) appears twice in this file with a different segment:"
        " the first one stays",
    ]
    reasons = [r for (r,) in store.conn.execute("SELECT reason FROM rejects ORDER BY id")]
    assert reasons == [
        "duplicate id 'R_1' with different content (comment, csat, attribute 'plan'):"
        " the first one stays",
        "duplicate id 'R_2' with different content (segment): the first one stays",
    ]
    assert counts.reasons()["rejects"] == {REJECT_CHANGED: 2}


def test_changed_copies_are_described_a_few_then_counted(store: Store) -> None:
    write(store, [record(5, external_id=f"r{i}") for i in range(6)], checksum="first")
    bad = Problem(1, "CSAT", "9", "9 is outside the 1–5 scale")
    counts = write(store, [bad, *(record(1, external_id=f"r{i}") for i in range(6))], checksum="2")
    assert (counts.changed, counts.rejects) == (6, 7)
    assert len(counts.changed_examples) == CHANGED_EXAMPLES
    assert counts.reasons()["rejects"] == {REJECT_CHANGED: 6, REJECT_UNREAD: 1}


ITEM = st.tuples(
    st.sampled_from(["a", "b", "c", "sha1:x", "sha1:y"]),
    st.integers(1, 3),
    st.sampled_from(["response", "response", "response", "preview", "offered", "unoffered"]),
)


def _item(external_id: str, score: int, kind: str) -> Record:
    r = record(score, external_id=external_id)
    if kind == "preview":
        r.skip_reason = "survey preview"
    elif kind != "response":
        r.unanswered = kind
    return r


def _explained(counts: WriteCounts) -> None:
    reasons = counts.reasons()
    assert sum(reasons["skipped"].values()) == counts.skipped
    assert sum(reasons["duplicates"].values()) == counts.duplicates
    assert sum(reasons["rejects"].values()) == counts.rejects
    assert all(n > 0 for found in reasons.values() for n in found.values())
    # Every record is new, a duplicate, skipped, or a changed copy kept in rejects.
    assert counts.records == counts.imported + counts.duplicates + counts.skipped + counts.changed


@settings(max_examples=40, deadline=None)
@given(items=st.lists(ITEM, max_size=14), batch=st.integers(1, 4))
def test_every_record_is_explained_and_the_reasons_add_up(
    items: list[tuple[str, int, str]], batch: int
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(Path(folder) / "s.db") as store,
        patch.object(prepare_module, "BATCH_SIZE", batch),
    ):
        first = write(store, [_item(*i) for i in items], checksum="1")
        _explained(first)
        assert first.duplicate_reasons.get(DUPLICATE_STORED, 0) == 0
        again = write(store, [_item(*i) for i in items], checksum="2")
        _explained(again)
        assert again.imported == 0
        assert set(again.duplicate_reasons) <= {DUPLICATE_STORED}

"""`ImportWriter.open`: the file is committed when the block ends, rolled back when it raises;
the import and its dry run count records read through one function."""

from __future__ import annotations

import pytest

from csat_tui.records import FilePlan, Record
from csat_tui.store.db import Store
from csat_tui.store.write_counts import WriteCounts, count_read
from csat_tui.store.writer import SKIP_OFFERED, ImportWriter
from tests.helpers import record


def _plan() -> FilePlan:
    return FilePlan("opened.csv", "generic", "generic", "utf-8", "csv", ())


def _stored(store: Store) -> tuple[int, int, list[str]]:
    conn = store.conn
    responses = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    ratings = conn.execute("SELECT count(*) FROM ratings").fetchone()[0]
    statuses = [row[0] for row in conn.execute("SELECT status FROM imports ORDER BY id")]
    return int(responses), int(ratings), statuses


def test_the_block_ending_commits_the_file(store: Store) -> None:
    messages: list[str] = []
    with ImportWriter.open(store, _plan(), "c1", 0, messages=messages) as writer:
        writer.add(record(5, external_id="a"))
        writer.add(record(2, external_id="b"))
        messages.append("said at the end")
    assert not store.conn.in_transaction
    assert writer.counts.imported == 2
    assert _stored(store) == (2, 2, ["done"])
    kept = store.conn.execute("SELECT messages FROM imports").fetchone()[0]
    assert "said at the end" in kept


class Stop(Exception):
    pass


@pytest.mark.parametrize("error", [Stop, KeyboardInterrupt])
def test_an_error_in_the_block_rolls_the_whole_file_back(
    store: Store, error: type[BaseException]
) -> None:
    with pytest.raises(error), ImportWriter.open(store, _plan(), "c2", 0) as writer:
        for n in range(5):
            writer.add(record(1 + n % 5, external_id=f"id{n}"))
        writer.flush()  # a batch already written inside the transaction
        raise error()
    assert not store.conn.in_transaction
    assert _stored(store) == (0, 0, [])
    # The store takes the next import as if nothing had happened.
    with ImportWriter.open(store, _plan(), "c3", 0) as again:
        again.add(record(4, external_id="id0"))
    assert again.counts.imported == 1


def test_the_import_and_the_dry_run_count_records_read_alike() -> None:
    offered = Record(line=1, external_id="o", unanswered="offered")
    preview = Record(line=2, external_id="p", skip_reason="survey preview")
    answered = record(3, external_id="a")
    counts = WriteCounts()
    assert [count_read(counts, r) for r in (offered, preview, answered)] == [False, False, True]
    assert (counts.records, counts.skipped, counts.offered) == (3, 2, 1)
    assert counts.skipped_reasons == {SKIP_OFFERED: 1, "survey preview": 1}

"""The customers' tiers rollup against the lists computed from the responses (the full scan),
import after import: a fresh store, the incremental refresh, and the rebuild of the whole."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.store import customer_tiers
from csat_tui.store.customers import TIERS, Customer, Tier, cursor, customers, scanned
from csat_tui.store.db import Store, open_store
from tests.helpers import record, write
from tests.store.test_rollups_customers import expected

WHO = ["ann", "bo", "cy", "di", "ed"]
TIER_SETS: list[tuple[Tier, ...]] = [("immediate", "at_risk"), ("advocate",), TIERS]


@st.composite
def imports(draw: st.DrawFn) -> list[list[Record]]:
    """A few imports of responses by a few respondents on a few dates (ties on the date)."""
    count = 0
    files: list[list[Record]] = []
    for _ in range(draw(st.integers(1, 5))):
        records = []
        for _ in range(draw(st.integers(0, 6))):
            count += 1
            records.append(
                record(
                    draw(st.none() | st.integers(1, 5)),
                    draw(st.none() | st.integers(0, 10)),
                    scale=draw(st.sampled_from(["1-5", "1-7", "0-5"])),
                    external_id=f"r{count}",
                    respondent=draw(st.none() | st.sampled_from(WHO)),
                    at=draw(
                        st.sampled_from(
                            [
                                None,
                                "2026-10-01T10:00:00Z",
                                "2026-10-02T10:00:00Z",
                                "2026-10-03T10:00:00Z",
                            ]
                        )
                    ),
                )
            )
        files.append(records)
    return files


def scan(store: Store, tiers: tuple[Tier, ...]) -> list[Customer]:
    """The lists computed from every response, as when no rollup is current."""
    return scanned(store, "1", {}, tiers, None, None)


@settings(max_examples=100, deadline=None)
@given(imports(), st.integers(1, 3), st.sampled_from([0.0, 0.5, 1.0]))
def test_the_rollup_gives_the_lists_of_the_full_scan(
    files: list[list[Record]], limit: int, whole_share: float
) -> None:
    """`whole_share` 1.0: every later import refreshes only its respondents; 0.0: none does."""
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store(Path(folder) / "s.db") as store,
        patch.object(customer_tiers, "FULL_SHARE", whole_share),
    ):
        for number, records in enumerate(files):
            write(store, records, checksum=f"file{number}")
            assert customer_tiers.current(store.conn)
            for tiers in TIER_SETS:
                whole = customers(store, Filter(), tiers)
                assert whole == scan(store, tiers)
                want = {
                    who: tier
                    for who, tier in expected(store).items()
                    if tier in tiers and who is not None  # no respondent: no customer
                }
                assert {c.respondent: c.tier for c in whole} == want
                paged: list[Customer] = []
                after = None
                while True:
                    page = customers(store, Filter(), tiers, limit=limit, after=after)
                    paged += page
                    if len(page) < limit:
                        break
                    after = cursor(page[-1])
                assert paged == whole
        # Rebuilt whole, the rollup holds the same rows as kept in step import after import.
        kept = store.conn.execute("SELECT * FROM customer_tiers ORDER BY respondent").fetchall()
        store.conn.execute("BEGIN")
        customer_tiers.rebuild_all(store.conn)
        rebuilt = store.conn.execute("SELECT * FROM customer_tiers ORDER BY respondent").fetchall()
        store.conn.execute("ROLLBACK")
        assert rebuilt == kept


def test_a_stale_rollup_is_not_read(store: Store) -> None:
    """Responses written without the refresh: the lists come from the responses."""
    write(store, [record(1, 3, respondent="ann", external_id=f"a{i}") for i in range(3)])
    assert [c.tier for c in customers(store, Filter(), TIERS)] == ["immediate"]
    with store.write():
        store.conn.execute(
            "INSERT INTO responses (source, external_id, respondent, submitted_at, csat,"
            " csat_scale, nps, import_id) VALUES ('generic', 'late', 'ann',"
            " '2026-12-01T00:00:00Z', 5, '1-5', 10, NULL)"
        )
    assert not customer_tiers.current(store.conn)
    assert [c.tier for c in customers(store, Filter(), TIERS)] == ["advocate"]

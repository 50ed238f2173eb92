"""Filter choices come from the daily table and the tags, on a real SQLite file."""

from __future__ import annotations

from csat_tui.services import facets
from csat_tui.services.triage import tag
from csat_tui.store.db import Store
from tests.helpers import record, write


def test_an_empty_store_has_no_choices(store: Store) -> None:
    found = facets(store)
    assert found.touchpoints == () and found.tags == ()
    assert found.responses == 0
    assert found.last_day is None


def test_choices_are_distinct_and_sorted(store: Store) -> None:
    write(
        store,
        [
            record(
                5, touchpoint="billing", segment="SMB", channel="email", at="2026-10-01T10:00:00Z"
            ),
            record(
                4, touchpoint="Delivery", segment="smb", channel=None, at="2026-10-03T10:00:00Z"
            ),
            record(2, touchpoint="billing", at=None),
        ],
        source="typeform",
    )
    tag(store, [1], ["slow", "Billing"], actor="t")
    found = facets(store)
    assert found.touchpoints == ("billing", "Delivery")
    assert found.segments == ("SMB", "smb")  # case-insensitive order, ties by code point
    assert found.channels == ("email",)
    assert found.sources == ("typeform",)
    assert found.tags == ("Billing", "slow")
    assert found.responses == 3
    assert found.last_day == "2026-10-03"

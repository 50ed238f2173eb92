"""At-risk tiers and advocates on hand-built respondent histories."""

from __future__ import annotations

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.store.customers import TIERS, customers
from csat_tui.store.db import Store
from tests.helpers import record, write


def history(who: str, answers: list[tuple[int | None, int | None]]) -> list[Record]:
    """Responses of one respondent, oldest first: (csat, nps) each."""
    return [
        record(csat, nps, respondent=who, at=f"2026-10-{day + 1:02d}T10:00:00Z")
        for day, (csat, nps) in enumerate(answers)
    ]


def tiers_of(store: Store) -> dict[str, str]:
    return {c.respondent: c.tier for c in customers(store, Filter(), TIERS)}


def test_tiers(store: Store) -> None:
    write(
        store,
        [
            *history("three-low-detractor", [(5, None), (1, None), (2, 3), (1, None)]),
            *history("three-low-no-nps", [(2, None), (1, None), (2, None)]),
            *history("three-low-passive", [(2, 7), (1, None), (2, None)]),
            *history("two-low-then-high", [(1, 2), (2, None), (5, None)]),
            *history("detractor-latest-low", [(5, 0), (2, None)]),
            *history("detractor-latest-ok", [(1, 0), (4, None)]),
            *history("advocate", [(1, 3), (5, 10)]),
            *history("satisfied-passive", [(5, 8)]),
            *history("promoter-latest-low", [(5, 10), (1, None)]),
        ],
    )
    assert tiers_of(store) == {
        "three-low-detractor": "immediate",
        "three-low-no-nps": "at_risk",
        "three-low-passive": "at_risk",
        "detractor-latest-low": "at_risk",
        "advocate": "advocate",
    }


def test_latest_nps_decides_detractor(store: Store) -> None:
    # An old detractor answer followed by a promoter one is no longer a detractor.
    write(store, history("recovered", [(1, 2), (2, None), (1, 10)]))
    assert tiers_of(store) == {"recovered": "at_risk"}  # still three low CSAT in a row


def test_rows_carry_the_evidence_and_respect_the_filter(store: Store) -> None:
    write(store, history("ann@example.com", [(1, 2), (2, None), (1, None)]))
    write(store, [record(1, 0, respondent="bo", at="2026-09-01T00:00:00Z", touchpoint="x")])
    [ann] = customers(store, Filter(touchpoints=()), ("immediate",))
    assert ann.last_csat == ("1/5", "2/5", "1/5")
    assert (ann.latest_nps, ann.responses) == (2, 3)
    assert ann.last_response_at == "2026-10-03T10:00:00Z"
    assert customers(store, Filter(touchpoints=("x",)), TIERS)[0].respondent == "bo"

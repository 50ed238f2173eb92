"""The customers lists (latest-answer first pass, then the rules) against the rules in Python,
and their pages against the whole list."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.importers.model import Record
from csat_tui.scoring.scales import RULES, band
from csat_tui.store.customers import TIERS, Tier, cursor, customers
from csat_tui.store.db import Store, open_store
from tests.helpers import record, write

WHO = ["ann", "bo", "cy", "di"]


@st.composite
def histories(draw: st.DrawFn) -> list[Record]:
    return [
        record(
            draw(st.none() | st.integers(1, 5)),
            draw(st.none() | st.integers(0, 10)),
            scale=draw(st.sampled_from(["1-5", "1-7", "1-10", "0-5"])),
            respondent=draw(st.sampled_from(WHO)),
            # Few distinct times: ties on the date are broken by id, newest first.
            at=draw(
                st.sampled_from(
                    [None, "2026-10-01T10:00:00Z", "2026-10-02T10:00:00Z", "2026-10-03T10:00:00Z"]
                )
            ),
        )
        for _ in range(draw(st.integers(0, 25)))
    ]


def expected(store: Store) -> dict[str, str]:
    """DESIGN.md's rules, in Python, over the stored rows."""
    rows = store.conn.execute(
        "SELECT respondent, submitted_at, id, csat, csat_scale, nps FROM responses"
    ).fetchall()
    out: dict[str, str] = {}
    for who in {r[0] for r in rows}:
        mine = sorted((r for r in rows if r[0] == who), key=lambda r: (r[1] or "", r[2]),
                      reverse=True)  # fmt: skip
        csat = [r for r in mine if r[3] is not None]
        nps = next((r[5] for r in mine if r[5] is not None), None)
        if not csat:
            continue

        def low(r: tuple[Any, ...]) -> bool:
            return ("csat", r[4]) in RULES and band("csat", r[4], r[3]) == "low"

        def high(r: tuple[Any, ...]) -> bool:
            return ("csat", r[4]) in RULES and band("csat", r[4], r[3]) == "high"

        three_low = len(csat) >= 3 and all(low(r) for r in csat[:3])
        if three_low and nps is not None and nps <= 6:
            out[who] = "immediate"
        elif three_low or (nps is not None and nps <= 6 and low(csat[0])):
            out[who] = "at_risk"
        elif high(csat[0]) and nps is not None and nps >= 9:
            out[who] = "advocate"
    return out


@settings(max_examples=80, deadline=None)
@given(histories(), st.sampled_from([("immediate", "at_risk"), ("advocate",), TIERS]),
       st.integers(1, 3))  # fmt: skip
def test_tiers_and_pages_follow_the_rules(
    items: list[Record], tiers: tuple[Tier, ...], limit: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, items)
        whole = customers(store, Filter(), tiers)
        want = {who: tier for who, tier in expected(store).items() if tier in tiers}
        assert {c.respondent: c.tier for c in whole} == want
        paged = []
        after = None
        while True:
            page = customers(store, Filter(), tiers, limit=limit, after=after)
            paged += page
            if len(page) < limit:
                break
            after = cursor(page[-1])
        assert paged == whole

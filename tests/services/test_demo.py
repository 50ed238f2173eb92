"""The demo store: regenerated from its seed, with the story the dashboard should reveal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csat_tui.filters import Filter
from csat_tui.services import scores
from csat_tui.services.demo import build_demo_store, fresh_demo_copy
from csat_tui.services.demo_data import DIP_DAYS, PRICE_CHANGE, PRO_IMPROVES
from csat_tui.services.triage import TIERS, customers, list_followups
from csat_tui.store.db import open_store


def test_the_demo_store_tells_its_story(tmp_path: Path) -> None:
    path = build_demo_store(tmp_path / "demo.db")
    with open_store(path) as store:
        overall = scores(store, Filter()).overall
        assert 5_000 <= overall.responses <= 20_000
        sources = {r[0] for r in store.conn.execute("SELECT DISTINCT source FROM responses")}
        assert sources == {"zendesk", "surveymonkey", "typeform"}
        assert overall.nps.n > 1000 and overall.ces.n > 1000
        # Billing CSAT drops, significantly, for three weeks after the price change...
        dip = Filter(touchpoints=("billing",), since=PRICE_CHANGE,
                     until=date.fromordinal(PRICE_CHANGE.toordinal() + DIP_DAYS - 1))  # fmt: skip
        change = scores(store, dip, with_previous=True).comparison
        assert change is not None and change.csat is not None
        assert change.csat.delta < -15 and change.csat.significant
        # ...and one segment's NPS improves significantly.
        pro = Filter(segments=("pro",), since=PRO_IMPROVES, until=date(2026, 11, 15))
        lift = scores(store, pro, with_previous=True).comparison
        assert lift is not None and lift.nps is not None
        assert lift.nps.delta > 10 and lift.nps.significant
        tiers = {c.respondent: c.tier for c in customers(store, Filter(), TIERS)}
        assert tiers["maria.at-risk@example.com"] == "immediate"
        assert tiers["wei.advocate@example.com"] == "advocate"
        overdue = list_followups(store, statuses=("open",), due_before="2026-11-15")
        assert len(overdue) >= 3
        tagged = store.conn.execute("SELECT count(DISTINCT response_id) FROM response_tags")
        assert tagged.fetchone()[0] >= 100


def test_same_seed_same_rows(tmp_path: Path) -> None:
    def rows(path: Path) -> list[tuple[object, ...]]:
        with open_store(path) as store:
            return store.conn.execute(
                "SELECT external_id, submitted_at, csat, nps, comment FROM responses ORDER BY id"
            ).fetchall()

    assert rows(build_demo_store(tmp_path / "a.db")) == rows(build_demo_store(tmp_path / "b.db"))


def test_each_copy_starts_fresh(tmp_path: Path) -> None:
    first = fresh_demo_copy(tmp_path)
    with open_store(first) as store:
        store.conn.execute("DELETE FROM response_tags")
        store.conn.commit()
    (tmp_path / "again").mkdir()
    second = fresh_demo_copy(tmp_path / "again")
    with open_store(second) as store:
        assert store.conn.execute("SELECT count(*) FROM response_tags").fetchone()[0] > 0

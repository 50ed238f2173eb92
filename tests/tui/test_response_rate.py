"""The dashboard's responses card shows the response rate when the number sent is known."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csat_tui.store.db import Store
from csat_tui.store.sent import add_sent
from csat_tui.tui.widgets.score_card import ScoreCard
from tests.helpers import record, write
from tests.tui.support import make_app, settle


def responses_card(app: object) -> ScoreCard:
    from textual.app import App

    assert isinstance(app, App)
    return app.screen.query_one("#card-responses", ScoreCard)


async def test_the_response_rate_shows_when_the_number_sent_is_known(
    store: Store, db_path: Path
) -> None:
    write(store, [record(5, at="2026-10-10T10:00:00Z") for _ in range(25)])
    add_sent(store, 100, date(2026, 10, 1), date(2026, 10, 31))
    app = make_app(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        card = responses_card(app)
        assert card.value is not None
        assert card.value.extra == "rate 25.0%"
        assert card.value.rule == "25 of 100 sent"
        shown = str(card.render())
        assert "rate 25.0%" in shown and "25 of 100 sent" in shown
        await pilot.press("b")  # a score band: the rate is not known for it
        await settle(pilot)
        value = responses_card(app).value
        assert value is not None and value.extra == ""


async def test_no_rate_without_a_number_sent(store: Store, db_path: Path) -> None:
    write(store, [record(5)])
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        value = responses_card(app).value
        assert (
            value is not None
            and value.extra == ""
            and "rate" not in str(responses_card(app).render())
        )

"""What a newcomer hit (issue 16): labels for good/bad, one unit per card, no verdict on a
change against too few answers, the rate's coverage said, the breakdown on a dimension with
values, help without repeats, a screenshot that says where it went, the tour at 80×24."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Static

from csat_tui.config import Settings
from csat_tui.filters import Filter
from csat_tui.services import page
from csat_tui.services.demo import demo_session
from csat_tui.services.scores import scores
from csat_tui.store.db import Store
from csat_tui.store.facets import Facets
from csat_tui.store.sent import add_sent
from csat_tui.tui.app import CsatApp
from csat_tui.tui.cards import (
    FEW_TO_COMPARE,
    CardValue,
    card_values,
    csat_pair_text,
    csat_text,
)
from csat_tui.tui.palette import save_screenshot
from csat_tui.tui.screen_table import SCREENS
from csat_tui.tui.screens.help import tidy_keys
from csat_tui.tui.screens.queue import QueueScreen
from csat_tui.tui.tour import HINT_WIDTH, STEPS
from csat_tui.tui.widgets.breakdown import first_with_values
from csat_tui.tui.widgets.charts import fitting_ticks
from csat_tui.tui.widgets.responses_table import cells
from csat_tui.tui.widgets.score_card import ScoreCard
from csat_tui.tui.widgets.tour_panel import TourPanel
from tests.helpers import record, write
from tests.tui.support import help_text, make_app, screen_text, settle

OCTOBER = Filter(since=date(2026, 10, 1), until=date(2026, 10, 31))
"""The period the cards show; the previous one is September."""


def _cards(store: Store, flt: Filter = OCTOBER) -> dict[str, CardValue]:
    return {card.key: card for card in card_values(scores(store, flt, with_previous=True))}


def _on(day: int, month: int = 10) -> str:
    return f"2026-{month:02d}-{day:02d}T12:00:00Z"


# Good/bad ratings are words.


def test_good_and_bad_are_words_wherever_a_score_is_shown() -> None:
    assert (csat_text(2, "1-2"), csat_text(1, "1-2")) == ("good", "bad")
    assert (csat_text(4, "1-5"), csat_text(4, "1-5", of=False)) == ("4/5", "4")
    assert csat_text(None, "1-2") == ""
    pairs = [csat_pair_text(p) for p in ("2/2", "1/2", "1/5", "5/5")]
    assert pairs == ["good", "bad", "1/5", "5/5"]


def test_a_good_bad_source_has_no_mean_card_and_its_rows_say_good(store: Store) -> None:
    write(store, [record(2, scale="1-2", at=_on(d)) for d in range(1, 21)])
    write(store, [record(1, scale="1-2", at=_on(d)) for d in range(1, 11)])
    cards = _cards(store)
    assert "csat_mean" not in cards  # a mean of good and bad means nothing
    assert cards["csat"].value == "66.7%"
    rows = page(store, OCTOBER, limit=50).rows
    shown = {str(cells(row)[1]) for row in rows}
    assert shown == {"good", "bad"}


def test_a_one_to_five_source_keeps_its_mean_card(store: Store) -> None:
    write(store, [record(4, at=_on(d)) for d in range(1, 11)])
    assert _cards(store)["csat_mean"].value == "4.00"


# One unit per card.


def test_the_ces_cards_change_is_in_the_unit_of_its_number(store: Store) -> None:
    # September: mean 6.0 (all easy); October: mean 4.5 (half easy).
    write(store, [record(ces=6, at=_on(d, 9)) for d in range(1, 31)])
    write(store, [record(ces=c, at=_on(d)) for d in range(1, 31) for c in (3, 6)])
    card = _cards(store)["ces"]
    assert card.value == "4.50"
    assert card.delta == pytest.approx(-1.5)
    assert card.delta_text == "-1.50"  # the mean's change, not −50 % easy points
    assert card.unit == "mean"


def test_a_wide_card_says_the_unit_of_its_change(store: Store) -> None:
    write(store, [record(5, at=_on(d, 9)) for d in range(1, 31)])
    write(store, [record(s, at=_on(d)) for d in range(1, 31) for s in (5, 2)])
    csat = _cards(store)["csat"]
    assert csat.unit == "pts" and csat.delta_text == "-50.0"


# Changes against too few answers.


def test_a_change_against_a_tiny_previous_period_is_no_verdict(store: Store) -> None:
    write(store, [record(1, 0, at=_on(d, 9)) for d in range(1, 9)])  # 8 answers before
    write(store, [record(5, 10, at=_on(d)) for d in range(1, 31) for _ in range(6)])  # 180 now
    cards = _cards(store)
    for key in ("csat", "csat_mean", "nps", "responses"):
        card = cards[key]
        assert card.delta is None and card.arrow == "" and not card.significant, key
        assert card.compare_note == f"{FEW_TO_COMPARE} (8 before)", key
        assert card.compare_short == "few: 8 before"


def test_thirty_answers_each_side_are_compared(store: Store) -> None:
    write(store, [record(4, at=_on(d, 9)) for d in range(1, 31)])
    write(store, [record(5, at=_on(d)) for d in range(1, 31)])
    csat = _cards(store)["csat"]
    assert csat.compare_note == "" and csat.delta == pytest.approx(0.0)


@given(before=st.integers(0, 60), now=st.integers(1, 60))
def test_a_change_is_shown_only_when_both_sides_have_thirty(before: int, now: int) -> None:
    from csat_tui.tui.cards import _note, comparable

    note = _note(now, before or None)
    assert (note == "") == (before == 0 or comparable(now, before))
    assert comparable(now, before) == (min(now, before) >= 30)


async def test_the_card_shows_the_note_instead_of_an_arrow(store: Store, db_path: Path) -> None:
    write(store, [record(1, at="2026-07-15T12:00:00Z") for _ in range(5)])
    write(store, [record(5, at="2026-10-15T12:00:00Z") for _ in range(50)])
    app = make_app(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        card = app.screen.query_one("#card-csat", ScoreCard)
        shown = str(card.render())
        assert "few to compare (5 before)" in shown
        assert "too few answers to compare (5 before)" in str(card.tooltip)
        assert "▲" not in shown and "▼" not in shown


# The response rate says what it covers.


def test_the_rate_says_it_covers_only_the_tools_whose_sends_are_known(store: Store) -> None:
    write(store, [record(5, at=_on(d)) for d in range(1, 11)], source="typeform")
    write(store, [record(5, at=_on(d)) for d in range(1, 21)], source="survicate")
    add_sent(store, 40, date(2026, 10, 1), date(2026, 10, 31), source="typeform")
    card = _cards(store)["responses"]
    assert card.extra == "rate 25.0%"
    assert card.rule == "10 of 40 sent · only the tools whose sends are known (10 of 30)"
    assert card.basis_short == "(10 of 30)"


async def test_a_narrow_card_says_what_part_the_rate_covers(store: Store, db_path: Path) -> None:
    write(store, [record(5, at=_on(d)) for d in range(1, 11)], source="typeform")
    write(store, [record(5, at=_on(d)) for d in range(1, 21)], source="survicate")
    add_sent(store, 40, date(2026, 10, 1), date(2026, 10, 31), source="typeform")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        shown = str(app.screen.query_one("#card-responses", ScoreCard).render())
        assert "rate 25.0%" in shown and "(10 of 30)" in shown


# The breakdown opens on a dimension with values.


def test_the_breakdown_starts_on_the_first_dimension_with_values() -> None:
    assert first_with_values(Facets(touchpoints=("billing",), segments=("smb",))) == "touchpoint"
    assert first_with_values(Facets(channels=("chat",), sources=("csv",))) == "channel"
    assert first_with_values(Facets(sources=("csv",)), "segment") == "source"
    assert first_with_values(Facets()) == "touchpoint"


async def test_the_dashboard_opens_the_breakdown_on_channel(store: Store, db_path: Path) -> None:
    write(store, [record(5, channel=("chat", "email")[i % 2]) for i in range(10)])
    app = make_app(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        assert "CSAT % by channel" in screen_text(app)
        assert "(none)" not in screen_text(app)


# The trend's last date.


@given(points=st.integers(1, 120), width=st.integers(20, 200), every=st.integers(1, 20))
def test_every_date_label_under_the_trend_fits(points: int, width: int, every: int) -> None:
    ticks = fitting_ticks([float(x) for x in range(0, points, every)], points, width, 5)
    assert ticks
    assert all(width - (t + 0.5) / points * width >= 3.5 for t in ticks) or ticks == [0.0]


# Help and the palette's Screenshot.


def test_help_lists_an_action_once_with_all_its_keys() -> None:
    keys = [("^q", "Quit", "Leave"), ("q", "Quit", ""), ("^p", "palette", "Open the palette")]
    keys.append(("ctrl+p", "Palette", "find any action"))
    assert tidy_keys(keys) == [
        ("ctrl+q, q", "Quit", "Leave"),
        ("ctrl+p", "Palette", "Open the palette"),
    ]


async def test_the_help_screen_has_one_palette_and_one_quit(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = help_text(app)
        assert text.count("Palette") == 1 and "^" not in text
        quit_line = next(line for line in text.splitlines() if "Quit" in line)
        assert "ctrl+q" in quit_line and " q" in quit_line


async def test_a_screenshot_says_where_it_went_or_why_not(db_path: Path, tmp_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message, saved = save_screenshot(app, tmp_path)
        assert saved and str(tmp_path) in message
        assert list(tmp_path.glob("csat-tui-*.svg"))
        missing = tmp_path / "no" / "such" / "folder"
        message, saved = save_screenshot(app, missing)
        assert not saved and str(missing) in message and "No such file" in message


# The tour at 80×24.


def test_every_step_has_a_hint_that_fits_one_line() -> None:
    for step in STEPS:
        for hint in (step.hint, step.miss_hint):
            assert len(hint.replace("`", "")) <= HINT_WIDTH, hint
        assert step.hint
        assert bool(step.miss) == bool(step.miss_hint)


@pytest.fixture
def demo_db() -> Iterator[Path]:
    with demo_session() as path:
        yield path


async def test_at_80x24_the_tour_is_one_line_and_the_breakdown_shows(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        panel = app.screen.query_one(TourPanel)
        assert panel.region.height == 1 and panel.region.width >= 78
        text = screen_text(app)
        assert "Tour 1/8 CSAT fell: tab to the breakdown, pick billing, enter" in text
        # The step points at the breakdown's billing row: it is on screen.
        assert "billing " in text.split("CSAT % by touchpoint")[1]
        # Every card title whole.
        for title in ("CSAT %", "CSAT mean", "NPS", "CES", "Responses"):
            assert f"─ {title} ─" in text or f"╭{title}" in text or f" {title} " in text
        await pilot.press("ctrl+t")  # the whole step
        await settle(pilot)
        assert panel.region.height > 10 and "the three weeks before" in screen_text(app)
        # Beside the whole step: the card the step reads, its title whole, and the breakdown's
        # billing row (three cards, not five in two rows pushing the breakdown off the screen).
        text = screen_text(app)
        assert "─ CSAT % ─" in text and "…" not in text.splitlines()[2]
        assert "billing " in text.split("CSAT % by touchpoint")[1]
        await pilot.press("ctrl+t")  # hidden
        await settle(pilot)
        assert app.tour_at is None and not panel.display
        await pilot.press("ctrl+t")  # back to the one-line hint
        await settle(pilot)
        assert app.tour_at is not None and panel.region.height == 1


async def test_at_80x24_the_tag_box_leaves_the_comment_in_view(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.tour.skip()
        app.tour.skip()  # step 3: "read the comment, then press a"
        app.tour_at = app.tour.index
        await pilot.press("n")
        await settle(pilot)
        comment = app.screen.query_one("#queue-comment", Static).region
        assert "Read the comment, then a" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen.query_one("#tag-dialog").region
        assert comment.height > 0 and not comment.overlaps(dialog)
        assert dialog.right <= 80 and dialog.bottom <= 22  # the hint and the footer stay


async def test_at_80x24_beside_the_whole_step_every_quick_tag_shows(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", "ctrl+t")  # the queue beside the tour's whole step
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen) and len(queue.top_tags) >= 5
        box = queue.query_one("#queue-quick", Static).region
        lines = screen_text(app).splitlines()[box.y : box.bottom]
        shown = " ".join(line[box.x : box.right] for line in lines)
        for n, name in enumerate(queue.top_tags, 1):
            assert f"{n} {name}" in shown  # each tag whole, beside its number
        status = queue.query_one("#queue-status", Static).region
        lines = screen_text(app).splitlines()[status.y : status.bottom]
        assert "not triaged" in " ".join(line[status.x : status.right] for line in lines)


async def test_at_80x24_the_responses_show_the_comment_column(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        header = next(line for line in screen_text(app).splitlines() if "Submitted" in line)
        assert "Segment" in header and "Comment" in header
        assert "▌" not in screen_text(app) and "▏" not in screen_text(app)


async def test_at_80x24_the_customers_show_every_column_and_no_stray_bar(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        text = screen_text(app)
        assert "▌" not in text and "▏" not in text
        header = next(line for line in text.splitlines() if "Respondent" in line)
        assert header.split() == [
            "Tier",
            "Respondent",
            "Last",
            "CSAT",
            "NPS",
            "Latest",
            "Responses",
        ]
        row = next(line for line in text.splitlines() if "@example.com" in line).split()
        assert row[-1].isdigit() and len(row[-2]) == len("2026-08-23")  # every column whole


async def test_at_80x24_no_card_line_is_cut(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        cards = list(app.screen.query(ScoreCard))
        assert [card.value.key for card in cards if card.value] == [
            "csat", "csat_mean", "nps", "ces", "responses"
        ]  # fmt: skip
        for card in cards:
            assert "…" not in str(card.render()), card.value
        ces = next(card for card in cards if card.value and card.value.key == "ces")
        assert "% easy" in str(ces.render()) and "% easy (" in str(ces.tooltip)


@pytest.mark.parametrize(
    ("keys", "ending"),
    [
        (("slash",), "esc cancels"),
        (("R",), ".md (for chat)"),
        (("e",), ".json or .jsonl"),
        (("k",), "escape closes"),
        (("v",), "“Open view” opens"),
    ],
)
async def test_at_80x24_a_dialogs_hint_is_whole(
    demo_db: Path, keys: tuple[str, ...], ending: str
) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        # The dialog's lines, its border left out, as one run of words (a hint may wrap).
        box = app.screen.children[0].region
        assert box.right <= 80 and box.bottom <= 24
        lines = screen_text(app).splitlines()[box.y : box.bottom]
        text = " ".join(" ".join(line[box.x : box.right] for line in lines).split("█"))
        assert ending in " ".join(text.split())


async def test_at_80x24_every_screens_footer_shows_where_the_keys_are(demo_db: Path) -> None:
    app = CsatApp(Settings(db_path=demo_db, demo=True, theme="textual-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for entry in SCREENS:
            await pilot.press(entry.key)
            await settle(pilot)
            assert app.current_mode == entry.name
            footer = screen_text(app).splitlines()[-1]
            assert "? Keys" in footer, (entry.name, footer)
        for opening in (("d", "y"), ("escape", "r", "enter"), ("escape", "C", "enter")):
            for key in opening:
                await pilot.press(key)
                await settle(pilot)
            footer = screen_text(app).splitlines()[-1]
            assert "? Keys" in footer, (type(app.screen).__name__, footer)

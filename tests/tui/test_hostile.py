"""A store full of hostile text: every screen shows it literally and nothing crashes."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Select

from csat_tui.importers.model import FilePlan
from csat_tui.services import detail
from csat_tui.services.triage import set_followup, tag
from csat_tui.store.db import Store
from csat_tui.store.writer import ImportWriter
from csat_tui.tui.screens.dashboard import DashboardScreen
from csat_tui.tui.screens.detail import DetailScreen, detail_content
from csat_tui.tui.screens.filter_dialog import FilterDialog
from csat_tui.tui.screens.queue import QueueScreen
from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.text import safe
from csat_tui.tui.widgets.responses_table import ResponsesTable
from tests.helpers import record, write
from tests.tui.hostile import BIG_COMMENT, FORBIDDEN, HOSTILE
from tests.tui.support import links_and_actions, make_app, screen_text, settle


def fill(store: Store) -> None:
    texts = [*HOSTILE, BIG_COMMENT]
    plan = FilePlan(HOSTILE[5] + "export.csv", HOSTILE[1], "generic", "utf-8", "csv", ())
    with ImportWriter.open(store, plan, "hostile", 0) as writer:
        for i, text in enumerate(texts):
            short = text[:80]
            writer.add(
                record(
                    1 + i % 5,
                    i % 11,
                    at=f"2026-10-{1 + i:02d}T10:00:00Z",
                    touchpoint=short,
                    segment=short,
                    channel=short,
                    respondent=short,
                    comment=text,
                    attributes={short: text[:200], "plain": short},
                )
            )
    tag(store, list(range(1, 8)), [t[:40] for t in HOSTILE[:6]], actor="[bold]me[/bold]")


def assert_literal(app: App[None]) -> str:
    shown = screen_text(app)
    bad = [c for c in FORBIDDEN if c in shown]
    assert not bad, f"{bad!r} reached the terminal"
    assert links_and_actions(app) == []
    assert app.is_running
    return shown


async def test_every_screen_shows_hostile_text_literally(store: Store, db_path: Path) -> None:
    fill(store)
    app = make_app(db_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")  # all time
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        seen = ""
        for _ in range(4):  # touchpoint, segment, channel, source
            seen += assert_literal(app)
            await pilot.press("g")
            await settle(pilot)
        assert "[bold]x[/bold]" in seen
        assert "[/bold] oops" in seen
        assert "␛[2J" in seen

        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterDialog)
        touchpoint = app.screen.query_one("#touchpoint", Select)
        touchpoint.focus()
        await pilot.press("enter")  # open the list of hostile options
        await pilot.pause()
        assert "[@click=app.quit]x[/]" in assert_literal(app)
        await pilot.press("escape", "escape")
        await pilot.pause()

        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResponsesScreen)
        table = app.screen.query_one(ResponsesTable)
        assert table.row_count == len(HOSTILE) + 1
        shown = assert_literal(app)
        assert "[@click=app.quit]x[/]" in shown
        table.focus()
        for row in (0, 4, 7):  # a few through the screen; all of them below, as content
            table.move_cursor(row=row)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DetailScreen)
            assert_literal(app)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("question_mark")
        assert_literal(app)


async def test_the_1mb_comment_is_clipped_with_its_length(store: Store, db_path: Path) -> None:
    fill(store)
    app = make_app(db_path, screen="responses")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        table = app.screen.query_one(ResponsesTable)
        big = next(i for i, r in enumerate(table.responses) if r.comment_length == len(BIG_COMMENT))
        table.focus()
        table.move_cursor(row=big)
        await pilot.pause()
        assert "1,048,576 characters" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert "Comment (1,048,576 characters)" in screen_text(app)


def test_every_detail_is_literal(store: Store) -> None:
    fill(store)
    for response_id in range(1, len(HOSTILE) + 2):
        shown = detail_content(detail(store, response_id)).plain
        assert not [c for c in FORBIDDEN if c in shown]
    assert "[@click=app.quit]x[/]" in detail_content(detail(store, 2)).plain


async def test_the_screens_fitted_at_80_columns_show_hostile_text_literally(
    store: Store, db_path: Path
) -> None:
    fill(store)
    write(
        store,
        [
            record(1 + i % 5, at=f"2026-10-{1 + i % 20:02d}T10:00:00Z", agent=text[:60])
            for i, text in enumerate(HOSTILE * 3)
        ],
    )
    set_followup(store, [1, 2, 3], owner=HOSTILE[0], due_date="2026-11-20", actor="t")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")  # all time
        await settle(pilot)
        await pilot.press("n")  # the queue's quick tags are hostile tag names
        await settle(pilot)
        quick = assert_literal(app)
        queue = app.screen
        assert isinstance(queue, QueueScreen) and len(queue.top_tags) == 6
        for n, name in enumerate(queue.top_tags, 1):
            assert f"{n} {safe(name, limit=20)}" in quick  # whole, as text, beside its number
        await pilot.press("l")  # follow-ups: hostile owner and respondents
        await settle(pilot)
        assert "[@click=app.quit]x[/]" in assert_literal(app)
        await pilot.press("A")  # agents: hostile names, whole
        await settle(pilot)
        assert "[link=https://evil.example]click[/link]" in assert_literal(app)

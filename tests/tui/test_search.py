"""Search in the filter bar: the table narrows and the matches are highlighted, safely."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.content import Content
from textual.widgets import Input, Static

from csat_tui.store.db import Store
from csat_tui.text_search import parse_query
from csat_tui.tui.highlight import MATCH_STYLE, highlight_content, highlight_text, search_of
from csat_tui.tui.screens.detail import DetailScreen
from csat_tui.tui.screens.responses import ResponsesScreen
from csat_tui.tui.screens.search_bar import SearchBar
from csat_tui.tui.widgets.responses_table import ResponsesTable
from tests.helpers import record, write
from tests.tui.hostile import FORBIDDEN, HOSTILE
from tests.tui.support import help_text, links_and_actions, make_app, screen_text, settle

COMMENTS = [
    "The refund took three weeks",
    "Great service, thanks",
    "退款太慢了",
    "Jättebra support, snabbt svar",
    "REFUND please, [bold]now[/bold]",
    "Faktura was wrong",
]


def highlighted(text: Text | Content) -> list[str]:
    """The pieces of a cell or a block styled as a match."""
    return [text.plain[s.start : s.end] for s in text.spans if str(s.style) == MATCH_STYLE]


def comment_cells(table: ResponsesTable) -> list[Text]:
    return [table.get_row_at(i)[6] for i in range(table.row_count)]


async def search(pilot: object, text: str, *, type_it: bool = False) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SearchBar)
    box = pilot.app.screen.query_one("#search-input", Input)
    if type_it:
        box.value = ""
        await pilot.press(*text)
    else:
        box.value = text
    await pilot.press("enter")
    await settle(pilot)


def test_highlighting_styles_spans_of_the_shown_text() -> None:
    query = parse_query("refund")
    text = highlight_text(Text("[b]Refund[/b] \u241b refund"), query)
    assert highlighted(text) == ["Refund", "refund"]
    content = highlight_content(Content("no match here"), query)
    assert content.spans == []
    assert search_of("") is None
    assert search_of("-refund") is None  # nothing to highlight when only excluding


async def test_typing_a_search_narrows_the_table_and_highlights(
    store: Store, db_path: Path
) -> None:
    write(store, [record(i % 5 + 1, comment=c) for i, c in enumerate(COMMENTS)])
    app = make_app(db_path, "responses")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        table = app.screen.query_one(ResponsesTable)
        assert table.row_count == len(COMMENTS)
        await search(pilot, "refund", type_it=True)
        assert isinstance(app.screen, ResponsesScreen)
        assert app.filter.text == "refund"
        assert table.row_count == 2
        cells = comment_cells(table)
        assert sorted(highlighted(c) for c in cells) == [["REFUND"], ["refund"]]
        # The span sits on the word, not elsewhere in the cell.
        first = next(c for c in cells if c.plain.startswith("The refund"))
        span = next(s for s in first.spans if str(s.style) == MATCH_STYLE)
        assert (span.start, span.end) == (4, 10)
        assert 'comment contains "refund"' in str(app.screen.query_one("#filter-line").render())
        preview = app.screen.query_one("#preview", Static).visual
        assert isinstance(preview, Content)
        assert [p.casefold() for p in highlighted(preview)] == ["refund"]


async def test_chinese_and_swedish_searches(store: Store, db_path: Path) -> None:
    write(store, [record(i % 5 + 1, comment=c) for i, c in enumerate(COMMENTS)])
    app = make_app(db_path, "responses")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        table = app.screen.query_one(ResponsesTable)
        await search(pilot, "退款")
        assert [highlighted(c) for c in comment_cells(table)] == [["退款"]]
        await search(pilot, "jättebra")
        assert [highlighted(c) for c in comment_cells(table)] == [["Jättebra"]]
        await search(pilot, '"snabbt svar"')
        assert [highlighted(c) for c in comment_cells(table)] == [["snabbt svar"]]
        await search(pilot, "refund -please")
        assert [c.plain for c in comment_cells(table)] == ["The refund took three weeks"]


async def test_search_combines_with_the_rest_of_the_filter(store: Store, db_path: Path) -> None:
    write(
        store,
        [
            record(1, comment="refund late", touchpoint="billing"),
            record(5, comment="refund fast", touchpoint="billing"),
            record(1, comment="refund never", touchpoint="delivery"),
        ],
    )
    app = make_app(db_path, "responses")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("b")  # low scores
        await settle(pilot)
        await search(pilot, "refund")
        table = app.screen.query_one(ResponsesTable)
        assert sorted(c.plain for c in comment_cells(table)) == ["refund late", "refund never"]
        # Escape keeps the search; an empty search clears it.
        await pilot.press("slash")
        await pilot.press("escape")
        await settle(pilot)
        assert app.filter.text == "refund"
        await search(pilot, "")
        assert app.filter.text == ""
        assert table.row_count == 2


async def test_hostile_comments_show_literally_with_their_matches(
    store: Store, db_path: Path
) -> None:
    write(store, [record(1, comment=f"{h} refund {h}") for h in HOSTILE])
    app = make_app(db_path, "responses")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await search(pilot, "refund")
        table = app.screen.query_one(ResponsesTable)
        assert table.row_count == len(HOSTILE)
        for cell in comment_cells(table):
            assert not any(ch in cell.plain for ch in FORBIDDEN)
            assert highlighted(cell) == ["refund"]
        shown = screen_text(app)
        assert "[bold]x[/bold] refund" in shown
        assert "[@click=app.quit]x[/] refund" in shown
        assert not any(ch in shown for ch in FORBIDDEN)
        assert links_and_actions(app) == []
        # The detail highlights the same word, and the markup around it stays text.
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        detail = app.screen.query_one("#detail", Static).visual
        assert isinstance(detail, Content)
        assert highlighted(detail) == ["refund"]
        assert links_and_actions(app) == []
        assert not any(ch in screen_text(app) for ch in FORBIDDEN)


async def test_the_filter_dialog_holds_the_search_and_help_lists_the_keys(
    store: Store, db_path: Path
) -> None:
    write(store, [record(i % 5 + 1, comment=c) for i, c in enumerate(COMMENTS)])
    app = make_app(db_path, "responses")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "faktura"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.filter.text == "faktura"
        table = app.screen.query_one(ResponsesTable)
        assert [highlighted(c) for c in comment_cells(table)] == [["Faktura"]]
        await search(pilot, "nothing-like-this")
        assert "/ the search" in str(app.screen.query_one("#responses-empty", Static).render())
        await pilot.press("question_mark")
        await pilot.pause()
        keys = help_text(app)
        assert "Search" in keys and "Themes" in keys and "Save view" in keys

"""The morning routine by keys: queue, tags, a follow-up, triaged, undo, and a restart."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input

from csat_tui.filters import Filter
from csat_tui.services import open_store
from csat_tui.services.triage import list_followups, queue_count, set_followup
from csat_tui.store.db import Store
from csat_tui.tui.app import CsatApp
from csat_tui.tui.screens.help import HelpScreen
from csat_tui.tui.screens.queue import QueueScreen, tag_lines
from csat_tui.tui.screens.triage_dialogs import FollowupDialog, TagDialog
from tests.helpers import record, write
from tests.tui.support import make_app, screen_text, settle


def fill_queue(store: Store) -> None:
    """Four low scores with comments (newest first: #4 … #1), one happy one, one silent low."""
    write(
        store,
        [
            record(1, 2, comment="Invoice wrong", respondent="ann@x", at="2026-10-27T09:00:00Z"),
            record(2, comment="Slow reply", respondent="bob@x", at="2026-10-28T09:00:00Z"),
            record(1, comment="Charged twice", respondent="ann@x", at="2026-10-29T09:00:00Z"),
            record(
                2, 3, comment="App crashed [bold]x", respondent="cy@x", at="2026-10-30T09:00:00Z"
            ),
            record(5, 10, comment="Lovely", respondent="dee@x", at="2026-10-30T10:00:00Z"),
            record(1, respondent="eve@x", at="2026-10-30T11:00:00Z"),
        ],
    )
    store.db.execute("INSERT INTO tags (name, created_at) VALUES ('billing', '2026-01-01')")
    store.conn.commit()


def queue(app: CsatApp) -> QueueScreen:
    screen = app.screen
    assert isinstance(screen, QueueScreen)
    return screen


def entry_id(app: CsatApp) -> int | None:
    """The id of the queue's current entry (None when there is none)."""
    entry = queue(app).entry
    return None if entry is None else entry.id


async def type_in(pilot: Pilot[None], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


async def tag_current(pilot: Pilot[None], app: CsatApp, text: str, complete: bool = False) -> None:
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, TagDialog)
    await type_in(pilot, text)
    await settle(pilot)
    if complete:
        await pilot.press("right")  # take the completion
    await pilot.press("enter")
    await settle(pilot)


def tags_of(db_path: Path) -> dict[int, set[str]]:
    with open_store(db_path) as store:
        rows = store.conn.execute(
            "SELECT rt.response_id, t.name FROM response_tags rt JOIN tags t ON t.id = rt.tag_id"
        ).fetchall()
    found: dict[int, set[str]] = {}
    for rid, name in rows:
        found.setdefault(rid, set()).add(name)
    return found


def waiting(db_path: Path) -> int:
    with open_store(db_path) as store:
        return queue_count(store, Filter())


async def test_the_morning_routine_by_keys(store: Store, db_path: Path) -> None:
    fill_queue(store)
    app = make_app(db_path, "queue")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")  # all time
        await settle(pilot)
        screen = queue(app)
        assert screen.total == 4
        assert screen.entry is not None and screen.entry.id == 4
        text = screen_text(app)
        assert "App crashed [bold]x" in text
        assert "4 left" in text

        await tag_current(pilot, app, "bil", complete=True)  # an existing tag, completed
        await pilot.press("j")
        await settle(pilot)
        await tag_current(pilot, app, "billing, refund")  # one new tag
        await pilot.press("j")
        await settle(pilot)
        await tag_current(pilot, app, "slow reply")
        assert tags_of(db_path) == {4: {"billing"}, 3: {"billing", "refund"}, 2: {"slow reply"}}

        await pilot.press("k")  # back to #3, the double charge
        await settle(pilot)
        assert entry_id(app) == 3
        # Ann's earlier low score shows under the comment.
        assert "Invoice wrong" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FollowupDialog)
        await type_in(pilot, "sam")
        await pilot.press("tab")
        await type_in(pilot, "+2d")
        await settle(pilot)
        assert "Mon 02 Nov 2026" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        with open_store(db_path) as check:
            [followup] = list_followups(check)
        assert (followup.response_id, followup.owner, followup.due_date) == (3, "sam", "2026-11-02")

        await pilot.press("m")  # triaged: #3 leaves the queue
        await settle(pilot)
        assert waiting(db_path) == 3
        assert queue(app).total == 3
        assert entry_id(app) == 2

        await pilot.press("u")  # the triaged mark
        await settle(pilot)
        assert waiting(db_path) == 4
        assert entry_id(app) == 3
        await pilot.press("ctrl+z")  # the follow-up
        await settle(pilot)
        with open_store(db_path) as check:
            assert list_followups(check) == []
        assert tags_of(db_path)[3] == {"billing", "refund"}

        await pilot.press("m")  # triaged again, for the restart
        await settle(pilot)
        assert waiting(db_path) == 3

    again = make_app(db_path, "queue")
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        assert queue(again).total == 3
        assert [r.id for r in queue(again).rows] == [4, 2, 1]
        text = screen_text(again)
        assert "3 left" in text
        await pilot.press("u")  # undo works across restarts: #3 comes back
        await settle(pilot)
        assert queue(again).total == 4


async def test_a_bad_due_date_is_said_as_typed(store: Store, db_path: Path) -> None:
    fill_queue(store)
    app = make_app(db_path, "queue")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("tab")
        await type_in(pilot, "someday")
        await pilot.pause()
        assert "not a due date" in screen_text(app)
        await pilot.press("enter")  # not saved: the date cannot be read
        await pilot.pause()
        assert isinstance(app.screen, FollowupDialog)
        assert app.screen.query_one("#followup-due", Input).has_focus
        await pilot.press("escape")
        await settle(pilot)
        with open_store(db_path) as check:
            assert list_followups(check) == []


async def test_skip_moves_an_entry_to_the_end_and_an_empty_queue_says_so(
    store: Store, db_path: Path
) -> None:
    fill_queue(store)
    app = make_app(db_path, "queue")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert [r.id for r in queue(app).rows] == [3, 2, 1, 4]
        for _ in range(4):
            await pilot.press("m")
            await settle(pilot)
        assert queue(app).total == 0
        assert "The queue is empty" in screen_text(app)


async def test_queue_keys_are_in_the_palette_and_the_help(store: Store, db_path: Path) -> None:
    fill_queue(store)
    app = make_app(db_path, "queue")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        names = {name for _, name, _ in app.screen.keys}
        assert {"Next", "Previous", "Tag", "Follow-up", "Triaged", "Skip", "Undo"} <= names
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_in(pilot, "Triaged")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert waiting(db_path) == 3


async def test_number_keys_add_the_most_used_tags(store: Store, db_path: Path) -> None:
    fill_queue(store)
    app = make_app(db_path, "queue")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        assert queue(app).top_tags == ["billing"]
        assert "1 billing" in screen_text(app)
        await pilot.press("1", "m")
        await settle(pilot)
        assert tags_of(db_path) == {4: {"billing"}}
        assert waiting(db_path) == 3
        await pilot.press("9")  # no ninth tag: nothing happens
        await settle(pilot)
        assert tags_of(db_path) == {4: {"billing"}}


async def test_a_follow_up_opens_as_it_is_for_editing(store: Store, db_path: Path) -> None:
    fill_queue(store)
    newest_low = store.conn.execute(
        "SELECT max(id) FROM responses WHERE csat <= 2 AND comment IS NOT NULL"
    ).fetchone()[0]
    set_followup(
        store, [newest_low], status="in_progress", owner="Omar", due_date="2026-11-06",
        note="Call about the crash",
    )  # fmt: skip
    app = make_app(db_path, "queue")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        entry = queue(app).entry
        assert entry is not None and entry.id == newest_low
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FollowupDialog)
        values = [dialog.query_one(f"#followup-{f}", Input).value for f in ("owner", "due", "note")]
        assert values == ["Omar", "2026-11-06", "Call about the crash"]
        assert "Fri 06 Nov 2026" in screen_text(app)
        # Changing one field keeps the others as they were.
        dialog.query_one("#followup-owner", Input).value = "Anna"
        await pilot.press("enter")
        await settle(pilot)
    with open_store(db_path) as check:
        (row,) = [f for f in list_followups(check) if f.response_id == newest_low]
    assert (row.owner, row.due_date, row.note, row.status) == (
        "Anna", "2026-11-06", "Call about the crash", "in_progress",
    )  # fmt: skip


@given(
    st.lists(st.from_regex(r"[a-z李]{1,12}( [a-z李]{1,8})?", fullmatch=True), max_size=9),
    st.integers(-1, 100),
)
def test_quick_tags_break_between_tags_never_inside_one(names: list[str], width: int) -> None:
    tags = [Content(f"{n} {name}") for n, name in enumerate(names, 1)]
    lines = tag_lines(tags, width)
    per_line = [line.plain.split("  ") for line in lines]  # no tag holds two spaces
    assert [tag for line in per_line for tag in line] == [tag.plain for tag in tags]  # all, whole
    if width <= 0:
        assert len(lines) == min(len(tags), 1)
    for line, after in zip(lines, per_line[1:], strict=False):
        assert line.cell_length + 2 + cell_len(after[0]) > width  # the next tag did not fit
    for line, shown in zip(lines, per_line, strict=True):
        assert line.cell_length <= width or len(shown) == 1 or width <= 0  # too wide: alone

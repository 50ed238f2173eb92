"""The agents screen: open it with A, sort, Enter opens that agent's responses; snapshots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from csat_tui.services import open_store
from csat_tui.tui.screens.agents import AgentsScreen
from csat_tui.tui.screens.responses import ResponsesScreen
from tests.helpers import record, write
from tests.tui.support import make_app, screen_text, settle

SnapCompare = Callable[..., bool]

# (agent, team, answers, satisfied): Ada has many good ratings, Bo three perfect ones.
AGENTS = (
    ("Ada Lovelace", "Billing", 120, 108),
    ("Bo Few", "Billing", 3, 3),
    ("Cy [bold]Markup[/bold]", "Support", 60, 39),
    ("Di Steady", "Support", 45, 41),
)


def build_agents_store(path: Path) -> Path:
    """A fixed store: four agents, a few unassigned responses, within the last 90 days."""
    records = []
    start = date(2026, 8, 10)
    n = 0
    for agent, team, answers, satisfied in (*AGENTS, (None, None, 5, 2)):
        for i in range(answers):
            day = start + timedelta(days=(n * 7) % 80)
            records.append(
                record(
                    5 if i < satisfied else (3 if i % 2 else 1),
                    external_id=f"a-{n:04d}",
                    at=f"{day}T10:00:00Z",
                    agent=agent,
                    team=team,
                    touchpoint="chat",
                    comment=f"comment {n}",
                )
            )
            n += 1
    with open_store(path) as store:
        write(store, records)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def agents_store(tmp_path: Path) -> Path:
    return build_agents_store(tmp_path / "agents.db")


async def test_open_sort_and_open_an_agents_responses(agents_store: Path) -> None:
    app = make_app(agents_store, "dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AgentsScreen)
        names = [row.name for row in screen.rows]
        # Fair rank: Ada (120 at 90 %) above Di (45 at 91 %); Bo's 3 perfect ones last of
        # the agents, flagged; the unassigned at the end.
        assert names == ["Ada Lovelace", "Di Steady", "Cy [bold]Markup[/bold]", "Bo Few", None]
        assert [row.rank for row in screen.rows] == [1, 2, 3, None, None]
        text = screen_text(app)
        assert "Wilson" in text and "fewer than 30 answers" in text
        assert "Cy [bold]Markup[/bo" in text  # shown as text, not markup
        await pilot.press("s")  # by answers
        assert screen.sort_by == "n"
        by_n = [row.name for row in screen.rows][:2]
        assert by_n == ["Ada Lovelace", "Cy [bold]Markup[/bold]"]
        await pilot.press("s")  # by CSAT %: Bo's 100 % first; the fair rank is another order
        assert screen.rows[0].name == "Bo Few"
        chosen = screen.rows[1].name
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.filter.agents == (chosen,)
        assert isinstance(app.screen, ResponsesScreen)
        assert app.current_mode == "responses"


async def test_breakdown_by_agent_opens_its_responses(agents_store: Path) -> None:
    app = make_app(agents_store, "dashboard")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dashboard: Any = app.screen
        while dashboard.by != "agent":
            await pilot.press("g")
        await settle(pilot)
        app.open_group("agent", "Di Steady")
        await settle(pilot)
        assert app.filter.agents == ("Di Steady",)
        assert app.current_mode == "responses"


async def _agents(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_agents_snapshot(
    snap_compare: SnapCompare, agents_store: Path, size: tuple[int, int]
) -> None:
    app = make_app(agents_store, "dashboard", "textual-dark")
    assert snap_compare(app, terminal_size=size, run_before=_agents)


LONG_NAME = "Maria-Fernanda Castellanos de la Vega"


def _header(lines: list[str]) -> str:
    return next(line for line in lines if line.split()[:1] == ["Rank"])


async def test_at_80_columns_the_table_fits_the_names_whole_and_wider_shows_every_column(
    agents_store: Path,
) -> None:
    with open_store(agents_store) as store:  # one more agent, with a long name, ranked
        write(
            store,
            [
                record(5 if i % 4 else 2, at="2026-09-01T10:00:00Z", agent=LONG_NAME)
                for i in range(40)
            ],
        )
    app = make_app(agents_store, "agents")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#agents", DataTable)
        assert table.virtual_size.width <= table.size.width <= 80  # no sideways scrolling
        lines = screen_text(app).splitlines()
        labels = _header(lines).split()
        assert labels[:5] == ["Rank", "Agent", "n", "CSAT", "%"]  # the numbers that rank
        assert "Change" in labels
        row = next(line for line in lines if LONG_NAME in line)  # whole, not cut
        assert row.split(LONG_NAME)[1].split()[:2] == ["40", "75.0"]  # n and CSAT % in full
        assert "Cy [bold]Markup[/bold]" in "\n".join(lines)  # whole, and as text
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        header = _header(screen_text(app).splitlines())
        every = ("Rank", "Agent", "CSAT %", "95% CI", "Change", "NPS", "Low", "Open", "Overdue")
        assert all(label in header for label in (*every, "Top tags"))
        assert table.virtual_size.width <= table.size.width

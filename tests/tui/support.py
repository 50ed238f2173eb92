"""Helpers for TUI tests: the app with a fixed clock, and waiting for its workers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rich.cells import cell_len
from textual.app import App
from textual.geometry import Region
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled

from csat_tui.config import Settings
from csat_tui.tui.app import CsatApp
from csat_tui.tui.context import ASKING

TODAY = date(2026, 10, 31)
"""The app's "today" in tests, so date presets and snapshots never move."""


@dataclass(frozen=True)
class Notified:
    """One notification the app showed."""

    message: str
    title: str
    severity: SeverityLevel


class RecordingApp(CsatApp):
    """The app, keeping every notification it shows (`notified`) for tests to read."""

    def __init__(self, settings: Settings, *, today: Callable[[], date]) -> None:
        super().__init__(settings, today=today)
        self.notified: list[Notified] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notified.append(Notified(message, title, severity))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(
    db_path: Path, screen: str = "dashboard", theme: str | None = "textual-dark"
) -> RecordingApp:
    """The app on a store, with the fixed clock."""
    settings = Settings(db_path=db_path, screen=screen, theme=theme)
    return RecordingApp(settings, today=lambda: TODAY)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and its messages are handled (but those waiting
    for the user to answer a dialog: they end when the test answers)."""
    app = pilot.app

    def loading() -> list[Worker[object]]:
        return [w for w in app.workers if w.group != ASKING]

    for _ in range(5):
        try:
            if waiting := loading():  # (an empty list would wait for every worker)
                await app.workers.wait_for_complete(waiting)
        except WorkerCancelled:
            continue  # a newer load replaced it (the app does that on purpose): wait again
        await pilot.pause()
        if not any(w.is_running for w in loading()):
            break
    await pilot.pause()


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="(?P<x>[\d.]+)" y="[\d.]+" textLength="[\d.]+"'
    r' clip-path="url\(#[\w-]+-line-(?P<line>\d+)\)">(?P<text>[^<]*)</text>'
)
_CELL = 0.61 * 20
"""The width of a cell in Textual's SVG screenshot (Rich: 0.61 × a 20 px font)."""


def screen_text(app: App[None]) -> str:
    """What the terminal would show, as plain characters (all screens stacked, the top one last).

    Read from the app's SVG screenshot (its public `export_screenshot`): each run of text
    sits at its column, found from its x.
    """
    width, height = app.size
    lines = [""] * height
    for found in _SVG_TEXT.finditer(app.export_screenshot()):
        text = html.unescape(found["text"]).replace("\xa0", " ")
        row = int(found["line"])
        if text == "\n" or row >= height:
            continue
        column = round(float(found["x"]) / _CELL)
        line = lines[row]
        lines[row] = line + " " * (column - cell_len(line)) + text
    return "\n".join(line + " " * (width - cell_len(line)) for line in lines)


def links_and_actions(app: App[None]) -> list[str]:
    """Hyperlinks or click actions anywhere on the screen (data must never make one), read
    from what every widget shown renders (its public `render_lines`)."""
    found: list[str] = []
    for screen in app.screen_stack:
        for widget in screen.query("*"):
            if not widget.display or not widget.size.area:
                continue
            for strip in widget.render_lines(Region(0, 0, *widget.size)):
                for segment in strip:
                    style = segment.style
                    if style is None:
                        continue
                    if style.link:
                        found.append(f"link {style.link}")
                    meta = style.meta
                    if meta.get("@click"):
                        found.append(f"click {meta['@click']}")
    return found


def build_small_store(path: Path) -> Path:
    """A small fixed store (some hostile text included) for snapshots: same rows every time."""
    from csat_tui.services import open_store
    from csat_tui.services.triage import set_followup, tag
    from tests.helpers import record, write
    from tests.tui.hostile import HOSTILE

    touchpoints = ("billing", "delivery", "onboarding", "[bold]support[/bold]")
    segments = ("smb", "enterprise")
    comments = (
        "The invoice was wrong again",
        "Quick and friendly, thanks!",
        "Waited three days for a reply.\nSecond line of the comment.",
        None,
        *HOSTILE[:6],
    )
    records = []
    start = date(2026, 6, 1)
    for i in range(80):
        # Spread over June–October, so the last 90 days have a previous period to compare.
        day = start + timedelta(days=(i * 37) % 150)
        csat = (5, 4, 4, 3, 5, 2, 1, 4, 5, 4)[i % 10]
        records.append(
            record(
                csat,
                (10, 9, 7, 3, 8, 0)[i % 6] if i % 3 else None,
                (7, 5, 2)[i % 3] if i % 4 == 0 else None,
                external_id=f"fixed-{i:03d}",
                at=f"{day}T{(i * 5) % 24:02d}:{(i * 13) % 60:02d}:00Z",
                touchpoint=touchpoints[(i * 7 // 3) % 4],
                segment=segments[(i // 3) % 2],
                channel=("email", "chat")[i % 2],
                comment=comments[i % len(comments)],
                respondent=f"customer{i % 7}@example.com",
                attributes={"plan": ("pro", "[red]free[/red]")[i % 2]},
            )
        )
    with open_store(path) as store:
        write(store, records)
        tag(store, [1, 2, 3], ["billing", "[/bold] tag"], actor="tester")
        set_followup(store, [1], status="open", owner="sam", actor="tester")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def help_text(app: App[None]) -> str:
    """The keys the help screen lists, one "key name — what" line each."""
    cells = [str(static.render()) for static in app.screen.query("#help-keys Static")]
    return "\n".join(" ".join(pair) for pair in zip(cells[::2], cells[1::2], strict=True))

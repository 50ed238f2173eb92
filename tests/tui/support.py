"""Helpers for TUI tests: the app with a fixed clock, and waiting for its workers."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from csat_tui.config import Settings
from csat_tui.tui.app import CsatApp

TODAY = date(2026, 10, 31)
"""The app's "today" in tests, so date presets and snapshots never move."""


def make_app(
    db_path: Path, screen: str = "dashboard", theme: str | None = "textual-dark"
) -> CsatApp:
    """The app on a store, with the fixed clock."""
    return CsatApp(Settings(db_path=db_path, screen=screen, theme=theme), today=lambda: TODAY)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and its messages are handled."""
    app = pilot.app
    for _ in range(5):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue  # a newer load replaced it (the app does that on purpose): wait again
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause()


def screen_text(app: App[None]) -> str:
    """What the terminal would show, as plain characters (all screens stacked, the top one last)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", record=True, legacy_windows=False, safe_box=False,
    )  # fmt: skip
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text(styles=False)


def links_and_actions(app: App[None]) -> list[str]:
    """Hyperlinks or click actions anywhere on the screen (data must never make one)."""
    found: list[str] = []
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    strips = list(getattr(update, "strips", []))
    while strips and not hasattr(strips[0], "text"):
        strips = [inner for outer in strips for inner in outer]
    for strip in strips:
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

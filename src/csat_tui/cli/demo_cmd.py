"""`csat-tui demo`: the app on a throwaway copy of the demo store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csat_tui.cli.output import fail, say
from csat_tui.config import Settings
from csat_tui.errors import CsatError
from csat_tui.services.demo import build_demo_store, demo_session, packaged_demo


def demo(
    rebuild: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH", help="Regenerate the demo store into PATH and exit.", dir_okay=False
        ),
    ] = None,
    copy: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            help="Write a fresh copy of the demo store to PATH and exit.",
            dir_okay=False,
        ),
    ] = None,
    no_tour: Annotated[
        bool, typer.Option("--no-tour", help="Open without the guided tour's side panel.")
    ] = False,
) -> None:
    """Open the app on demo data: six months of surveys with a story to find.

    A guided tour walks through the morning routine: a side panel, or one
    line above the keys under 100 columns (ctrl+t: all of it, then hidden).
    Every run starts from a fresh copy; nothing you do there is kept, and
    your own store is never touched.

    Example: csat-tui demo
    """
    try:
        if rebuild is not None:
            build_demo_store(rebuild)
            say(f"wrote the demo store to {rebuild}")
            return
        if copy is not None:
            with demo_session() as made:
                copy.write_bytes(made.read_bytes())
            how = "packaged" if packaged_demo() else "freshly built"
            say(f"wrote a copy of the {how} demo store to {copy}")
            return
        with demo_session() as path:
            from csat_tui.cli.main import open_tui

            open_tui(Settings(db_path=path, demo=True, tour=not no_tour))
    except CsatError as error:
        fail(str(error))

"""`csat-tui demo`: the app on a throwaway copy of the demo store."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from csat_tui.cli.common import fail
from csat_tui.config import Settings
from csat_tui.errors import CsatError
from csat_tui.services.demo import build_demo_store


def demo(
    rebuild: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH", help="Write a fresh demo store to PATH and exit.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Open the app on demo data; nothing you do there touches your own store.

    Example: csat-tui demo
    """
    try:
        if rebuild is not None:
            build_demo_store(rebuild)
            typer.echo(f"wrote the demo store to {rebuild}", err=True)
            return
        with tempfile.TemporaryDirectory(prefix="csat-tui-demo-") as folder:
            copy = Path(folder) / "demo.db"
            build_demo_store(copy)
            from csat_tui.cli.main import open_tui

            open_tui(Settings(db_path=copy, demo=True))
    except CsatError as error:
        fail(str(error))

"""What several commands share: the --db option, the filter options, output and errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from csat_tui.config import default_db_path
from csat_tui.errors import CsatError, FilterError
from csat_tui.services import Store, open_store

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The store file. Default: $CSAT_TUI_DB, else csat.db in your user data folder.",
        dir_okay=False,
        show_default=False,
    ),
]


def stderr_console() -> Console:
    """Messages and progress go to stderr so stdout stays pipeable."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    """Tables for people, on stdout."""
    return Console(highlight=False, soft_wrap=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error on stderr and exit with `code` (1: it failed, 2: usage)."""
    stderr_console().print(f"csat-tui: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def fail_usage(message: str) -> typer.Exit:
    """A usage error: exit status 2."""
    return fail(message, 2)


@contextmanager
def store_at(db: Path | None) -> Iterator[Store]:
    """Open the store named by --db (or the default), turning store errors into exit 1."""
    path = db or default_db_path()
    try:
        store = open_store(path)
    except CsatError as error:
        fail(str(error))
        raise
    try:
        yield store
    except CsatError as error:
        fail(str(error), 2 if isinstance(error, FilterError) else 1)
    finally:
        store.close()


def is_terminal() -> bool:
    """True when stderr is a terminal (progress bars show only then)."""
    return sys.stderr.isatty()

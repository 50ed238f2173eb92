"""What several commands share: the --db option, the filter options, output and errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from csat_tui.cli import output
from csat_tui.config import default_db_path
from csat_tui.errors import CsatError, FilterError
from csat_tui.services import Store, Waiting
from csat_tui.services.opening import session

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help=(
            "The store file (also accepted before the command). Default: $CSAT_TUI_DB, "
            "else csat.db in your user data folder."
        ),
        dir_okay=False,
        show_default=False,
    ),
]


def stderr_console() -> Console:
    """Messages and progress go to stderr so stdout stays pipeable."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error on stderr (controls made visible) and exit with `code` (1 or 2)."""
    return output.fail(message, code)


def fail_usage(message: str) -> typer.Exit:
    """A usage error: exit status 2."""
    return output.fail_usage(message)


WAIT_ENV = "CSAT_TUI_WAIT"
"""Environment variable: how many seconds a write waits for a busy store (default 900)."""


ROOT_DB: ContextVar[Path | None] = ContextVar("root_db", default=None)
"""The --db given before the command (`csat-tui --db X import ...`), set by the root."""


def db_path(db: Path | None) -> Path:
    """The store a command works on: its own --db, else the one given before the command,
    else $CSAT_TUI_DB, else the default."""
    return db or ROOT_DB.get() or default_db_path()


def busy_wait_seconds() -> float:
    """How long a write waits for another writer: $CSAT_TUI_WAIT seconds, else 15 minutes."""
    raw = os.environ.get(WAIT_ENV, "")
    try:
        return max(0.0, float(raw)) if raw.strip() else Waiting.seconds
    except ValueError:
        return Waiting.seconds


def _tell(message: str) -> None:
    output.say(f"csat-tui: {message}")


def missing_store(path: Path) -> str:
    """What to say when a command that only reads finds no store file."""
    shown = str(path)
    return (
        f"no store at {shown}; create one with `csat-tui import FILE --db {shown}`"
        f" or `csat-tui demo --copy {shown}`"
    )


@contextmanager
def store_at(db: Path | None, *, create: bool = False) -> Iterator[Store]:
    """Open the store named by --db (or the default) for one command.

    This is the one place commands open the store: a store error, here or in the
    command's body, becomes one line on stderr and exit 1 (2 for a bad filter), and a
    write that finds the store busy says so once and waits.

    Only commands that add to a store on purpose (`import`, `sent`, `views save`,
    `hooks add`, `watch`) pass `create=True`; any other command on a path with no store
    says so and exits 1, leaving nothing behind.
    """
    path = db_path(db)
    if not create and not path.expanduser().exists():
        fail(missing_store(path))
    try:
        with session(path, waiting=Waiting(busy_wait_seconds(), told=_tell)) as store:
            yield store
    except CsatError as error:
        fail(str(error), 2 if isinstance(error, FilterError) else 1)


def is_terminal() -> bool:
    """True when stderr is a terminal (progress bars show only then)."""
    return sys.stderr.isatty()

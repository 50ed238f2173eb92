"""`csat-tui doctor` and `csat-tui backup`: is the store whole, and ways out when it is not."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, db_path, fail, fail_usage
from csat_tui.errors import CsatError
from csat_tui.services import explain_store_error
from csat_tui.services.health import backup as backup_store
from csat_tui.services.health import check, rescue


def _say(line: str) -> None:
    output.say(line, err=False)


def doctor(
    db: DbOption = None,
    rescue_to: Annotated[
        Path | None,
        typer.Option(
            "--rescue",
            metavar="NEW_PATH",
            help="Copy every readable row into a new store at NEW_PATH (the store is not changed).",
            dir_okay=False,
        ),
    ] = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="A faster check that skips matching indexes to rows.")
    ] = False,
) -> None:
    """Check the store for damage, say what is damaged, and rescue what can be read.

    Exit status 0 when the store is whole, 1 when it is damaged or cannot be checked.

    Example: csat-tui doctor --rescue rescued.db
    """
    path = db_path(db)
    try:
        if rescue_to is not None:
            _rescue(path, rescue_to)
            return
        health = check(path, quick=quick)
    except sqlite3.Error as error:
        fail(str(explain_store_error(error, path)))
    except CsatError as error:
        fail(str(error))
    if health.ok:
        _say(f"the store {path} is whole ({health.checked}: ok)")
        return
    more = " (and more)" if health.more else ""
    _say(f"the store {path} is damaged{more}:")
    for line in health.in_words():
        _say(f"  {line}")
    if health.indexes_only:
        _say("only indexes are damaged: every row can still be read.")
    _say("ways out (the damaged file is never changed):")
    _say(f"  csat-tui backup --db {path} COPY.db     keep a copy as it is, first")
    _say(f"  csat-tui doctor --db {path} --rescue NEW.db   copy every readable row to a new store")
    raise typer.Exit(1)


def _rescue(path: Path, target: Path) -> None:
    done = rescue(path, target)
    for table in done.tables:
        lost = ""
        if table.lost:
            about = "" if table.exact else "up to "
            lost = f", {about}{table.lost} unreadable rows skipped"
        if table.orphaned:
            lost += f", {table.orphaned} dropped with their unreadable response"
        _say(f"  {table.table}: {table.copied} rows copied{lost}")
    summary = f"{done.lost} rows could not be read" if done.lost else "every row was read"
    output.say(f"rescued {path} into {target}: {summary}; open it with --db {target}")


def backup(
    target: Annotated[
        Path, typer.Argument(metavar="PATH", help="The new file to write.", dir_okay=False)
    ],
    db: DbOption = None,
) -> None:
    """Copy the store to PATH with SQLite's online backup (safe while the app or an import runs).

    Example: csat-tui backup ~/csat-2026-10-01.db
    """
    path = db_path(db)
    if target.resolve() == path.resolve():
        fail_usage("the backup must go to another file than the store itself")
    try:
        pages = backup_store(path, target)
    except sqlite3.Error as error:
        fail(str(explain_store_error(error, path)))
    except CsatError as error:
        fail(str(error))
    output.say(f"backed up {path} to {target} ({pages} pages)")

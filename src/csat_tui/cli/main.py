"""The `csat-tui` command: the TUI by default, and a subcommand per job."""

from __future__ import annotations

import importlib
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from csat_tui import __version__
from csat_tui.cli.common import ROOT_DB, DbOption, db_path
from csat_tui.cli.usage import ProductGroup
from csat_tui.config import Settings, default_db_path
from csat_tui.errors import CsatError
from csat_tui.services import explain_store_error
from csat_tui.tui.screen_table import SCREEN_NAMES


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csat-tui {__version__}")
        raise typer.Exit()


def open_tui(settings: Settings) -> None:
    """Start the Textual app (imported here so commands that print stay quick)."""
    from csat_tui.tui.app import CsatApp

    CsatApp(settings).run()


def _screen(value: str) -> str:
    if value not in SCREEN_NAMES:
        raise typer.BadParameter(f"no screen {value!r}: choose one of {', '.join(SCREEN_NAMES)}")
    return value


ScreenOption = Annotated[
    str,
    typer.Option(
        "--screen",
        help=f"The screen to open on: {', '.join(SCREEN_NAMES)}.",
        show_default=True,
        callback=_screen,
    ),
]


def root(
    ctx: typer.Context,
    db: DbOption = None,
    screen: ScreenOption = "dashboard",
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Open the app on your store (the same as `csat-tui tui`)."""
    ROOT_DB.set(db)
    if ctx.invoked_subcommand is None:
        open_tui(Settings(db_path=db_path(db), screen=screen))


def tui(db: DbOption = None, screen: ScreenOption = "dashboard") -> None:
    """Open the app on a store.

    Example: csat-tui tui --db team.db --screen responses
    """
    open_tui(Settings(db_path=db_path(db), screen=screen))


# Every command, in the order help lists them: (name, module in csat_tui.cli, attribute,
# a group of subcommands). A run imports only the module of the command it runs.
_COMMANDS: tuple[tuple[str, str, str, bool], ...] = (
    ("demo", "demo_cmd", "demo", False),
    ("import", "import_cmd", "import_files", False),
    ("presets", "presets_cmd", "presets", False),
    ("scores", "report_cmds", "scores", False),
    ("responses", "report_cmds", "responses", False),
    ("export", "report_cmds", "export", False),
    ("report", "report_cmd", "report", False),
    ("tag", "triage_cmds", "tag", False),
    ("untag", "triage_cmds", "untag", False),
    ("followup", "triage_cmds", "followup", False),
    ("undo", "triage_cmds", "undo", False),
    ("sent", "triage_cmds", "sent", False),
    ("triaged", "triage_lists", "triaged", False),
    ("followups", "triage_lists", "followups", False),
    ("customers", "triage_lists", "customers", False),
    ("agents", "agents_cmd", "agents_command", False),
    ("history", "triage_lists", "history", False),
    ("themes", "themes_cmd", "themes", False),
    ("explain", "explain_cmd", "explain_change", False),
    ("check", "check_cmds", "check", False),
    ("rejects", "check_cmds", "rejects", False),
    ("tags", "triage_lists", "tags_app", True),
    ("views", "views_cmd", "views_app", True),
    ("doctor", "doctor_cmd", "doctor", False),
    ("backup", "doctor_cmd", "backup", False),
    ("watch", "watch_cmd", "watch", False),
    ("hooks", "hooks_cmd", "hooks_app", True),
)


def build_app(only: str | None = None) -> typer.Typer:
    """The command-line app: every command, or only `only` (and `tui`) for a quick start."""
    app = typer.Typer(
        name="csat-tui",
        cls=ProductGroup,
        help=(
            "Review customer-satisfaction survey responses in the terminal.\n\n"
            "Run with no command to open the app on your store. Start with "
            "[bold]csat-tui demo[/bold], or [bold]csat-tui import export.csv[/bold]."
        ),
        rich_markup_mode="rich",
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        invoke_without_command=True,
        no_args_is_help=False,
    )
    app.callback()(root)
    app.command()(tui)
    for name, module, attribute, group in _COMMANDS:
        if only is not None and name != only:
            continue
        found = getattr(importlib.import_module(f"csat_tui.cli.{module}"), attribute)
        if group:
            app.add_typer(found, name=name)
        else:
            app.command(name)(found)
    return app


_ROOT_VALUES = frozenset({"--db", "--screen"})
"""The root options that take a value."""


def _command_named(args: list[str]) -> str | None:
    """The command these arguments run, if they name one (None: help, the TUI, a typo)."""
    names = {name for name, *_ in _COMMANDS}
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _ROOT_VALUES:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in names else None
        elif arg in ("-h", "--help", "--version"):
            return None
    return None


def __getattr__(name: str) -> Any:
    # `app` (for tests and tools) is the whole app, built on first use.
    if name == "app":
        whole = build_app()
        globals()["app"] = whole
        return whole
    raise AttributeError(name)


def run() -> None:
    """Console-script entry point: the last net for store errors, said in one line."""
    try:
        build_app(_command_named(sys.argv[1:]))()
    except sqlite3.Error as error:
        _say(str(explain_store_error(error, _db_named_in(sys.argv[1:]))))
        sys.exit(1)
    except CsatError as error:
        _say(str(error))
        sys.exit(1)


def _say(message: str) -> None:
    from csat_tui.safe_text import sanitize

    sys.stderr.write(f"csat-tui: {sanitize(message, keep_newlines=False)}\n")


def _db_named_in(args: list[str]) -> Path:
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return Path(args[i + 1])
        if arg.startswith("--db="):
            return Path(arg.removeprefix("--db="))
    return default_db_path()

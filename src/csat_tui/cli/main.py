"""The `csat-tui` command: the TUI by default, and a subcommand per job."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from csat_tui import __version__
from csat_tui.cli import (
    agents_cmd,
    check_cmds,
    demo_cmd,
    doctor_cmd,
    explain_cmd,
    hooks_cmd,
    import_cmd,
    presets_cmd,
    report_cmd,
    report_cmds,
    themes_cmd,
    triage_cmds,
    triage_lists,
    views_cmd,
    watch_cmd,
)
from csat_tui.cli.common import ROOT_DB, DbOption, db_path
from csat_tui.cli.usage import ProductGroup
from csat_tui.config import Settings, default_db_path
from csat_tui.errors import CsatError
from csat_tui.services import explain_store_error
from csat_tui.tui.screen_table import SCREEN_NAMES

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


@app.callback()
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


@app.command()
def tui(db: DbOption = None, screen: ScreenOption = "dashboard") -> None:
    """Open the app on a store.

    Example: csat-tui tui --db team.db --screen responses
    """
    open_tui(Settings(db_path=db_path(db), screen=screen))


app.command("demo")(demo_cmd.demo)
app.command("import")(import_cmd.import_files)
app.command("presets")(presets_cmd.presets)
app.command("scores")(report_cmds.scores)
app.command("responses")(report_cmds.responses)
app.command("export")(report_cmds.export)
app.command("report")(report_cmd.report)
app.command("tag")(triage_cmds.tag)
app.command("untag")(triage_cmds.untag)
app.command("followup")(triage_cmds.followup)
app.command("undo")(triage_cmds.undo)
app.command("sent")(triage_cmds.sent)
app.command("triaged")(triage_lists.triaged)
app.command("followups")(triage_lists.followups)
app.command("customers")(triage_lists.customers)
app.command("agents")(agents_cmd.agents_command)
app.command("history")(triage_lists.history)
app.command("themes")(themes_cmd.themes)
app.command("explain")(explain_cmd.explain_change)
app.command("check")(check_cmds.check)
app.command("rejects")(check_cmds.rejects)
app.add_typer(triage_lists.tags_app, name="tags")
app.add_typer(views_cmd.views_app, name="views")
app.command("doctor")(doctor_cmd.doctor)
app.command("backup")(doctor_cmd.backup)
app.command("watch")(watch_cmd.watch)
app.add_typer(hooks_cmd.hooks_app, name="hooks")


def run() -> None:
    """Console-script entry point: the last net for store errors, said in one line."""
    try:
        app()
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

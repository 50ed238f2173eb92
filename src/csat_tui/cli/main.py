"""The `csat-tui` command: the TUI by default, and a subcommand per job."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from csat_tui import __version__
from csat_tui.cli import (
    check_cmds,
    demo_cmd,
    import_cmd,
    presets_cmd,
    report_cmds,
    themes_cmd,
    triage_cmds,
    triage_lists,
    views_cmd,
)
from csat_tui.cli.common import DbOption
from csat_tui.config import Settings, default_db_path

Screen = Literal["dashboard", "responses", "queue", "followups"]

app = typer.Typer(
    name="csat-tui",
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


ScreenOption = Annotated[
    Screen, typer.Option("--screen", help="The screen to open on.", show_default=True)
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
    if ctx.invoked_subcommand is None:
        open_tui(Settings(db_path=db or default_db_path(), screen=screen))


@app.command()
def tui(db: DbOption = None, screen: ScreenOption = "dashboard") -> None:
    """Open the app on a store.

    Example: csat-tui tui --db team.db --screen responses
    """
    open_tui(Settings(db_path=db or default_db_path(), screen=screen))


app.command("demo")(demo_cmd.demo)
app.command("import")(import_cmd.import_files)
app.command("presets")(presets_cmd.presets)
app.command("scores")(report_cmds.scores)
app.command("responses")(report_cmds.responses)
app.command("export")(report_cmds.export)
app.command("tag")(triage_cmds.tag)
app.command("untag")(triage_cmds.untag)
app.command("followup")(triage_cmds.followup)
app.command("undo")(triage_cmds.undo)
app.command("sent")(triage_cmds.sent)
app.command("triaged")(triage_lists.triaged)
app.command("followups")(triage_lists.followups)
app.command("customers")(triage_lists.customers)
app.command("history")(triage_lists.history)
app.command("themes")(themes_cmd.themes)
app.command("check")(check_cmds.check)
app.command("rejects")(check_cmds.rejects)
app.add_typer(triage_lists.tags_app, name="tags")
app.add_typer(views_cmd.views_app, name="views")


def run() -> None:
    """Console-script entry point."""
    app()

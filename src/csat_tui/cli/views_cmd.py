"""`csat-tui views save|list|delete`: filters kept under a name, in the store."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from csat_tui.cli.common import (
    DbOption,
    stdout_console,
    store_at,
)
from csat_tui.cli.filter_options import filtered
from csat_tui.filters import Filter
from csat_tui.safe_text import sanitize
from csat_tui.services import views as saved

views_app = typer.Typer(help="Save, list and delete named filters.", no_args_is_help=True)


@views_app.command("save")
@filtered
def save(
    flt: Filter,
    name: Annotated[str, typer.Argument(help="The view's name.")],
    db: DbOption = None,
) -> None:
    """Save the filter given by the options under NAME (replacing a view of that name).

    Example: csat-tui views save "billing lows" --touchpoint billing --band low
    """
    with store_at(db) as store:
        saved.save_view(store, name, flt)
    typer.echo(f"saved view {name!r}: {flt.describe()}", err=True)


@views_app.command("list")
def list_(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the saved views and their filters.

    Example: csat-tui views list
    """
    with store_at(db) as store:
        found = saved.list_views(store)
    if as_json:
        typer.echo(json.dumps([{"name": n, "filter": f.to_json()} for n, f in found],
                              ensure_ascii=False, indent=2))  # fmt: skip
        return
    table = Table("view", "filter", title="Saved views", title_justify="left")
    for name, flt in found:
        table.add_row(Text(sanitize(name, keep_newlines=False)), Text(sanitize(flt.describe())))
    stdout_console().print(table if found else Text("No saved views."))


@views_app.command("delete")
def delete(name: str, db: DbOption = None) -> None:
    """Delete a saved view.

    Example: csat-tui views delete "billing lows"
    """
    with store_at(db) as store:
        saved.delete_view(store, name)
    typer.echo(f"deleted view {name!r}", err=True)

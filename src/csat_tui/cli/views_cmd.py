"""`csat-tui views save|list|delete`: filters kept under a name, in the store."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.filters import Filter
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
    with store_at(db, create=True) as store:
        saved.save_view(store, name, flt)
    output.say(f"saved view {name!r}: {flt.describe()}")


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
        output.print_json([{"name": n, "filter": f.to_json()} for n, f in found], indent=2)
        return
    table = Table("view", "filter", title="Saved views", title_justify="left")
    for name, flt in found:
        table.add_row(output.cell(name), output.cell(flt.describe()))
    output.print_table(table if found else output.cell("No saved views."))


@views_app.command("delete")
def delete(name: str, db: DbOption = None) -> None:
    """Delete a saved view.

    Example: csat-tui views delete "billing lows"
    """
    with store_at(db) as store:
        saved.delete_view(store, name)
    output.say(f"deleted view {name!r}")

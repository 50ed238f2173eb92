"""`csat-tui presets`: the export formats the importer recognises by itself."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from csat_tui.cli import output
from csat_tui.importers import PRESETS


def presets(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the list as JSON on stdout.")
    ] = False,
) -> None:
    """List the presets: the survey and helpdesk exports recognised with no options.

    Each file's preset is detected from its headers; --preset NAME on import forces one.

    Example: csat-tui presets
    """
    if as_json:
        rows = [
            {"name": p.name, "title": p.title, "source": p.source, "formats": list(p.formats)}
            for p in PRESETS.values()
        ]
        output.print_json(rows)
        return
    table = Table(title="Presets (detected from the file; force one with --preset NAME)",
                  title_justify="left")  # fmt: skip
    table.add_column("name", no_wrap=True)
    table.add_column("export")
    table.add_column("formats")
    for preset in PRESETS.values():
        table.add_row(
            output.cell(preset.name),
            output.cell(preset.title),
            output.cell(", ".join(preset.formats)),
        )
    output.print_table(table)

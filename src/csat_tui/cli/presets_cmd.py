"""`csat-tui presets`: the export formats the importer recognises by itself."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from csat_tui.cli.common import stdout_console
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
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title="Presets (detected from the file; force one with --preset NAME)",
                  title_justify="left")  # fmt: skip
    table.add_column("name", no_wrap=True)
    table.add_column("export")
    table.add_column("formats")
    for preset in PRESETS.values():
        table.add_row(Text(preset.name), Text(preset.title), Text(", ".join(preset.formats)))
    stdout_console().print(table)

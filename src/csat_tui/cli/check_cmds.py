"""`csat-tui check` (what to look at before trusting a score) and `csat-tui rejects`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, fail, fail_usage, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.filters import Filter
from csat_tui.safe_text import clip, sanitize
from csat_tui.services import quality

Format = Literal["table", "json", "csv"]

_VALUE_WIDTH = 80
"""Characters of a rejected value a table shows (the rest is counted)."""


def _text(value: object, limit: int | None = None) -> Text:
    """Untrusted text for the terminal: escapes shown, one line, clipped when long."""
    shown = sanitize("–" if value is None else str(value), keep_newlines=False)
    return Text(clip(shown, limit) if limit else shown)


_COLUMN_STYLE: dict[str, dict[str, Any]] = {
    "file": {"no_wrap": True, "overflow": "ellipsis", "max_width": 12},
    "source": {"no_wrap": True, "overflow": "ellipsis", "max_width": 12},
    "respondent": {"no_wrap": True, "overflow": "ellipsis", "max_width": 24},
    "column": {"overflow": "fold", "min_width": 8, "max_width": 20},
    "reason": {"overflow": "fold", "ratio": 2, "min_width": 20},
    "why": {"overflow": "fold", "ratio": 1, "min_width": 16},
    "value": {"overflow": "fold", "ratio": 1, "min_width": 10},
    "comment": {"overflow": "fold", "ratio": 2, "min_width": 12},
}
"""How each listed column sits in a table: ids stay whole, text folds."""


def _print(
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    fmt: Format,
    title: str,
    shown: tuple[str, ...],
) -> None:
    """JSON and CSV carry every column; the table only the `shown` ones, to fit a terminal."""
    if fmt == "json":
        output.print_json(rows, indent=2)
        return
    if fmt == "csv":
        output.print_rows(rows, columns, "csv")
        return
    if not rows:
        output.stdout_console().print(Text(f"{title}: none"))
        return
    table = Table(
        title=Text(title), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, expand=True
    )
    for column in shown:
        table.add_column(column, **_COLUMN_STYLE.get(column, {"no_wrap": True}))
    for row in rows:
        table.add_row(*(_text(row[c], _VALUE_WIDTH if c == "value" else None) for c in shown))
    output.stdout_console().print(table)


@filtered
def check(
    flt: Filter,
    db: DbOption = None,
    show_kind: Annotated[
        quality.ShowKind | None,
        typer.Option(
            "--show",
            help="List the responses behind one kind of finding: "
            + ", ".join(quality.SHOW_KINDS)
            + ".",
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="table, json (or csv with --show).")
    ] = "table",
) -> None:
    """Check the data before trusting a score: rejects, mixed scales, repeats, test entries.

    Lists the rejected share per source and column, a source answering one metric on
    two scales, a respondent answering more than once a day, likely test entries
    (test@ or example.com addresses, previews) and rating headers saying the scale
    runs backwards ("1 = very satisfied"). Each finding has a count and the command
    that lists what is behind it. Rejects follow only --source of the filter.

    Exits 0 whether or not there are findings (1 only when the store cannot be read).

    Example: csat-tui check --since 2026-10-01 --format json
    """
    if show_kind is not None:
        with store_at(db) as store:
            listed = quality.show(store, flt, show_kind)
        rows = [
            {
                "id": row.id,
                "submitted_at": row.submitted_at,
                "source": row.source,
                "respondent": row.respondent,
                "why": why,
                "comment": row.comment,
            }
            for row, why in listed
        ]
        columns = ("id", "submitted_at", "source", "respondent", "why", "comment")
        shown = ("id", "submitted_at", "respondent", "why", "comment")
        _print(rows, columns, fmt, f"Responses behind '{show_kind}'", shown)
        return
    if fmt == "csv":
        raise fail_usage("check prints a table or JSON; --format csv works with --show")
    with store_at(db) as store:
        report = quality.check(store, flt)
    if fmt == "json":
        output.print_json(report.to_json(), indent=2)
        return
    out = output.stdout_console()
    heading = f"Data check: {sanitize(flt.describe(), keep_newlines=False)}"
    if not report.findings:
        out.print(Text(f"{heading}: nothing found."))
        return
    table = Table(
        title=Text(heading), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, expand=True
    )
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("finding", overflow="fold", ratio=2)
    table.add_column("list them with", overflow="fold", ratio=1)
    for finding in report.findings:
        table.add_row(
            Text(f"{finding.count:,}", style="" if finding.warning else "dim"),
            _text(finding.title),
            _text(finding.command),
        )
    out.print(table)
    n = len(report.findings)
    out.print(Text(f"{n} finding{'s' if n != 1 else ''}. Dimmed: under 5 % of a column.",
                   style="dim"))  # fmt: skip


_REJECT_COLUMNS = ("import", "file", "source", "line", "column", "reason", "value", "response_id")


def rejects(
    db: DbOption = None,
    import_id: Annotated[
        int | None, typer.Option("--import", min=1, help="Only the rejects of this import.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Only the rejects of this source's imports.")
    ] = None,
    column: Annotated[str | None, typer.Option(help="Only the rejects of this column.")] = None,
    whole_rows: Annotated[
        bool, typer.Option("--whole-rows", help="Only rejects of whole rows (no one column).")
    ] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many rejects.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """List the cells and rows an import could not read, verbatim, newest import first.

    CSV cells a spreadsheet would run as a formula are prefixed with '; JSON keeps the
    values exactly as read.

    Example: csat-tui rejects --import 3 --format csv > rejects.csv
    """
    if column is not None and whole_rows:
        raise fail_usage("--column and --whole-rows exclude each other")
    with store_at(db) as store:
        if import_id is not None and not quality.import_exists(store, import_id):
            raise fail(f"no import #{import_id} in this store")
        found = quality.list_rejects(
            store,
            import_id=import_id,
            source=source,
            column=column,
            whole_rows=whole_rows,
            limit=limit,
        )
    rows = [
        {
            "import": r.import_id,
            "file": r.file_name,
            "source": r.source,
            "line": r.line,
            "column": r.column,
            "reason": r.reason,
            "value": r.value,
            "response_id": r.response_id,
        }
        for r in found
    ]
    title = "Rejects, newest import first"
    _print(rows, _REJECT_COLUMNS, fmt, title, ("import", "line", "column", "value", "reason"))

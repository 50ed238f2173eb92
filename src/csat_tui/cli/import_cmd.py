"""`csat-tui import`: bring export files into the store."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from csat_tui.cli import output
from csat_tui.cli.common import (
    DbOption,
    fail_usage,
    is_terminal,
    stderr_console,
    store_at,
)
from csat_tui.importers.dates import human_format
from csat_tui.importers.model import FilePlan, ImportOptions
from csat_tui.importers.roles import MAP_ROLES, RATING_ROLES
from csat_tui.safe_text import clip, sanitize
from csat_tui.scoring.scales import Scale
from csat_tui.services import Store, hooks
from csat_tui.services.importing import FileReport, import_file, reason_lines


def parse_mapping(items: list[str]) -> dict[str, str]:
    """Read `--map COLUMN=ROLE` options (ROLE may carry a scale: `csat:1-7`)."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, role = item.rpartition("=")
        role = role.strip()
        name, _, scale = role.partition(":")
        if not sep or not column.strip():
            fail_usage(f'--map {item!r}: write it as COLUMN=ROLE, e.g. --map "Q3=csat"')
        if name not in MAP_ROLES:
            fail_usage(f"--map {item!r}: unknown role {name!r}; roles are {', '.join(MAP_ROLES)}")
        if scale:
            try:
                Scale.parse(scale)
            except ValueError:
                fail_usage(f"--map {item!r}: {scale!r} is not a scale such as 1-5")
        mapping[column.strip()] = role
    return mapping


def _options(
    preset: str | None,
    mapping: list[str] | None,
    timezone: str | None,
    day_first: bool | None,
    encoding: str | None,
) -> ImportOptions:
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            fail_usage(f"--timezone {timezone!r} is not a time zone (use e.g. Europe/Stockholm)")
    return ImportOptions(
        preset=preset,
        mapping=parse_mapping(mapping or []),
        timezone=timezone,
        day_first=day_first,
        encoding=encoding,
    )


def import_files(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Export files (CSV, TSV, XLSX, JSON, JSONL).", show_default=False),
    ],
    db: DbOption = None,
    preset: Annotated[
        str | None,
        typer.Option(help="Force a preset instead of detecting it (see: csat-tui presets)."),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=ROLE",
            help=f"Give a column a role ({', '.join(MAP_ROLES)}); a rating may carry its scale: "
            "--map 'Rate us=csat:1-7'. Repeatable; remembered for the next file with the "
            "same columns.",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="Zone for times written without one (default: UTC, or the zone given before "
            "for files with the same columns)."
        ),
    ] = None,
    day_first: Annotated[
        bool | None,
        typer.Option(
            "--day-first/--month-first",
            help="Settle dates like 03/04/2026 (default: inferred per column).",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="The file's text encoding, if detection gets it wrong.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON on stdout.")
    ] = False,
) -> None:
    """Import survey export files into the store.

    Each file is imported whole or not at all; importing a file again adds nothing.
    Cells that are not valid scores are kept in the store's rejects with their line and
    column, and the rest of the row is imported.

    Example: csat-tui import responses.csv --map "How did we do?=csat" --timezone Europe/Oslo
    """
    options = _options(preset, mapping, timezone, day_first, encoding)
    reports: list[FileReport] = []
    with store_at(db, create=True) as store:
        mark = hooks.import_mark(store)
        with _no_cycle_collection():
            for path in paths:
                reports.append(_run_one(store, path, options, dry_run))
        if not dry_run:
            # Each file has committed: a hook's failure can no longer touch an import.
            fired = hooks.fire_for_imports(store, hooks.imports_since(store, mark))
            if line := fired.message():
                output.say(f"csat-tui: {line}")
    if as_json:
        output.print_json({"files": [r.to_json() for r in reports]})
    else:
        _print_summary(reports)
    if any(r.status == "failed" for r in reports):
        raise typer.Exit(1)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: records make no reference cycles, and a million of them
    passing through would set it off thousands of times (2–3 % of a large import's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_one(store: Store, path: Path, options: ImportOptions, dry_run: bool) -> FileReport:
    if not is_terminal():
        return import_file(store, path, options, dry_run=dry_run)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task(sanitize(path.name, keep_newlines=False), total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return import_file(store, path, options, dry_run=dry_run, progress=progress)


def _print_summary(reports: list[FileReport]) -> None:
    out = output.stdout_console()
    for report in reports:
        if report.status == "dry-run":
            _print_plan(report)
    table = Table(title="Import summary", title_justify="left")
    table.add_column("file", overflow="ellipsis", max_width=32)
    table.add_column("status")
    for heading in ("records", "new", "duplicates", "skipped", "rejects", "time"):
        table.add_column(heading, justify="right")
    for r in reports:
        table.add_row(
            Text(sanitize(Path(r.path).name, keep_newlines=False)),
            Text(r.status, style="bold red" if r.status == "failed" else ""),
            f"{r.records:,}",
            f"{r.imported:,}",
            f"{r.duplicates:,}",
            f"{r.skipped:,}",
            f"{r.rejects:,}",
            f"{r.seconds:.1f}s",
        )
    out.print(table)
    for r in reports:
        name = sanitize(Path(r.path).name, keep_newlines=False)
        if r.preset:
            out.print(Text(f"{name}: preset {r.preset}, encoding {r.encoding}", style="dim"))
        if r.plan is not None:
            out.print(Text(f"{name}: {columns_line(r.plan)}"))
        for line in reason_lines(r):
            out.print(Text(f"{name}: {sanitize(line)}"))
        for message in r.messages:
            out.print(Text(f"{name}: {sanitize(message)}"))


SHOWN_HEADER = 30
"""Characters of a header shown in the one-line column summary."""

SHOWN_ATTRIBUTES = 8
"""Attribute columns named in that line; the rest are counted."""


def _short(header: str) -> str:
    text = sanitize(header, keep_newlines=False).strip()
    return text if len(text) <= SHOWN_HEADER else text[: SHOWN_HEADER - 1].rstrip() + "…"


def columns_line(plan: FilePlan) -> str:
    """The roles used, in one line: `columns: Timestamp → submitted_at, …; kept as attributes: …`.

    Headers are untrusted: they are sanitized here, and the line must be printed as `Text`.
    """
    used: list[str] = []
    kept: list[str] = []
    ignored: list[str] = []
    for c in plan.columns:
        if c.role is None:
            kept.append(_short(c.header))
        elif c.role == "ignore":
            ignored.append(_short(c.header))
        elif c.role in RATING_ROLES and c.scale:
            used.append(f"{_short(c.header)} → {c.role} {c.scale}")
        elif c.from_values:
            used.append(f"{_short(c.header)} → {c.role} (guessed from its text)")
        else:
            used.append(f"{_short(c.header)} → {c.role}")
    line = "columns: " + ", ".join(used)
    if kept:
        more = len(kept) - SHOWN_ATTRIBUTES
        line += "; kept as attributes: " + ", ".join(kept[:SHOWN_ATTRIBUTES])
        line += f" and {more} more" if more > 0 else ""
    if ignored:
        line += "; ignored: " + ", ".join(ignored)
    return line


def _print_plan(report: FileReport) -> None:
    out = output.stdout_console()
    plan = report.plan
    if plan is None:
        return
    out.print(
        Text(
            f"{sanitize(plan.path, keep_newlines=False)}: preset {plan.preset}, "
            f"format {plan.format}, encoding {plan.encoding}"
        )
    )
    columns = Table(title="Columns", title_justify="left")
    for heading in ("column", "role", "scale / date format", "why"):
        columns.add_column(heading)
    for c in plan.columns:
        columns.add_row(
            Text(sanitize(c.header, keep_newlines=False)),
            Text(c.role or "attributes"),
            Text(c.scale or human_format(c.date_format or "")),
            Text(sanitize(c.how)),
        )
    out.print(columns)
    rows = Table(title="First records as they would be stored", title_justify="left")
    for heading in ("line", "id", "submitted_at", "ratings", "comment"):
        rows.add_column(heading)
    for record in report.preview:
        rows.add_row(
            str(record.line),
            Text(clip(sanitize(record.external_id, keep_newlines=False), 24)),
            output.cell(record.submitted_at, empty="–"),
            Text(", ".join(f"{a.metric} {a.score} ({a.scale})" for a in record.answers)),
            Text(clip(sanitize(record.comment or "", keep_newlines=False), 60)),
        )
    out.print(rows)

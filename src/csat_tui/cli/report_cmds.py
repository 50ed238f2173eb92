"""`csat-tui scores`, `responses` and `export`: every number and row, as a table, JSON or CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from csat_tui.cli.common import DbOption, fail_usage, is_terminal, stderr_console, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.cli.output import (
    cell,
    csv_out,
    fail,
    print_json,
    print_rows,
    print_table,
    say,
    stdout_console,
)
from csat_tui.errors import ExportError
from csat_tui.filters import Filter
from csat_tui.safe_text import sanitize
from csat_tui.scoring.scales import rule_for
from csat_tui.services import (
    EXPORT_COLUMNS,
    ScoreCounts,
    export_rows,
    page,
    page_by_score,
    read_group_by,
    report_json,
)
from csat_tui.services import scores as score
from csat_tui.services.exporting import (
    EXPORT_FORMATS,
    ExportFormat,
    export_file,
)


def _fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def _n(count: int) -> str:
    return f"{count:,}" if count else "–"


def _score_parts(c: ScoreCounts) -> list[tuple[str, bool]]:
    """Each cell's text and whether it is dimmed: every score sits beside its own n."""
    ci = c.csat.ci95
    csat = _fmt(c.csat.pct, suffix="%") + (f" ({ci[0]:.0f}–{ci[1]:.0f})" if ci else "")
    nps = _fmt(c.nps.score, 0) + (f" ±{c.nps.moe95:.0f}" if c.nps.moe95 is not None else "")
    csat_small = c.csat.small and c.csat.n > 0
    nps_small = c.nps.small and c.nps.n > 0
    ces_small = c.ces.small and c.ces.n > 0
    return [
        (f"{c.responses:,}", False),
        (_n(c.csat.n), csat_small),
        (csat, csat_small),
        (_fmt(c.csat.mean, 2), csat_small),
        (_n(c.nps.n), nps_small),
        (nps, nps_small),
        (_n(c.ces.n), ces_small),
        (_fmt(c.ces.mean, 2), ces_small),
        (_fmt(c.ces.easy_pct, 0, "%"), ces_small),
    ]


def _score_cells(c: ScoreCounts) -> list[Text]:
    # Scores from fewer than 30 answers are dimmed: too few to rely on.
    return [Text(text, style="dim" if small else "") for text, small in _score_parts(c)]


def _any_dimmed(counts: list[ScoreCounts]) -> bool:
    return any(small for c in counts for _, small in _score_parts(c))


_SCORE_HEADINGS = (
    "\nresponses",
    "CSAT\nn",
    "CSAT %\n95% CI",
    "CSAT\nmean",
    "NPS\nn",
    "NPS\n±95%",
    "CES\nn",
    "CES\nmean",
    "CES\neasy",
)
"""Two lines each: the metric, then what the column holds. Each metric's n (the answers its
score is computed from) stands first, so no number hides its base."""


_SCORE_KEYS = (
    "responses",
    "csat_n",
    "csat_pct",
    "csat_ci95_low",
    "csat_ci95_high",
    "csat_mean",
    "nps_n",
    "nps",
    "nps_moe95",
    "ces_n",
    "ces_mean",
    "ces_easy_pct",
)


def _csv_score_row(key: str | None, c: ScoreCounts) -> list[object]:
    ci = c.csat.ci95
    return [
        key,
        c.responses,
        c.csat.n,
        c.csat.pct,
        ci[0] if ci else None,
        ci[1] if ci else None,
        c.csat.mean,
        c.nps.n,
        c.nps.score,
        c.nps.moe95,
        c.ces.n,
        c.ces.mean,
        c.ces.easy_pct,
    ]


@filtered
def scores(
    flt: Filter,
    db: DbOption = None,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD",
            help="Also break the scores down by this: touchpoint, segment, channel, source, "
            "agent, team, day, week, month, or attribute:COLUMN (any kept column).",
        ),
    ] = None,
    compare: Annotated[
        Literal["previous"] | None,
        typer.Option(help="Compare with the previous period of equal length."),
    ] = None,
    fmt: Annotated[
        Literal["table", "json", "csv"], typer.Option("--format", help="Output format.")
    ] = "table",
) -> None:
    """Print CSAT %, CSAT mean, NPS and CES for the filtered responses.

    Example: csat-tui scores --touchpoint billing --since 2026-10-01 --by week --format json
    """
    try:
        grouping = read_group_by(by) if by is not None else None
    except ValueError as error:
        raise fail_usage(str(error)) from None
    with store_at(db) as store:
        report = score(store, flt, by=grouping, with_previous=compare == "previous")
    if fmt == "json":
        print_json(report_json(report), indent=2)
        return
    if fmt == "csv":
        writer = csv_out()
        writer.row(("key", *_SCORE_KEYS))
        writer.row(_csv_score_row("all", report.overall))
        for group in report.groups or []:
            writer.row(_csv_score_row(group.key, group))
        return
    out = stdout_console()
    table = Table(
        title=cell(f"Scores: {flt.describe()}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=0,
        pad_edge=False,
    )
    counts = [report.overall, *(report.groups or [])]
    rows = [_score_cells(c) for c in counts]
    table.add_column(by or "", style="bold", overflow="fold", min_width=8)
    for heading in _SCORE_HEADINGS:
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_row(Text("all"), *rows[0])
    for group, row in zip(report.groups or [], rows[1:], strict=True):
        table.add_row(cell(group.key or "(none)"), *row)
    out.print(table)
    if report.comparison:
        c = report.comparison
        for name, change in (("CSAT %", c.csat), ("NPS", c.nps), ("CES % easy", c.ces)):
            if change is not None:
                verdict = "larger than the noise" if change.significant else "within the noise"
                out.print(
                    f"{name}: {change.delta:+.1f} points against {c.since}…{c.until} ({verdict})"
                )
    if _any_dimmed(counts):
        out.print(Text("Dimmed: fewer than 30 answers.", style="dim"))
    if report.overall.csat.scale:
        out.print(
            Text(f"CSAT: {rule_for('csat', report.overall.csat.scale).describe()}", style="dim")
        )


Sort = Literal["newest", "oldest", "lowest", "highest"]


def _read_cursor(text: str, by_score: bool) -> tuple[Any, int]:
    """`--after`'s page token: the last row's date (or score) and id, as the previous page
    printed it."""
    value, comma, number = text.strip().rpartition(",")
    try:
        if not comma:
            raise ValueError(text)
        row_id = int(number)
        if by_score:
            return int(value), row_id
        return (value or None), row_id
    except ValueError:
        raise fail_usage(
            f"--after {text!r} is not a page token: use the one the previous page printed"
        ) from None


@filtered
def responses(
    flt: Filter,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many responses (one page).")] = 50,
    sort: Annotated[
        Sort,
        typer.Option(
            "--sort",
            help="newest / oldest first, or lowest / highest score first (of --metric, else CSAT).",
        ),
    ] = "newest",
    after: Annotated[
        str | None,
        typer.Option("--after", metavar="TOKEN", help="The next page: the token a page printed."),
    ] = None,
    fmt: Annotated[
        Literal["table", "json", "jsonl", "csv"], typer.Option("--format", help="Output format.")
    ] = "table",
) -> None:
    """List filtered responses, a page at a time: newest first, or by score.

    Example: csat-tui responses --band low --since 2026-11-01 --sort lowest --limit 20
    """
    by_score = sort in ("lowest", "highest")
    cursor = _read_cursor(after, by_score) if after is not None else None
    next_cursor: tuple[Any, int] | None
    with store_at(db) as store:
        if by_score:
            scored = page_by_score(
                store, flt, flt.metric or "csat", "lowest" if sort == "lowest" else "highest",
                cursor, limit,
            )  # fmt: skip
            rows, next_cursor = scored.rows, scored.next_cursor
        else:
            dated = page(store, flt, "newest" if sort == "newest" else "oldest", cursor, limit)
            rows, next_cursor = dated.rows, dated.next_cursor
        if fmt != "table":
            print_rows(export_rows(store, [r.id for r in rows]), EXPORT_COLUMNS, fmt)
            _say_next(next_cursor, sort)
            return
    table = Table(
        title=cell(f"Responses: {flt.describe()}"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("id", no_wrap=True, justify="right")
    table.add_column("submitted", no_wrap=True)
    table.add_column("touchpoint", no_wrap=True, overflow="ellipsis", max_width=14)
    for heading in ("CSAT", "NPS", "CES"):
        table.add_column(heading, no_wrap=True, justify="right")
    table.add_column("tags", no_wrap=True, overflow="ellipsis", max_width=14)
    table.add_column("comment", min_width=12, ratio=1)
    for r in rows:
        csat = (
            f"{r.csat}/{r.csat_scale.split('-')[1]}" if r.csat is not None and r.csat_scale else "–"
        )
        table.add_row(
            str(r.id),
            Text((r.submitted_at or "–")[:16].replace("T", " ")),
            cell(r.touchpoint or "–"),
            csat,
            "–" if r.nps is None else str(r.nps),
            "–" if r.ces is None else str(r.ces),
            cell(", ".join(r.tags)),
            cell(r.comment, limit=120),
        )
    print_table(table)
    _say_next(next_cursor, sort)


def _say_next(cursor: tuple[Any, int] | None, sort: str) -> None:
    """On stderr, how to ask for the next page (stdout stays the rows alone)."""
    if cursor is None:
        return
    value = "" if cursor[0] is None else str(cursor[0])
    say(f"more: add --after {value},{cursor[1]} for the next page (--sort {sort})")


@filtered
def export(
    flt: Filter,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write.", dir_okay=False)
    ],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, json or jsonl.")],
    db: DbOption = None,
) -> None:
    """Write the filtered responses to a file.

    CSV cells that a spreadsheet would run as a formula (=, +, -, @…) are prefixed
    with '; JSON and JSONL keep the text exactly as imported.

    Example: csat-tui export --band low --since 2026-11-01 --format csv -o low.csv
    """
    assert fmt in EXPORT_FORMATS
    with store_at(db) as store, _export_progress(output) as on_row:
        try:
            n = export_file(store, flt, fmt, output, on_row)
        except ExportError as error:
            fail(str(error))
    say(f"wrote {n} responses to {output}")


@contextmanager
def _export_progress(output: Path) -> Iterator[Callable[[int], None] | None]:
    """A live count of rows written, on stderr when it is a terminal."""
    if not is_terminal():
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:,}"))
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task(f"writing {sanitize(output.name, keep_newlines=False)}", total=None)

        def on_row(n: int) -> None:
            if n % 1000 == 0:
                bar.update(task, completed=n)

        yield on_row

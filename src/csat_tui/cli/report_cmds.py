"""`csat-tui scores`, `responses` and `export`: every number and row, as a table, JSON or CSV."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table
from rich.text import Text

from csat_tui.cli.common import (
    BandOption,
    ChannelOption,
    CompleteOption,
    DbOption,
    FollowupOption,
    MetricOption,
    SearchOption,
    SegmentOption,
    SinceOption,
    SourceOption,
    TagOption,
    TouchpointOption,
    UntilOption,
    fail,
    make_filter,
    stdout_console,
    store_at,
)
from csat_tui.safe_text import clip, sanitize
from csat_tui.services import GroupBy, ScoreCounts, iter_export, page, report_json
from csat_tui.services import scores as score
from csat_tui.services.exporting import EXPORT_FORMATS, ExportFormat, write_rows
from csat_tui.store.browse import EXPORT_COLUMNS


def _fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def _score_cells(c: ScoreCounts) -> list[str]:
    ci = c.csat.ci95
    return [
        str(c.responses),
        str(c.csat.n),
        _fmt(c.csat.pct, suffix="%"),
        f"{ci[0]:.0f}–{ci[1]:.0f}" if ci else "–",
        _fmt(c.csat.mean, 2),
        str(c.nps.n),
        _fmt(c.nps.score, 0),
        f"±{c.nps.moe95:.0f}" if c.nps.moe95 is not None else "–",
        str(c.ces.n),
        _fmt(c.ces.mean, 2),
        _fmt(c.ces.easy_pct, suffix="%"),
    ]


_SCORE_HEADINGS = (
    "responses",
    "CSAT n",
    "CSAT %",
    "95% CI",
    "mean",
    "NPS n",
    "NPS",
    "±95%",
    "CES n",
    "CES",
    "% easy",
)
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


def scores(
    db: DbOption = None,
    touchpoint: TouchpointOption = None,
    segment: SegmentOption = None,
    channel: ChannelOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    band: BandOption = None,
    metric: MetricOption = None,
    followup: FollowupOption = None,
    search: SearchOption = None,
    complete_only: CompleteOption = False,
    by: Annotated[GroupBy | None, typer.Option(help="Also break the scores down by this.")] = None,
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
    flt = make_filter(
        touchpoint,
        segment,
        channel,
        source,
        tag,
        since,
        until,
        band,
        metric,
        followup,
        search,
        complete_only,
    )
    with store_at(db) as store:
        report = score(store, flt, by=by, with_previous=compare == "previous")
    if fmt == "json":
        typer.echo(json.dumps(report_json(report), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        import csv

        from csat_tui.services.exporting import csv_cell

        writer = csv.writer(sys.stdout, lineterminator="\r\n")
        writer.writerow(("key", *_SCORE_KEYS))
        writer.writerow([csv_cell(v) for v in _csv_score_row("all", report.overall)])
        for group in report.groups or []:
            writer.writerow([csv_cell(v) for v in _csv_score_row(group.key, group)])
        return
    out = stdout_console()
    table = Table(
        title=f"Scores: {sanitize(flt.describe(), keep_newlines=False)}", title_justify="left"
    )
    table.add_column(by or "", style="bold")
    for heading in _SCORE_HEADINGS:
        table.add_column(heading, justify="right")
    table.add_row(Text("all"), *_score_cells(report.overall))
    for group in report.groups or []:
        table.add_row(
            Text(sanitize(group.key or "(none)", keep_newlines=False)), *_score_cells(group)
        )
    out.print(table)
    if report.comparison:
        c = report.comparison
        for name, change in (("CSAT %", c.csat), ("NPS", c.nps), ("CES % easy", c.ces)):
            if change is not None:
                verdict = "larger than the noise" if change.significant else "within the noise"
                out.print(
                    f"{name}: {change.delta:+.1f} points against {c.since}…{c.until} ({verdict})"
                )
    if report.overall.csat.scale:
        from csat_tui.scoring.scales import rule_for

        out.print(
            Text(f"CSAT: {rule_for('csat', report.overall.csat.scale).describe()}", style="dim")
        )


def responses(
    db: DbOption = None,
    touchpoint: TouchpointOption = None,
    segment: SegmentOption = None,
    channel: ChannelOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    band: BandOption = None,
    metric: MetricOption = None,
    followup: FollowupOption = None,
    search: SearchOption = None,
    complete_only: CompleteOption = False,
    limit: Annotated[int, typer.Option(min=1, help="How many responses, newest first.")] = 50,
    fmt: Annotated[
        Literal["table", "json", "jsonl", "csv"], typer.Option("--format", help="Output format.")
    ] = "table",
) -> None:
    """List the newest filtered responses.

    Example: csat-tui responses --band low --since 2026-11-01 --limit 20
    """
    flt = make_filter(
        touchpoint,
        segment,
        channel,
        source,
        tag,
        since,
        until,
        band,
        metric,
        followup,
        search,
        complete_only,
    )
    with store_at(db) as store:
        if fmt != "table":
            rows = _take(iter_export(store, flt), limit)
            write_rows(rows, EXPORT_COLUMNS, fmt, sys.stdout)
            return
        result = page(store, flt, limit=limit)
    table = Table(
        title=f"Responses: {sanitize(flt.describe(), keep_newlines=False)}", title_justify="left"
    )
    for heading in (
        "id",
        "submitted",
        "source",
        "touchpoint",
        "CSAT",
        "NPS",
        "CES",
        "tags",
        "comment",
    ):
        table.add_column(heading, overflow="fold" if heading == "comment" else "ellipsis")
    for r in result.rows:
        table.add_row(
            str(r.id),
            Text(r.submitted_at or "–"),
            Text(sanitize(r.source, keep_newlines=False)),
            Text(sanitize(r.touchpoint or "–", keep_newlines=False)),
            f"{r.csat}/{r.csat_scale.split('-')[1]}"
            if r.csat is not None and r.csat_scale
            else "–",
            "–" if r.nps is None else str(r.nps),
            "–" if r.ces is None else str(r.ces),
            Text(sanitize(", ".join(r.tags), keep_newlines=False)),
            Text(clip(sanitize(r.comment or "", keep_newlines=False), 80)),
        )
    stdout_console().print(table)


def _take(rows: object, limit: int) -> list[dict[str, object]]:
    from itertools import islice

    return list(islice(rows, limit))  # type: ignore[call-overload]


def export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write.", dir_okay=False)
    ],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv, json or jsonl.")],
    db: DbOption = None,
    touchpoint: TouchpointOption = None,
    segment: SegmentOption = None,
    channel: ChannelOption = None,
    source: SourceOption = None,
    tag: TagOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    band: BandOption = None,
    metric: MetricOption = None,
    followup: FollowupOption = None,
    search: SearchOption = None,
    complete_only: CompleteOption = False,
) -> None:
    """Write the filtered responses to a file.

    CSV cells that a spreadsheet would run as a formula (=, +, -, @…) are prefixed
    with '; JSON and JSONL keep the text exactly as imported.

    Example: csat-tui export --band low --since 2026-11-01 --format csv -o low.csv
    """
    assert fmt in EXPORT_FORMATS
    flt = make_filter(
        touchpoint,
        segment,
        channel,
        source,
        tag,
        since,
        until,
        band,
        metric,
        followup,
        search,
        complete_only,
    )
    with store_at(db) as store:
        try:
            handle = output.open("w", encoding="utf-8", newline="")
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror}")
        with handle:
            n = write_rows(iter_export(store, flt), EXPORT_COLUMNS, fmt, handle)
    typer.echo(f"wrote {n} responses to {output}", err=True)

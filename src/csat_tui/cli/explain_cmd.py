"""`csat-tui explain`: why CSAT or NPS moved, taken apart per group into rate and mix."""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from csat_tui.cli.common import DbOption, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.cli.output import cell, csv_out, fail, fail_usage, print_json, print_table, say
from csat_tui.errors import FilterError
from csat_tui.filters import Filter
from csat_tui.services.explain import (
    DIMENSION_NAMES,
    EXPLAIN_METRICS,
    METRIC_LABELS,
    Explanation,
    GroupChange,
    dimension,
    explain,
    explanation_json,
    parse_compare,
)

_CSV_COLUMNS = (
    "key", "previous_n", "previous_share", "previous_value", "current_n", "current_share",
    "current_value", "rate_effect", "mix_effect", "contribution", "significant", "small_sample",
)  # fmt: skip


def _num(value: float | None, digits: int = 1, sign: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _row(g: GroupChange) -> list[Text]:
    style = "dim" if g.small_sample else ""
    name = cell(g.key, limit=30, empty="(none)")
    name.stylize(style)
    own = _num(None if g.change is None else g.change.delta, sign=True)
    own += "*" if g.significant else ""
    cells = [
        f"{g.previous.n:,}→{g.current.n:,}" + (" <30" if g.small_sample else ""),
        f"{g.previous.share * 100:.0f}→{g.current.share * 100:.0f}%",
        f"{_num(g.previous.value)}→{_num(g.current.value)}",
        own,
        _num(g.rate_effect, 2, True),
        _num(g.mix_effect, 2, True),
        _num(g.contribution, 2, True),
    ]
    return [name, *(Text(c, style=style, justify="right", no_wrap=True) for c in cells)]


def _heading(e: Explanation) -> str:
    label = METRIC_LABELS[e.metric]
    test = e.overall_change
    real = "" if test is None else (", significant" if test.significant else ", within the noise")
    return (
        f"{label} {_num(e.previous.value)} → {_num(e.current.value)} "
        f"({_num(e.change, 1, True)} points{real}): {e.current.since}..{e.current.until} "
        f"against {e.previous.since}..{e.previous.until}, by {e.by}"
    )


def _chosen_line(e: Explanation) -> str | None:
    if e.chosen is None:
        return None
    tried = ", ".join(
        f"{name} {share * 100:.0f}%" if share is not None else f"{name} –"
        for name, share in e.chosen.items()
    )
    return f"Chose {e.by}: its top group explains the largest share of the change ({tried})."


def _print_table(e: Explanation) -> None:
    table = Table(
        title=cell(_heading(e)), title_justify="left", box=box.SIMPLE_HEAD,
        caption=cell("rate: own score moved at its mean share · mix: share moved at its mean "
                     "score against the overall mean · * significant · dim: <30 answers"),
        caption_justify="left",
    )  # fmt: skip
    table.add_column(e.by, min_width=8, overflow="ellipsis", no_wrap=True)
    for heading in ("n", "share", METRIC_LABELS[e.metric], "own Δ", "rate", "mix", "contrib."):
        table.add_column(heading, justify="right", no_wrap=True)
    for g in e.groups:
        table.add_row(*_row(g))
    print_table(table)


@filtered
def explain_change(
    flt: Filter,
    db: DbOption = None,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="FIELD",
            help=f"Take the change apart by {', '.join(DIMENSION_NAMES)} or attribute:COLUMN "
            "(a kept column). Default: the field whose top group explains the largest share "
            "of the change.",
        ),
    ] = None,
    compare: Annotated[
        str,
        typer.Option(
            metavar="previous|DATE..DATE",
            help="The period to compare with: the previous one of equal length, or two dates.",
        ),
    ] = "previous",
    fmt: Annotated[
        Literal["table", "json", "csv"], typer.Option("--format", help="Output format.")
    ] = "table",
) -> None:
    """Take a change of CSAT % (or NPS, with --metric nps) between two periods apart per group.

    The current period is the filter's --since/--until. Each group's contribution is its
    rate effect (its own score moved, at its mean share of answers over the two periods)
    plus its mix effect (its share of answers moved, at its mean score over the two periods
    measured against the overall mean). The contributions add up exactly to the total
    change, with no leftover term. Groups are ranked by the size of their contribution;
    each shows its own change with the score cards' test (* significant) and is dimmed
    with fewer than 30 answers in either period.

    Example: csat-tui explain --since 2026-08-03 --until 2026-08-23 --by touchpoint
    """
    metric = flt.metric or "csat"
    if metric not in EXPLAIN_METRICS:
        raise fail_usage(f"explain takes --metric {' or '.join(EXPLAIN_METRICS)}, not {metric}")
    try:
        if by is not None:
            dimension(by)
        against = parse_compare(compare)
    except FilterError as error:
        raise fail_usage(str(error)) from None
    with store_at(db) as store:
        e = explain(store, flt, metric, by, against)
    if e.change is None:
        empty = "previous" if not e.previous.n else "current"
        period = e.previous if empty == "previous" else e.current
        raise fail(
            f"no {METRIC_LABELS[e.metric]} answers in the {empty} period "
            f"({period.since}..{period.until}): nothing to compare"
        )
    if fmt == "json":
        print_json(explanation_json(e), indent=2)
        return
    if fmt == "csv":
        writer = csv_out()
        writer.row(_CSV_COLUMNS)
        for g in e.groups:
            writer.row((g.key, g.previous.n, g.previous.share, g.previous.value, g.current.n,
                        g.current.share, g.current.value, g.rate_effect, g.mix_effect,
                        g.contribution, g.significant, g.small_sample))  # fmt: skip
        return
    chosen = _chosen_line(e)
    if chosen:
        say(chosen)
    _print_table(e)

"""`csat-tui themes`: what unhappy customers talk about that the others don't."""

from __future__ import annotations

from typing import Annotated

import typer

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
    ViewOption,
    make_filter,
    store_at,
    with_view,
)
from csat_tui.cli.triage_lists import FormatOption, print_rows
from csat_tui.services.themes import themes as rank_themes


def themes(
    db: DbOption = None,
    top: Annotated[int, typer.Option(min=1, help="How many terms.")] = 20,
    min_comments: Annotated[
        int | None,
        typer.Option(help="Leave out terms in fewer comments (default: 5, or 0.2 % of them)."),
    ] = None,
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
    view: ViewOption = None,
    fmt: FormatOption = "table",
) -> None:
    """List the terms that set low-score comments apart from the others.

    Each term shows how many low-score and other comments hold it; terms are ranked by
    a smoothed log-odds ratio over its standard error (z).

    Example: csat-tui themes --since 2026-10-01 --touchpoint billing --top 10
    """
    flt = make_filter(touchpoint, segment, channel, source, tag, since, until, band, metric,
                      followup, search, complete_only)  # fmt: skip
    with store_at(db) as store:
        flt = with_view(store, view, flt)
        report = rank_themes(store, flt, top, min_comments)
    rows = [
        {
            "term": t.term,
            "low_comments": t.low,
            "other_comments": t.other,
            "log_odds": round(t.log_odds, 2),
            "z": round(t.z, 1),
        }
        for t in report.themes
    ]
    title = (
        f"Themes of {report.low_comments} low-score against {report.other_comments} other "
        f"comments (terms in at least {report.min_comments} comments)"
    )
    print_rows(rows, fmt, title)

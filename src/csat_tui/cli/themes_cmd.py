"""`csat-tui themes`: what unhappy customers talk about that the others don't."""

from __future__ import annotations

from typing import Annotated

import typer

from csat_tui.cli import output
from csat_tui.cli.common import (
    DbOption,
    store_at,
)
from csat_tui.cli.filter_options import filtered
from csat_tui.cli.triage_lists import FormatOption, print_rows
from csat_tui.filters import Filter
from csat_tui.services.themes import themes as rank_themes


@filtered
def themes(
    flt: Filter,
    db: DbOption = None,
    top: Annotated[int, typer.Option(min=1, help="How many terms.")] = 20,
    min_comments: Annotated[
        int | None,
        typer.Option(help="Leave out terms in fewer comments (default: 5, or 0.2 % of them)."),
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """List the terms that set low-score comments apart from the others.

    Each term shows how many low-score and other comments hold it; terms are ranked by
    a smoothed log-odds ratio over its standard error (z).

    Example: csat-tui themes --since 2026-10-01 --touchpoint billing --top 10
    """
    with store_at(db) as store:
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
    margins = report.margins
    if margins is not None:
        output.say(
            f"counted in a sample of {report.low_comments + report.other_comments:,} comments"
            f" (about {report.sample:.1%} of {report.in_scope:,} responses): a term's share of"
            f" low-score comments is within ±{margins[0]:.1f} points, of the others"
            f" ±{margins[1]:.1f} (95 %)"
        )
    print_rows(rows, fmt, title)

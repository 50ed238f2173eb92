"""`csat-tui report`: the period's scores, trend, loops, risks and themes as HTML or Markdown.

(Not `report_cmds.py`, which holds `scores`, `responses` and `export`.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csat_tui.cli.common import DbOption, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.cli.output import fail, fail_usage, say
from csat_tui.errors import FilterError
from csat_tui.filters import Filter
from csat_tui.services.report import (
    PERIOD_HELP,
    ReportError,
    format_of,
    parse_period,
    period_words,
    store_today,
    write_report,
)


@filtered
def report(
    flt: Filter,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write: .html (one file) or .md.", dir_okay=False
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            metavar="week|month|DATE..DATE",
            help=f"The period: {PERIOD_HELP}. Default: week, or --since/--until when given.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the report to send to the team: scores with their change, trend, distribution,
    breakdowns, follow-ups closed and open, customers at risk and top themes.

    The numbers are those of `csat-tui scores --compare previous` for the same filter and
    period. HTML is one self-contained file (light and dark, printable); .md is for chat.

    Example: csat-tui report --period week --touchpoint billing -o week.html
    """
    if format_of(output) is None:
        fail_usage(f"{output.name} needs .html or .md at the end")
    if period is not None and (flt.since or flt.until):
        fail_usage("give either --period or --since/--until, not both")
    with store_at(db) as store:
        today = store_today(store)
        if period is not None or not (flt.since or flt.until):
            try:
                flt = flt.with_range(*parse_period(period or "week", today))
            except FilterError as error:
                fail_usage(str(error))
        try:
            data = write_report(store, flt, today, output)
        except ReportError as error:
            fail(str(error))
    say(f"wrote the report for {period_words(data)} to {output}")

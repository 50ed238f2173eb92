"""`csat-tui agents`: each agent's scores, ranked fairly, as a table, JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.filters import Filter
from csat_tui.scoring.intervals import SMALL_SAMPLE
from csat_tui.services.agents import AgentRow, agents, agents_json

_CSV_COLUMNS = (
    "rank", "agent", "responses", "csat_n", "csat_pct", "csat_low", "csat_high", "rank_score",
    "small_sample", "change", "change_significant", "nps_n", "nps", "low", "open_followups",
    "overdue_followups", "top_tags",
)  # fmt: skip


def _pct(value: float | None, fmt: str = ".1f") -> str:
    return "–" if value is None else format(value, fmt)


def _change_text(row: AgentRow) -> Text:
    change = row.change
    if change is None:
        return Text("–", justify="right")
    verdict = "real" if change.significant else "noise"
    style = "" if change.significant else "dim"
    return Text(f"{change.delta:+.1f} ({verdict})", justify="right", style=style)


def _csv_row(row: AgentRow) -> dict[str, Any]:
    csat, interval = row.counts.csat, row.counts.csat.ci95
    return {
        "rank": row.rank,
        "agent": row.name,
        "responses": row.counts.responses,
        "csat_n": csat.n,
        "csat_pct": csat.pct,
        "csat_low": interval[0] if interval else None,
        "csat_high": interval[1] if interval else None,
        "rank_score": row.rank_score,
        "small_sample": row.small,
        "change": row.change.delta if row.change else None,
        "change_significant": row.change.significant if row.change else None,
        "nps_n": row.counts.nps.n,
        "nps": row.counts.nps.score,
        "low": row.extras.low,
        "open_followups": row.extras.open_followups,
        "overdue_followups": row.extras.overdue,
        "top_tags": "; ".join(tag for tag, _ in row.extras.tags),
    }


@filtered
def agents_command(
    flt: Filter,
    db: DbOption = None,
    fmt: Annotated[
        Literal["table", "json", "csv"], typer.Option("--format", help="table, json or csv.")
    ] = "table",
) -> None:
    """List agents with their CSAT %, interval, change, NPS, low scores, follow-ups and top
    tags, ranked fairly (a few good ratings do not outrank many).

    Example: csat-tui agents --since 2026-10-01 --team Billing
    """
    with store_at(db) as store:
        report = agents(store, flt)
    if fmt == "json":
        output.print_json(agents_json(report), indent=2)
        return
    if fmt == "csv":
        output.print_rows((_csv_row(r) for r in report.rows), _CSV_COLUMNS, "csv")
        return
    table = Table(
        title=output.cell(f"Agents: {flt.describe()}"), title_justify="left", box=box.SIMPLE_HEAD
    )
    rows = report.rows
    shown = {
        "change": any(r.change is not None for r in rows),
        "NPS": any(r.counts.nps.n for r in rows),
        "open": any(r.extras.open_followups for r in rows),
        "overdue": any(r.extras.overdue for r in rows),
        "top tags": any(r.extras.tags for r in rows),
    }
    headings = [h for h in ("rank", "agent", "n", "CSAT %", "95% CI", "change", "NPS", "low",
                            "open", "overdue", "top tags") if shown.get(h, True)]  # fmt: skip
    for heading in headings:
        if heading in ("agent", "top tags"):
            table.add_column(heading, no_wrap=True, min_width=12, max_width=30)
        else:
            table.add_column(heading, justify="right", no_wrap=True)
    for row in rows:
        csat, interval = row.counts.csat, row.counts.csat.ci95
        if row.name is None:
            rank = Text("")
        elif row.rank is None:
            rank = Text(f"<{SMALL_SAMPLE}", style="dim")
        else:
            rank = Text(str(row.rank))
        cells = {
            "rank": rank,
            "agent": output.cell(row.name, empty="(no agent)", limit=40),
            "n": Text(f"{row.counts.responses:,}", style="dim" if row.small else ""),
            "CSAT %": Text(_pct(csat.pct)),
            "95% CI": Text(f"{interval[0]:.0f}–{interval[1]:.0f}" if interval else "–"),
            "change": _change_text(row),
            "NPS": Text(_pct(row.counts.nps.score, "+.0f")),
            "low": Text(str(row.extras.low)),
            "open": Text(str(row.extras.open_followups)),
            "overdue": Text(str(row.extras.overdue)),
            "top tags": output.cell(", ".join(tag for tag, _ in row.extras.tags), limit=40),
        }
        table.add_row(*(cells[h] for h in headings))
    output.print_table(table)
    out = output.stdout_console()
    out.print(Text(report.rule, style="dim"))
    if report.since and report.until:
        out.print(Text(f"Change: against {report.since}…{report.until}.", style="dim"))

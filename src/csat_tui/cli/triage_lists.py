"""`csat-tui followups`, `customers`, `history`, `triaged` and `tags`: triage lists and tag care."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from typing import Annotated, Any, Literal

import typer
from rich import box
from rich.table import Table

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, store_at
from csat_tui.cli.filter_options import filtered
from csat_tui.cli.triage_cmds import UserOption
from csat_tui.filters import Filter
from csat_tui.safe_text import clip, dump_json
from csat_tui.services import audit, triage

Format = Literal["table", "json", "csv"]
FormatOption = Annotated[Format, typer.Option("--format", help="table, json or csv.")]


FOLDED = frozenset({"comment", "what", "responses"})
"""Columns whose long text wraps in a table rather than being cut."""


def print_rows(rows: list[dict[str, Any]], fmt: Format, title: str) -> None:
    """Rows as JSON, CSV (formula-safe) or a table of plain text."""
    columns = tuple(rows[0]) if rows else ()
    if fmt == "json":
        output.print_json(rows, indent=2)
    elif fmt == "csv":
        output.print_rows(rows, columns, "csv")
    else:
        table = Table(title=output.cell(title), title_justify="left", box=box.SIMPLE_HEAD)
        for column in columns:
            table.add_column(column, overflow="fold" if column in FOLDED else "ellipsis")
        for row in rows:
            table.add_row(*(output.cell(row[c], empty="–") for c in columns))
        output.print_table(table if rows else output.cell(f"{title}: none"))


def followups(
    db: DbOption = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner's follow-ups.")] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="open, in_progress, done or wont_do (repeatable)."),
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open or in-progress ones past their due date.")
    ] = False,
    fmt: FormatOption = "table",
) -> None:
    """List follow-ups, open first, by due date.

    Example: csat-tui followups --owner Anna --overdue
    """
    statuses = tuple(status or ())
    if overdue and not statuses:
        statuses = ("open", "in_progress")
    today = date.today().isoformat()
    with store_at(db) as store:
        found = triage.list_followups(
            store, statuses=statuses, owner=owner, due_before=today if overdue else None
        )
    rows = [
        {
            "response_id": f.response_id,
            "status": f.status,
            "owner": f.owner,
            "due_date": f.due_date,
            "overdue": bool(
                f.due_date and f.due_date < today and f.status in ("open", "in_progress")
            ),
            "respondent": f.respondent,
            "touchpoint": f.touchpoint,
            "note": f.note,
            "comment": clip(f.comment or "", 80) if fmt == "table" else f.comment,
        }
        for f in found
    ]
    print_rows(rows, fmt, "Follow-ups")


@filtered
def customers(
    flt: Filter,
    db: DbOption = None,
    at_risk: Annotated[
        bool, typer.Option("--at-risk", help="Customers at immediate risk or at risk.")
    ] = False,
    advocates: Annotated[
        bool, typer.Option("--advocates", help="Satisfied promoters: ask them for referrals.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="How many customers (one page).")] = 50,
    after: Annotated[
        str | None,
        typer.Option("--after", metavar="TOKEN", help="The next page: the token a page printed."),
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """List customers at risk (last three CSAT answers low, or a detractor whose latest
    CSAT is low; "immediate" when both) or advocates (latest CSAT satisfied and a promoter),
    a page at a time: the worst first, then the most recent.

    Example: csat-tui customers --at-risk --since 2026-06-01 --limit 100 --format csv
    """
    tiers: tuple[triage.Tier, ...] = ()
    if at_risk or not advocates:
        tiers += ("immediate", "at_risk")
    if advocates:
        tiers += ("advocate",)
    start = _read_customer_token(after) if after is not None else None
    with store_at(db) as store:
        found = triage.customers(store, flt, tiers, limit=limit + 1, after=start)
    more = len(found) > limit
    found = found[:limit]
    try:
        _print_customers(found, fmt)
    finally:
        if more:
            token = _customer_token(triage.customer_cursor(found[-1]))
            output.say(f"more: add --after {token} for the next page")


def _customer_token(cursor: triage.CustomerCursor) -> str:
    return base64.urlsafe_b64encode(dump_json(list(cursor)).encode()).decode().rstrip("=")


def _read_customer_token(text: str) -> triage.CustomerCursor:
    """`--after`'s token: the last customer of the previous page."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(text.strip() + "=" * (-len(text) % 4)))
        tier, at, respondent = raw
        if tier not in triage.TIERS or not isinstance(respondent, str):
            raise ValueError(text)
        if at is not None and not isinstance(at, str):
            raise ValueError(text)
        return (tier, at, respondent)
    except (ValueError, TypeError, binascii.Error):
        raise output.fail_usage(
            f"--after {text!r} is not a page token: use the one the previous page printed"
        ) from None


def _print_customers(found: list[triage.Customer], fmt: Format) -> None:
    if fmt == "table":
        _customers_table(found)
        return
    rows = [
        {
            "respondent": c.respondent,
            "tier": c.tier,
            "last_csat": " ".join(c.last_csat) if fmt != "json" else list(c.last_csat),
            "latest_nps": c.latest_nps,
            "last_response_at": c.last_response_at,
            "responses": c.responses,
        }
        for c in found
    ]
    print_rows(rows, fmt, "Customers")


_TIER_WORDS = {"immediate": "immediate", "at_risk": "at risk", "advocate": "advocate"}


def _customers_table(found: list[triage.Customer]) -> None:
    """Customers for people: headings in words, and the customer (often an e-mail) whole."""
    if not found:
        output.print_table(output.cell("Customers: none"))
        return
    table = Table(
        title=output.cell("Customers"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=0,
    )
    # The customer is what a person copies to call back: it is never cut; others fold.
    longest = max(len(output.shown(c.respondent)) for c in found)
    table.add_column("customer", no_wrap=True, min_width=longest)
    table.add_column("risk", overflow="fold")
    table.add_column("last CSAT", overflow="fold")
    table.add_column("NPS", justify="right", overflow="fold")
    table.add_column("last seen", overflow="fold")
    table.add_column("responses", justify="right", overflow="fold")
    for c in found:
        table.add_row(
            output.cell(c.respondent),
            output.cell(_TIER_WORDS.get(c.tier, c.tier)),
            output.cell(" ".join(c.last_csat), empty="–"),
            output.cell(c.latest_nps, empty="–"),
            output.cell((c.last_response_at or "")[:10], empty="–"),
            output.cell(c.responses),
        )
    output.print_table(table)


def history(
    response_id: Annotated[
        int | None, typer.Argument(metavar="[ID]", help="Only this response's history.")
    ] = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many entries, newest first.")] = 50,
    fmt: FormatOption = "table",
) -> None:
    """Show the audit trail: who did what, when, and what it changed, newest first.

    The table says what each entry did (tags added and removed, follow-up fields
    before → after, triaged or back in the queue); JSON has it as `changes`, with the
    before and after of every field.

    Example: csat-tui history 1042
    """
    with store_at(db) as store:
        if response_id is not None:
            triage.check_responses(store, [response_id])
        events = triage.history(store, response_id, limit)
        known = triage.tag_names(store)
    table = fmt == "table"
    rows: list[dict[str, Any]] = []
    for e in events:
        found = audit.changes(e, known)
        ids = [str(i) for i in found.response_ids]
        if table and len(ids) > 6:
            ids = [*ids[:5], f"+{len(ids) - 5} more"]
        row: dict[str, Any] = {
            "event": e.id,
            "at": e.at[:16].replace("T", " ") if table else e.at,
            "actor": e.actor,
            "action": e.action,
            "responses": ", ".join(ids),
            "what": audit.describe(found, response_id),
            "undone": ("undone" if e.undone else "") if table else e.undone,
        }
        if fmt == "json":
            row["changes"] = audit.changes_json(found)
        rows.append(row)
    print_rows(rows, fmt, "History")


def triaged(
    response_ids: Annotated[list[int], typer.Argument(metavar="ID...", help="Response ids.")],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Mark responses triaged: they leave the queue (undo brings them back).

    Example: csat-tui triaged 1042 1043
    """
    with store_at(db) as store:
        triage.mark_triaged(store, response_ids, actor=user or "")
    output.say(f"marked triaged: {', '.join(map(str, response_ids))}")


tags_app = typer.Typer(help="List, rename, merge and delete tags.", no_args_is_help=True)


@tags_app.command("list")
def tags_list(db: DbOption = None, fmt: FormatOption = "table") -> None:
    """List every tag with how many responses carry it.

    Example: csat-tui tags list --format json
    """
    with store_at(db) as store:
        counts = triage.tag_counts(store)
    print_rows([{"tag": t.name, "responses": t.responses} for t in counts], fmt, "Tags")


@tags_app.command("rename")
def tags_rename(old: str, new: str, db: DbOption = None, user: UserOption = None) -> None:
    """Rename a tag; onto an existing name, the two are merged.

    Example: csat-tui tags rename "slow reply" slow
    """
    with store_at(db) as store:
        triage.rename_tag(store, old, new, actor=user or "")
    output.say(f"renamed {old} to {new}")


@tags_app.command("merge")
def tags_merge(source: str, target: str, db: DbOption = None, user: UserOption = None) -> None:
    """Move every response of SOURCE to TARGET and delete SOURCE.

    Example: csat-tui tags merge invoice billing
    """
    with store_at(db) as store:
        triage.merge_tags(store, source, target, actor=user or "")
    output.say(f"merged {source} into {target}")


@tags_app.command("delete")
def tags_delete(name: str, db: DbOption = None, user: UserOption = None) -> None:
    """Delete a tag from every response (undo restores it).

    Example: csat-tui tags delete test
    """
    with store_at(db) as store:
        triage.delete_tag(store, name, actor=user or "")
    output.say(f"deleted {name}")

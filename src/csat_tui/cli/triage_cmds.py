"""`csat-tui tag`, `untag`, `followup` and `undo`: triage from scripts, with the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import typer

from csat_tui.cli.common import DbOption, store_at
from csat_tui.cli.output import fail_usage, say
from csat_tui.errors import FilterError
from csat_tui.filters import parse_day
from csat_tui.services import triage
from csat_tui.services.due_dates import parse_due
from csat_tui.services.sent import add_sent

UserOption = Annotated[
    str | None,
    typer.Option("--user", help="Who is acting, for the audit trail (default: your login)."),
]


def tag(
    response_id: Annotated[int, typer.Argument(metavar="ID", help="The response id.")],
    tags: Annotated[list[str], typer.Argument(metavar="TAG...", help="Tags to add.")],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Tag a response (new tags are created).

    Example: csat-tui tag 1042 billing "slow reply"
    """
    with store_at(db) as store:
        triage.tag(store, [response_id], tags, actor=user or "")
    say(f"tagged {response_id}: {', '.join(tags)}")


def untag(
    response_id: Annotated[int, typer.Argument(metavar="ID", help="The response id.")],
    tag_name: Annotated[str, typer.Argument(metavar="TAG", help="The tag to remove.")],
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Remove a tag from a response.

    Example: csat-tui untag 1042 billing
    """
    with store_at(db) as store:
        triage.untag(store, [response_id], [tag_name], actor=user or "")
    say(f"untagged {response_id}: {tag_name}")


def followup(
    response_id: Annotated[int, typer.Argument(metavar="ID", help="The response id.")],
    owner: Annotated[str | None, typer.Option(help="Who calls the customer back.")] = None,
    due: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Due date: 2026-12-01, tomorrow, +3d, fri."),
    ] = None,
    status: Annotated[
        Literal["open", "in_progress", "done", "wont_do"] | None,
        typer.Option(help="open, in_progress, done or wont_do (a new follow-up is open)."),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note on the follow-up.")] = None,
    db: DbOption = None,
    user: UserOption = None,
) -> None:
    """Create or change the follow-up of a response.

    Example: csat-tui followup 1042 --owner Anna --due 2026-12-01
    """
    if due is not None:
        try:
            due = parse_due(due, date.today()).isoformat()
        except FilterError as error:
            fail_usage(f"--due: {error}")
    with store_at(db) as store:
        triage.set_followup(
            store,
            [response_id],
            status=status,
            owner=owner,
            due_date=due,
            note=note,
            actor=user or "",
        )
    say(f"follow-up of {response_id} saved")


def undo(db: DbOption = None, user: UserOption = None) -> None:
    """Undo the latest triage action (tag, untag, follow-up), by anyone.

    Example: csat-tui undo
    """
    with store_at(db) as store:
        done = triage.undo(store, actor=user or "")
    ids = ", ".join(str(i) for i in done.response_ids)
    say(f"undid {done.action} on {ids} (by {done.actor} at {done.at})")


def sent(
    count: Annotated[int, typer.Option("--count", min=0, help="How many surveys were sent.")],
    since: Annotated[str, typer.Option("--from", metavar="DATE", help="First day, YYYY-MM-DD.")],
    until: Annotated[str, typer.Option("--to", metavar="DATE", help="Last day, YYYY-MM-DD.")],
    touchpoint: Annotated[
        str | None, typer.Option(help="The touchpoint they were sent for.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="The tool that sent them.")] = None,
    db: DbOption = None,
) -> None:
    """Record how many surveys were sent, so scores can show the response rate.

    Example: csat-tui sent --touchpoint billing --from 2026-10-01 --to 2026-10-31 --count 1200
    """
    try:
        first = parse_day(since)
    except FilterError as error:
        fail_usage(f"--from: {error}")
    try:
        last = parse_day(until)
    except FilterError as error:
        fail_usage(f"--to: {error}")
    with store_at(db, create=True) as store:
        try:
            add_sent(store, count, first, last, touchpoint, source)
        except ValueError as error:
            fail_usage(str(error))
    say(f"recorded {count} surveys sent {first}…{last}")

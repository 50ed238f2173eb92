"""What several commands share: the --db option, the filter options, output and errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from csat_tui.config import default_db_path
from csat_tui.errors import CsatError, FilterError
from csat_tui.filters import Filter, parse_day
from csat_tui.services import Store, open_store

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The store file. Default: $CSAT_TUI_DB, else csat.db in your user data folder.",
        dir_okay=False,
        show_default=False,
    ),
]

TouchpointOption = Annotated[
    list[str] | None,
    typer.Option(
        "--touchpoint",
        "-t",
        help="Only this touchpoint (repeat for several).",
        rich_help_panel="Filter",
    ),
]
SegmentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--segment", help="Only this segment or plan (repeatable).", rich_help_panel="Filter"
    ),
]
ChannelOption = Annotated[
    list[str] | None,
    typer.Option("--channel", help="Only this channel (repeatable).", rich_help_panel="Filter"),
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        help="Only responses from this source tool (repeatable).",
        rich_help_panel="Filter",
    ),
]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="Only responses with this tag (repeatable: any of them).",
        rich_help_panel="Filter",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="From this day on (YYYY-MM-DD, UTC).",
        rich_help_panel="Filter",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Up to and including this day (YYYY-MM-DD, UTC).",
        rich_help_panel="Filter",
    ),
]
BandOption = Annotated[
    str | None,
    typer.Option(
        "--band",
        metavar="low|neutral|high",
        help="Only low (needs attention), neutral or high scores.",
        rich_help_panel="Filter",
    ),
]
MetricOption = Annotated[
    str | None,
    typer.Option(
        "--metric",
        metavar="csat|nps|ces",
        help="Only responses that answered this metric (--band then applies to it).",
        rich_help_panel="Filter",
    ),
]
FollowupOption = Annotated[
    list[str] | None,
    typer.Option(
        "--followup",
        metavar="STATUS",
        help="Follow-up status: open, in_progress, done, wont_do or none (repeatable).",
        rich_help_panel="Filter",
    ),
]
SearchOption = Annotated[
    str | None,
    typer.Option(
        "--search",
        metavar="TEXT",
        help="Only comments containing this text.",
        rich_help_panel="Filter",
    ),
]
ViewOption = Annotated[
    str | None,
    typer.Option(
        "--view",
        metavar="NAME",
        help="Start from a saved view; other filter options override its fields.",
        rich_help_panel="Filter",
    ),
]
CompleteOption = Annotated[
    bool,
    typer.Option("--complete-only", help="Leave out partial responses.", rich_help_panel="Filter"),
]


def make_filter(
    touchpoint: list[str] | None = None,
    segment: list[str] | None = None,
    channel: list[str] | None = None,
    source: list[str] | None = None,
    tag: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    band: str | None = None,
    metric: str | None = None,
    followup: list[str] | None = None,
    search: str | None = None,
    complete_only: bool = False,
) -> Filter:
    """Build the one Filter from the command-line options; usage errors exit with 2."""
    try:
        since_day: date | None = parse_day(since) if since else None
        until_day: date | None = parse_day(until) if until else None
        return Filter(
            touchpoints=tuple(touchpoint or ()),
            segments=tuple(segment or ()),
            channels=tuple(channel or ()),
            sources=tuple(source or ()),
            tags=tuple(tag or ()),
            since=since_day,
            until=until_day,
            band=band,  # type: ignore[arg-type]  # validated by Filter
            metric=metric,  # type: ignore[arg-type]
            followups=tuple(followup or ()),
            text=search or "",
            complete_only=complete_only,
        )
    except FilterError as error:
        fail_usage(str(error))
        raise  # unreachable: fail_usage exits


def stderr_console() -> Console:
    """Messages and progress go to stderr so stdout stays pipeable."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    """Tables for people, on stdout."""
    return Console(highlight=False, soft_wrap=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print an error on stderr and exit with `code` (1: it failed, 2: usage)."""
    stderr_console().print(f"csat-tui: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def fail_usage(message: str) -> typer.Exit:
    """A usage error: exit status 2."""
    return fail(message, 2)


@contextmanager
def store_at(db: Path | None) -> Iterator[Store]:
    """Open the store named by --db (or the default), turning store errors into exit 1."""
    path = db or default_db_path()
    try:
        store = open_store(path)
    except CsatError as error:
        fail(str(error))
        raise
    try:
        yield store
    except CsatError as error:
        fail(str(error), 2 if isinstance(error, FilterError) else 1)
    finally:
        store.close()


def is_terminal() -> bool:
    """True when stderr is a terminal (progress bars show only then)."""
    return sys.stderr.isatty()


def with_view(store: Store, view: str | None, flt: Filter) -> Filter:
    """The saved view's filter overridden by the options given, or `flt` when no view."""
    if not view:
        return flt
    from csat_tui.services.views import load_view

    return load_view(store, view).overridden_by(flt)

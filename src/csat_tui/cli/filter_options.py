"""The filter options every filtered command shares, declared once.

`@filtered` adds them to a command's signature (Typer reads `__signature__`) and hands
the command one `flt: Filter`, with `--view` already applied.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, cast

import typer

from csat_tui.cli.common import fail_usage, store_at
from csat_tui.errors import FilterError
from csat_tui.filters import FOLLOWUP_FILTERS, Filter, parse_day
from csat_tui.scoring import Band, Metric


def _option(*names: str, help: str, metavar: str | None = None) -> Any:
    return typer.Option(*names, help=help, metavar=metavar, rich_help_panel="Filter")


Many = list[str] | None
One = str | None

OPTIONS: dict[str, tuple[Any, Any]] = {
    "touchpoint": (Annotated[Many, _option("--touchpoint", "-t", metavar="NAME",
                   help="Only this touchpoint (repeat for several).")], None),
    "segment": (Annotated[Many, _option("--segment", metavar="NAME",
                help="Only this segment or plan (repeatable).")], None),
    "channel": (Annotated[Many, _option("--channel", metavar="NAME",
                help="Only this channel (repeatable).")], None),
    "source": (Annotated[Many, _option("--source", metavar="NAME",
               help="Only responses from this source tool (repeatable).")], None),
    "agent": (Annotated[Many, _option("--agent", metavar="NAME",
              help="Only responses this agent handled (repeatable).")], None),
    "team": (Annotated[Many, _option("--team", metavar="NAME",
             help="Only responses of this team, group or queue (repeatable).")], None),
    "where": (Annotated[Many, _option("--where", metavar="COLUMN=VALUE",
              help="Only responses whose kept column has this value (repeatable: values of "
                   "one column are alternatives, columns all apply).")], None),
    "tag": (Annotated[Many, _option("--tag", metavar="NAME",
            help="Only responses with this tag (repeatable: any of them).")], None),
    "since": (Annotated[One, _option("--since", metavar="DATE",
              help="From this day on (YYYY-MM-DD, UTC).")], None),
    "until": (Annotated[One, _option("--until", metavar="DATE",
              help="Up to and including this day (YYYY-MM-DD, UTC).")], None),
    "band": (Annotated[One, _option("--band", metavar="low|neutral|high",
             help="Only low (needs attention), neutral or high scores.")], None),
    "metric": (Annotated[One, _option("--metric", metavar="csat|nps|ces",
               help="Only responses that answered this metric (--band then applies to it).")],
               None),
    "followup": (Annotated[Many, _option("--followup", metavar="STATUS",
                 help=f"Follow-up status: {', '.join(FOLLOWUP_FILTERS)} (repeatable).")], None),
    "search": (Annotated[One, _option("--search", metavar="TEXT",
               help='Words in the comment: refund, "a phrase", -exclude.')], None),
    "complete_only": (Annotated[bool, _option("--complete-only",
                      help="Leave out partial responses.")], False),
    "view": (Annotated[One, _option("--view", metavar="NAME",
             help="Start from a saved view; other filter options override its fields.")], None),
}  # fmt: skip
"""Option name → (annotation, default), in the order --help lists them."""


def _day(option: str, text: str | None) -> date | None:
    """A day option's date; a bad one is a usage error naming the option."""
    try:
        return parse_day(text) if text else None
    except FilterError as error:
        raise fail_usage(f"{option}: {error}") from None


def make_filter(
    touchpoint: Many = None,
    segment: Many = None,
    channel: Many = None,
    source: Many = None,
    agent: Many = None,
    team: Many = None,
    where: Many = None,
    tag: Many = None,
    since: One = None,
    until: One = None,
    band: One = None,
    metric: One = None,
    followup: Many = None,
    search: One = None,
    complete_only: bool = False,
) -> Filter:
    """Build the one Filter from the command-line options; usage errors exit with 2."""
    since_day, until_day = _day("--since", since), _day("--until", until)
    try:
        return Filter(
            touchpoints=tuple(touchpoint or ()),
            segments=tuple(segment or ()),
            channels=tuple(channel or ()),
            sources=tuple(source or ()),
            tags=tuple(tag or ()),
            since=since_day,
            until=until_day,
            # Any text is passed on: Filter checks it and says which values there are.
            band=cast("Band | None", band),
            metric=cast("Metric | None", metric),
            followups=tuple(followup or ()),
            text=search or "",
            complete_only=complete_only,
            agents=_agent_names(agent),
            teams=tuple(t.strip() for t in team or () if t.strip()),
            where=tuple(_where_pair(text) for text in where or ()),
        )
    except FilterError as error:
        raise fail_usage(str(error)) from None


def _agent_names(agent: list[str] | None) -> tuple[str, ...]:
    if not agent:
        return ()
    # Here, and only for --agent: importing `csat_tui.importers` loads every reader.
    from csat_tui.importers.agent_names import agent_name

    return tuple(a for a in (agent_name(n) for n in agent) if a)


def _where_pair(text: str) -> tuple[str, str]:
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise FilterError(f'--where {text!r}: write it as COLUMN=VALUE, e.g. "Agent Shift=Morning"')
    return key.strip(), value.strip()


def filtered(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options; it receives them as one `flt: Filter` argument."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "flt"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                          annotation=annotation)
        for name, (annotation, default) in OPTIONS.items()
    ]  # fmt: skip

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        options = {name: kwargs.pop(name) for name in OPTIONS}
        view = options.pop("view")
        flt = make_filter(**options)
        if view:
            from csat_tui.services.views import load_view

            with store_at(kwargs.get("db")) as store:
                flt = load_view(store, view).overridden_by(flt)
        command(flt=flt, **kwargs)

    parameters = own + added
    run.__dict__["__signature__"] = signature.replace(parameters=parameters)
    run.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": None}
    return run

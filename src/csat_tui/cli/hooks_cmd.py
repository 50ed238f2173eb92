"""`csat-tui hooks add|list|remove|test|log`: a command or a webhook on each new low score."""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, fail, store_at
from csat_tui.safe_text import clip, sanitize
from csat_tui.services import hooks as hook_service
from csat_tui.services.hooks import Hook, HookRun

hooks_app = typer.Typer(
    help="Run a command or post to a webhook for each new low-score response.",
    no_args_is_help=True,
)


def _say(message: str) -> None:
    output.say(message)


def _hook_json(hook: Hook) -> dict[str, object]:
    return {
        "name": hook.name,
        "on": hook.event,
        "run" if hook.kind == "run" else "post": hook.target,
        "timeout": hook.timeout,
        "created_at": hook.created_at,
    }


@hooks_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The hook's name (letters, digits, - _ .).")],
    on: Annotated[
        Literal["low-score"],
        typer.Option("--on", help="When it runs: for each new response with a low answer."),
    ] = "low-score",
    run: Annotated[
        str | None,
        typer.Option(
            "--run",
            metavar="COMMAND",
            help="A shell command; it gets the response as JSON on stdin.",
        ),
    ] = None,
    post: Annotated[
        str | None,
        typer.Option("--post", metavar="URL", help="A webhook URL; it gets the JSON in a POST."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="How long the command may run, or each webhook try may take.",
        ),
    ] = hook_service.DEFAULT_TIMEOUT,
    db: DbOption = None,
) -> None:
    """Add a hook that runs for each new low-score response an import adds.

    The response is never put on the command line: read it from stdin (JSON, as
    `csat-tui responses --format json` writes one response, plus its low answers).

    Example: csat-tui hooks add alert --on low-score --run 'python3 notify.py'
    """
    with store_at(db, create=True) as store:
        try:
            hook = hook_service.add(store, name, event=on, run=run, post=post, timeout=timeout)
        except hook_service.HookError as error:
            raise fail(str(error), 2) from None
    what = f"runs {hook.target}" if hook.kind == "run" else f"posts to {hook.target}"
    _say(f"added hook {hook.name}: {what} for each new low-score response")


@hooks_app.command("list")
def list_(
    db: DbOption = None,
    fmt: Annotated[
        Literal["table", "json"], typer.Option("--format", help="Output format.")
    ] = "table",
) -> None:
    """List the hooks.

    Example: csat-tui hooks list --format json
    """
    with store_at(db) as store:
        found = hook_service.all_hooks(store)
    if fmt == "json":
        output.print_json([_hook_json(h) for h in found], indent=2)
        return
    if not found:
        output.print_table(Text("No hooks. Add one with: csat-tui hooks add NAME --run CMD"))
        return
    table = Table(title="Hooks", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for heading in ("name", "on", "does", "timeout"):
        table.add_column(heading)
    for h in found:
        does = ("run: " if h.kind == "run" else "post: ") + h.target
        table.add_row(
            Text(sanitize(h.name, keep_newlines=False)),
            h.event,
            Text(sanitize(does, keep_newlines=False)),
            f"{h.timeout:g} s",
        )
    output.print_table(table)


@hooks_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The hook to remove.")], db: DbOption = None
) -> None:
    """Remove a hook (its runs stay in the log).

    Example: csat-tui hooks remove alert
    """
    with store_at(db) as store:
        hook_service.remove(store, name)
    _say(f"removed hook {name}")


def _outcome(run: HookRun) -> str:
    if run.status == "ok":
        detail = f"HTTP {run.http_status}" if run.http_status else f"exit {run.exit_code}"
    elif run.status == "timeout":
        detail = "timed out"
    elif run.http_status is not None:
        detail = f"HTTP {run.http_status}"
    elif run.exit_code is not None:
        detail = f"exit {run.exit_code}"
    else:
        detail = "did not run"
    if run.attempts > 1:
        detail += f", {run.attempts} tries"
    return f"{run.status} ({detail})"


@hooks_app.command("test")
def test(
    name: Annotated[str, typer.Argument(help="The hook to run now.")], db: DbOption = None
) -> None:
    """Run a hook now with the latest low-score response (a sample if there is none).

    Exits 1 when the hook fails. The run is recorded in the log.

    Example: csat-tui hooks test alert
    """
    with store_at(db) as store:
        run, sample = hook_service.try_hook(store, name)
    about = "a sample response" if sample else f"response {run.response_id}"
    _say(f"hook {name} with {about}: {_outcome(run)} in {run.duration:.1f} s")
    if run.stderr_tail:
        tail = run.stderr_tail.strip().splitlines()[-1:]
        if tail:
            _say(f"  {clip(tail[0], 200)}")
    if run.status != "ok":
        raise typer.Exit(1)


@hooks_app.command("log")
def log(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="How many runs, newest first.")] = 20,
    fmt: Annotated[
        Literal["table", "json"], typer.Option("--format", help="Output format.")
    ] = "table",
) -> None:
    """Show the latest hook runs: which response, when, the exit or HTTP status, stderr.

    Example: csat-tui hooks log --limit 50
    """
    with store_at(db) as store:
        runs = hook_service.log(store, limit)
    if fmt == "json":
        output.print_json([r.to_json() for r in runs], indent=2)
        return
    if not runs:
        output.print_table(Text("No hook has run yet."))
        return
    table = Table(title="Hook runs", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for heading in ("when", "hook", "response", "result", "time"):
        table.add_column(heading, no_wrap=True)
    table.add_column("stderr", ratio=1, min_width=12)
    for r in runs:
        last = r.stderr_tail.strip().splitlines()[-1:] if r.stderr_tail else []
        table.add_row(
            r.at.replace("T", " ").rstrip("Z"),
            Text(sanitize(r.hook, keep_newlines=False)),
            "sample" if r.response_id is None else str(r.response_id),
            Text(_outcome(r), style="" if r.status == "ok" else "bold red"),
            f"{r.duration:.1f}s",
            Text(clip(sanitize(last[0], keep_newlines=False), 200) if last else ""),
        )
    output.print_table(table)

"""`csat-tui watch DIR`: import each new or changed export that lands in a folder."""

from __future__ import annotations

import signal
import threading
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.text import Text

from csat_tui.cli import output
from csat_tui.cli.common import DbOption, fail_usage, store_at
from csat_tui.importers import PRESETS
from csat_tui.importers.model import ImportOptions
from csat_tui.safe_text import sanitize
from csat_tui.services.watch import DEFAULT_INTERVAL, FileEvent, Watcher

_STYLE = {"imported": "", "unchanged": "dim", "failed": "bold red", "waiting": "yellow"}


def _log(event: FileEvent) -> None:
    """One line per file: the time, the file's name, what happened."""
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    name = sanitize(event.path.name, keep_newlines=False)
    line = f"{when}  {name}: {sanitize(event.message, keep_newlines=False)}"
    output.stdout_console().print(Text(line, style=_STYLE.get(event.status, "")), soft_wrap=True)


def watch(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="The folder exports land in (a downloads or sync folder).",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    once: Annotated[
        bool, typer.Option("--once", help="Import what is there now and exit (for cron).")
    ] = False,
    preset: Annotated[
        str | None,
        typer.Option(help="Force a preset instead of detecting it (see: csat-tui presets)."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(help="Zone for times written without one (default: this computer's)."),
    ] = None,
    interval: Annotated[
        float,
        typer.Option(
            "--interval", metavar="SECONDS", min=0.1, help="Seconds between looks at the folder."
        ),
    ] = DEFAULT_INTERVAL,
) -> None:
    """Import each new or changed export that lands in DIR, once.

    A file is imported when it has stopped growing; partial downloads (*.crdownload,
    *.part, *.tmp), Office lock files (~$*.xlsx) and dotfiles are left alone. Each file is
    one import (whole or not at all), the low-score hooks run for what it added, and a
    file that cannot be imported is logged and skipped. Stop with Ctrl+C.

    Example: csat-tui watch ~/Downloads/surveys --timezone Europe/Oslo
    """
    if not directory.expanduser().is_dir():
        fail_usage(f"{directory} is not a folder")
    if preset is not None and preset not in PRESETS:
        fail_usage(f"--preset {preset!r}: unknown preset; presets are {', '.join(PRESETS)}")
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            fail_usage(f"--timezone {timezone!r} is not a time zone (use e.g. Europe/Stockholm)")
    options = ImportOptions(preset=preset, timezone=timezone)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM)
    if main_thread:
        signal.signal(signal.SIGTERM, _stop)
    try:
        with store_at(db, create=True) as store:
            watcher = Watcher(store, directory, options, on_event=_log)
            if once:
                watcher.run_once()
            else:
                output.stdout_console().print(
                    Text(
                        f"watching {sanitize(str(watcher.directory), keep_newlines=False)} "
                        f"every {interval:g} s (Ctrl+C to stop)",
                        style="dim",
                    )
                )
                watcher.run_forever(interval)
    except KeyboardInterrupt:
        output.stdout_console().print(Text("watch stopped"))
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (`kill`, `systemctl stop`) ends the watch as Ctrl+C does: an import under way
    is rolled back, and the command exits 0."""
    raise KeyboardInterrupt

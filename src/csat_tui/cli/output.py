"""Everything the CLI writes, through one place: stored text is shown, never obeyed.

Comments, tags, names and file names come from anyone. Lines for people (confirmations,
errors) and table cells go through `sanitize`, the TUI's own: an escape sequence shows as
`␛]52;…␇` instead of reaching the terminal. JSON escapes every control character
(`\\u009b`) and stays lossless. CSV keeps the bytes for a file or a pipe and shows controls
visibly on a terminal; it is formula-safe either way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import typer
from rich.console import Console, RenderableType
from rich.text import Text

from csat_tui.safe_text import clip, dump_json, sanitize
from csat_tui.services.exporting import CsvOut, ExportFormat, write_rows


def shown(value: object) -> str:
    """Untrusted text as one line safe for a terminal (None becomes "")."""
    return "" if value is None else sanitize(str(value), keep_newlines=False)


def say(message: str, *, err: bool = True) -> None:
    """One line for people, on stderr unless `err` is False; controls are made visible."""
    typer.echo(shown(message), err=err)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Say what went wrong on stderr and exit with `code` (1: it failed, 2: usage)."""
    say(f"csat-tui: {message}")
    raise typer.Exit(code)


def fail_usage(message: str) -> typer.Exit:
    """A usage error: exit status 2."""
    return fail(message, 2)


def cell(value: object, *, limit: int | None = None, empty: str = "") -> Text:
    """A table cell (or title) from untrusted text: one line, never markup, controls visible.

    None shows as `empty`; `limit` clips long text, saying how long it was.
    """
    text = shown(empty if value is None else value)
    return Text(clip(text, limit) if limit is not None else text)


def stdout_console() -> Console:
    """Tables for people, on stdout."""
    return Console(highlight=False, soft_wrap=False)


def print_table(renderable: RenderableType) -> None:
    """A table (or a `Text`) on stdout. Its cells must be made with `cell`."""
    stdout_console().print(renderable)


def stdout_is_terminal() -> bool:
    """True when stdout is a terminal: CSV then shows controls rather than keep them."""
    return sys.stdout.isatty()


def print_json(value: object, *, indent: int | None = None) -> None:
    """JSON on stdout, every control character escaped (lossless)."""
    typer.echo(dump_json(value, indent=indent))


def csv_out() -> CsvOut:
    """A CSV writer on stdout: formula-safe, controls shown when stdout is a terminal."""
    return CsvOut(sys.stdout, visible_controls=stdout_is_terminal())


def print_rows(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: ExportFormat) -> int:
    """Rows as CSV, JSON or JSONL on stdout, as `export` writes them to a file."""
    visible = fmt == "csv" and stdout_is_terminal()
    return write_rows(rows, columns, fmt, sys.stdout, visible_controls=visible)

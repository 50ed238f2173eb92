"""Writing responses out as CSV (formula-safe), JSON or JSONL.

JSON and JSONL keep text exactly, with every control character escaped (`dump_json`).
CSV keeps the bytes for a file or a pipe; meant for a terminal, its controls are shown
visibly (`visible_controls`), as on every screen.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Literal, TextIO, get_args

from csat_tui.errors import ExportError
from csat_tui.filters import Filter
from csat_tui.safe_text import defang_csv_cell, dump_json, sanitize
from csat_tui.services.opening import Opener
from csat_tui.store.browse import EXPORT_COLUMNS, iter_export
from csat_tui.store.db import Store

ExportFormat = Literal["csv", "json", "jsonl"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)


def csv_cell(value: Any, *, visible_controls: bool = False) -> str:
    """One value as a CSV cell: lists joined with "; ", JSON for objects, text defanged.

    With `visible_controls` (CSV meant for a terminal), control characters and escape
    sequences are shown as symbols (`␛[2J`) rather than kept.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = dump_json(value)
    text = sanitize(str(value)) if visible_controls else str(value)
    return defang_csv_cell(text)


class CsvOut:
    """CSV rows written to `out`: formula-safe, controls shown when meant for a terminal."""

    def __init__(self, out: TextIO, *, visible_controls: bool = False) -> None:
        self._writer = csv.writer(out, lineterminator="\r\n")
        self._visible = visible_controls

    def row(self, values: Iterable[Any]) -> None:
        """Write one row of values (see `csv_cell`)."""
        self._writer.writerow([csv_cell(v, visible_controls=self._visible) for v in values])


def write_rows(
    rows: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    fmt: ExportFormat,
    out: TextIO,
    on_row: Callable[[int], None] | None = None,
    *,
    visible_controls: bool = False,
) -> int:
    """Write rows in a format; JSON and JSONL keep text exactly. Returns how many rows.

    `visible_controls` applies to CSV only (JSON escapes controls always).
    """
    n = 0
    if fmt == "csv":
        writer = CsvOut(out, visible_controls=visible_controls)
        writer.row(columns)
        for row in rows:
            writer.row(row.get(c) for c in columns)
            n += 1
            if on_row:
                on_row(n)
    elif fmt == "jsonl":
        for row in rows:
            out.write(dump_json({c: row.get(c) for c in columns}) + "\n")
            n += 1
            if on_row:
                on_row(n)
    else:
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n  ")
            out.write(dump_json({c: row.get(c) for c in columns}))
            n += 1
            if on_row:
                on_row(n)
        out.write("\n]\n" if n else "]\n")
    return n


def export_file(
    store: Store,
    flt: Filter,
    fmt: ExportFormat,
    output: Path,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write the responses the filter lets through to `output`; returns how many.

    A file that cannot be written raises ExportError.
    """
    try:
        handle = output.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise ExportError(f"cannot write {output}: {error.strerror or error}") from None
    with handle:
        return write_rows(iter_export(store, flt), EXPORT_COLUMNS, fmt, handle, on_row)


def export_to(opener: Opener, flt: Filter, fmt: ExportFormat, output: Path) -> int:
    """`export_file` on a store of its own (a thread worker's); returns how many."""
    with opener() as store:
        return export_file(store, flt, fmt, output)


def suggested_name(flt: Filter, fmt: ExportFormat, today: date) -> str:
    """A file name that says what an export holds: csat-low-2026-11-16.csv."""
    parts = ["csat", *(flt.touchpoints[:1]), *([flt.band] if flt.band else []), today.isoformat()]
    name = "-".join(parts)
    safe_name = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)
    return f"{safe_name}.{fmt}"

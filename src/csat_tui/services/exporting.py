"""Writing responses out as CSV (formula-safe), JSON or JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Literal, TextIO, get_args

from csat_tui.errors import ExportError
from csat_tui.filters import Filter
from csat_tui.safe_text import defang_csv_cell
from csat_tui.store.browse import EXPORT_COLUMNS, iter_export
from csat_tui.store.db import Store

ExportFormat = Literal["csv", "json", "jsonl"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)


def csv_cell(value: Any) -> str:
    """One value as a CSV cell: lists joined with "; ", JSON for objects, text defanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return defang_csv_cell(str(value))


def write_rows(
    rows: Iterable[dict[str, Any]],
    columns: tuple[str, ...],
    fmt: ExportFormat,
    out: TextIO,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write rows in a format; JSON and JSONL keep text exactly. Returns how many rows."""
    n = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(c)) for c in columns])
            n += 1
            if on_row:
                on_row(n)
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
            n += 1
            if on_row:
                on_row(n)
    else:
        out.write("[")
        for row in rows:
            out.write(("," if n else "") + "\n  ")
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False))
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


def suggested_name(flt: Filter, fmt: ExportFormat, today: date) -> str:
    """A file name that says what an export holds: csat-low-2026-11-16.csv."""
    parts = ["csat", *(flt.touchpoints[:1]), *([flt.band] if flt.band else []), today.isoformat()]
    name = "-".join(parts)
    safe_name = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)
    return f"{safe_name}.{fmt}"

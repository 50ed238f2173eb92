"""Reading the first sheet of an XLSX (or XLS, ODS) workbook into a `Table`, via calamine.

Cells are normalised so that a workbook reads like the CSV of the same data: calamine gives
integers as floats (4.0 becomes 4), empty cells as "", dates as `datetime`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from csat_tui.importers.reading import Row, Table, dedupe_headers


class WorkbookError(ValueError):
    """The workbook cannot be read (not a workbook, damaged, or protected)."""


def normalise_cell(value: Any) -> Any:
    """A cell as the importer reads it: whole floats as int, dates as datetime, times as text."""
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time | timedelta):
        return str(value)
    return value


def header_text(value: Any) -> str:
    """A header cell as text."""
    value = normalise_cell(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return "" if value is None else str(value)


def read_workbook(path: Path) -> Table:
    """The first sheet's header row and a stream of its rows; WorkbookError if unreadable."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = iter(sheet.iter_rows())
    except (CalamineError, OSError, ValueError, IndexError) as error:
        raise WorkbookError(str(error) or type(error).__name__) from None
    start = sheet.start[0] if sheet.start else 0
    line = start
    header: list[str] = []
    for cells in rows:
        line += 1
        if any(c not in ("", None) for c in cells):
            header = [header_text(c) for c in cells]
            break
    return Table(dedupe_headers(header), _rows(rows, line), line, header)


def _rows(rows: Iterator[list[Any]], line: int) -> Iterator[Row]:
    for cells in rows:
        line += 1
        values = [normalise_cell(c) for c in cells]
        if any(v not in ("", None) for v in values):
            yield line, values, None

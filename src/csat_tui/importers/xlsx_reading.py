"""Reading the first sheet of an XLSX (or XLS, ODS) workbook into a `Table`, via calamine.

Cells are normalised so that a workbook reads like the CSV of the same data: calamine gives
integers as floats (4.0 becomes 4), empty cells as "", dates as `datetime`.
"""

from __future__ import annotations

import copy
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from csat_tui.importers.limits import (
    CELL_CHARS,
    SHEET_CELLS,
    WORKBOOK_BYTES,
    LimitError,
    size_text,
)
from csat_tui.importers.reading import Row, Table, dedupe_headers

_CHUNK = 1 << 20
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})(\d{1,7})"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="(\d{1,7})"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET_HINT = re.compile(rb"<(?:\w+:)?(?:worksheet|sheetData)[\s>]")
_STRINGS_HINT = re.compile(rb"<(?:\w+:)?sst[\s>]")
_ITEM_STARTS = {"sheet": (b"<c ", b"<c>", b":c ", b":c>"), "strings": (b"<si>", b"<si ", b":si>")}


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


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


@dataclass
class _Scan:
    """What one pass over a zip entry's XML found: its extent, and its largest item."""

    kind: str
    """"sheet" (cells), "strings" (shared strings) or "" (only measured)."""
    size: int = 0
    max_row: int = 0
    max_column: int = 0
    loose_rows: int = 0
    """Rows without an `r` attribute: each is the row after the one before."""
    loose_cells: int = 0
    """The most cells without an `r` attribute in one row."""
    row_loose: int = 0
    last_start: int = 0
    """Where the last cell (or shared string) began, counted from the entry's start."""
    widest_gap: int = 0

    def feed(self, data: bytes, offset: int) -> None:
        """Take in a run of whole tags that begins `offset` bytes into the entry."""
        if not self.kind:
            return
        starts = _ITEM_STARTS[self.kind]
        first = min((i for i in (data.find(s) for s in starts) if i >= 0), default=-1)
        if first >= 0:
            self.widest_gap = max(self.widest_gap, offset + first - self.last_start)
            self.last_start = offset + max(data.rfind(s) for s in starts)
        elif offset + len(data) - self.last_start > CELL_CHARS:
            self.widest_gap = offset + len(data) - self.last_start
        if self.kind == "sheet":
            self._extent(data)

    def _extent(self, data: bytes) -> None:
        refs = _CELL_REF.findall(data)
        if refs:
            letters, rows = zip(*refs, strict=True)
            self.max_column = max(self.max_column, *map(_column_number, set(letters)))
            self.max_row = max(self.max_row, *map(int, set(rows)))
        row_refs = _ROW_REF.findall(data)
        if row_refs:
            self.max_row = max(self.max_row, *map(int, set(row_refs)))
        self.loose_rows += len(_ROW_TAG.findall(data)) - len(row_refs)
        if len(_CELL_TAG.findall(data)) > len(refs):
            # Cells placed one after another: count them row by row.
            pieces = _ROW_TAG.split(data)
            self.row_loose += len(_CELL_TAG.findall(pieces[0])) - len(_CELL_REF.findall(pieces[0]))
            for piece in pieces[1:]:
                self.loose_cells = max(self.loose_cells, self.row_loose)
                self.row_loose = len(_CELL_TAG.findall(piece)) - len(_CELL_REF.findall(piece))
            self.loose_cells = max(self.loose_cells, self.row_loose)

    @property
    def cells(self) -> int:
        """An upper bound on the rows x columns a reader makes of the sheet."""
        return (self.max_row + self.loose_rows) * (self.max_column + self.loose_cells)


def _scan_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> _Scan:
    """Decompress one entry in chunks (never trusting its declared size) and scan it."""
    unbounded = copy.copy(info)
    unbounded.file_size = 1 << 62  # read what is really there; the budget stops it
    scan = _Scan("")
    carry = b""
    fed = 0
    with archive.open(unbounded) as stream:
        while chunk := stream.read(_CHUNK):
            if scan.size == 0:
                scan.kind = _kind(chunk)
            scan.size += len(chunk)
            if scan.size > budget:
                raise LimitError(
                    f"it holds more than {size_text(WORKBOOK_BYTES)} of sheets uncompressed, "
                    "over the limit"
                )
            # Tags are fed whole: a tag cut at the chunk's end waits for the next chunk.
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut >= 0 and data.find(b">", cut) < 0:
                data, carry = data[:cut], data[cut:]
            else:
                carry = b""
            scan.feed(data, fed)
            fed += len(data)
            if scan.widest_gap > CELL_CHARS or len(carry) > CELL_CHARS:
                raise LimitError(_cell_over(info))
    if scan.size != info.file_size:
        raise WorkbookError(f"{info.filename} is not the size the zip says")
    scan.feed(carry, fed)
    if scan.kind and scan.size - scan.last_start > CELL_CHARS:
        raise LimitError(_cell_over(info))
    return scan


def _cell_over(info: zipfile.ZipInfo) -> str:
    return f"a cell in {info.filename} is over the {size_text(CELL_CHARS)} limit"


def _kind(head: bytes) -> str:
    start = head[:4096]
    if _SHEET_HINT.search(start):
        return "sheet"
    if _STRINGS_HINT.search(start):
        return "strings"
    return ""


def check_workbook(raw: IO[bytes]) -> None:
    """Measure a zip workbook before it is opened: LimitError when it is over a limit.

    Every XML part is decompressed in chunks and scanned: sheets for the rows x columns
    their cells span, sheets and shared strings for their largest cell, all for their
    uncompressed size. Parts that are not XML (images) are not read. WorkbookError when
    the zip is damaged.
    """
    try:
        with zipfile.ZipFile(raw) as archive:
            budget = WORKBOOK_BYTES
            for info in archive.infolist():
                if info.is_dir() or not info.filename.endswith((".xml", ".bin", ".rels")):
                    continue
                scan = _scan_entry(archive, info, budget)
                budget -= scan.size
                if scan.kind == "sheet" and scan.cells > SHEET_CELLS:
                    raise LimitError(
                        f"a sheet spans {scan.max_row + scan.loose_rows:,} rows by "
                        f"{scan.max_column + scan.loose_cells:,} columns, over the limit of "
                        f"{SHEET_CELLS:,} cells"
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        raise WorkbookError(str(error) or type(error).__name__) from None


def read_workbook(path: Path) -> Table:
    """The first sheet's header row and a stream of its rows; WorkbookError if unreadable.

    A zip workbook (XLSX, ODS) is measured first (`check_workbook`): LimitError when it is
    over a limit, before the reader loads a cell.
    """
    with path.open("rb") as raw:
        if raw.read(4) == b"PK\x03\x04":
            raw.seek(0)
            check_workbook(raw)
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

"""Streaming rows out of delimited text (JSON is in `json_reading`).

A row is `(line, cells, extra)`: the line where it starts (1-based, counting the header
line; the item number for a JSON array), its cells in header order, and for JSON the
keys that are not among the headers. Records that cannot be read come out as `Problem`s
in the same stream.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from csat_tui.importers.limits import (
    CELL_CHARS,
    COLUMNS,
    LINE_CHARS,
    LimitError,
    clip_reject,
    size_text,
)
from csat_tui.importers.model import Problem

Row = tuple[int, list[Any], dict[str, Any] | None]
"""One row: starting line, cells in header order, JSON keys outside the headers (or None)."""

DELIMITERS = (",", ";", "\t")
"""The delimiters a delimited file is sniffed among, preferred in this order."""

FIELD_SIZE_LIMIT = CELL_CHARS
"""Largest CSV field accepted: the cell limit of every format."""

CELL_OVER_LIMIT = f"a cell is over the {size_text(CELL_CHARS)} limit: the record is not imported"

_QUOTED = re.compile(r'"[^"]*"')

TRUNCATED = "quoted field not closed before end of file: the file looks truncated"


class CountingReader(io.RawIOBase):
    """A binary reader that counts the bytes read through it, for progress."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self.count = 0
        """Bytes read so far."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.count += n
        return int(n or 0)

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_text(raw: IO[bytes], codec: str, errors: str) -> tuple[IO[str], CountingReader]:
    """Wrap a binary file (at offset 0) as text, with a byte counter underneath."""
    counter = CountingReader(raw)
    buffered = io.BufferedReader(counter, buffer_size=1 << 16)
    return io.TextIOWrapper(buffered, encoding=codec, errors=errors, newline=""), counter


@dataclass(slots=True)
class Table:
    """Headers and a stream of rows (and record-level problems)."""

    headers: list[str]
    rows: Iterator[Row | Problem]
    header_line: int = 1
    raw_headers: list[str] | None = None
    """The header row as read, before de-duplication (delimited files)."""


def dedupe_headers(cells: Iterable[str]) -> list[str]:
    """Headers made unique (`Q1`, `Q1 (2)`), a BOM stripped, blanks named `Column N`."""
    out: list[str] = []
    seen: set[str] = set()
    last: dict[str, int] = {}  # the last number given to each base: linear, not quadratic
    for i, cell in enumerate(cells):
        name = cell.lstrip("\ufeff") if i == 0 else cell
        if not name.strip():
            name = f"Column {i + 1}"
        base, n = name, last.get(name, 1)
        while name in seen:
            n += 1
            name = f"{base} ({n})"
        last[base] = n
        seen.add(name)
        out.append(name)
    return out


def sniff_delimiter(head: str, at_eof: bool) -> str:
    """The delimiter among `,` `;` tab that splits the first records most consistently."""
    if not at_eof:
        # The sample's last line may be cut; leave it out.
        head = head[: max(head.rfind("\n"), head.rfind("\r")) + 1] or head
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            records = [
                r for r in islice(csv.reader(io.StringIO(head), delimiter=delimiter), 30) if r
            ]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        score = (sum(len(r) == width for r in records), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def bounded_lines(text: IO[str]) -> Iterator[tuple[int, str]]:
    """The physical lines of a text, numbered from 1; LimitError for one over `LINE_CHARS`.

    A line is never read whole before its length is known, so a file with no newline
    costs at most `LINE_CHARS` characters of memory.
    """
    readline = text.readline
    number = 0
    while line := readline(LINE_CHARS + 1):
        number += 1
        if len(line) > LINE_CHARS:
            raise LimitError(
                f"line {number:,} is longer than the {size_text(LINE_CHARS)} limit for a line "
                "(is this a survey export?)"
            )
        yield number, line


def _check_columns(line: str, number: int, delimiter: str) -> None:
    # More delimiters than columns allowed, even outside quoted text: refused before the
    # csv module makes millions of cells of it.
    if line.count(delimiter) > COLUMNS and _QUOTED.sub("", line).count(delimiter) > COLUMNS:
        raise LimitError(f"line {number:,} has more than {COLUMNS:,} columns, over the limit")


def read_delimited(text: IO[str], delimiter: str) -> Table:
    """Read the header of a delimited file; the rows stream as the table is iterated."""
    if csv.field_size_limit() != FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)
    pending: list[str] = []
    exhausted = [False]

    def lines() -> Iterator[str]:
        # Keeps the raw lines of the record being read, for record-level problems.
        size = 0
        for number, line in bounded_lines(text):
            if line.count(delimiter) > COLUMNS:
                _check_columns(line, number, delimiter)
            size = size + len(line) if pending else len(line)
            if size > LINE_CHARS:
                raise LimitError(
                    f"the record ending on line {number:,} is longer than the "
                    f"{size_text(LINE_CHARS)} limit for a record"
                )
            pending.append(line)
            yield line
        exhausted[0] = True

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] = []
    header_line = 1
    try:
        for cells in reader:
            if any(cells):
                header = cells
                header_line = reader.line_num - len(pending) + 1
                break
            pending.clear()
    except csv.Error as error:
        if "field limit" in str(error):
            raise LimitError(
                f"the header row has a cell over the {size_text(CELL_CHARS)} limit"
            ) from None
        raise LimitError(f"the header row cannot be read ({error})") from None
    pending.clear()
    if exhausted[0] and header and '"' in "".join(header):
        header = []
    rows = _delimited_rows(reader, pending, exhausted)
    return Table(dedupe_headers(header), rows, header_line, header)


def _delimited_rows(
    reader: Any, pending: list[str], exhausted: list[bool]
) -> Iterator[Row | Problem]:
    previous = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raw = clip_reject("".join(pending))
            pending.clear()
            reason = (
                CELL_OVER_LIMIT
                if "field limit" in str(error)
                else f"this record cannot be read: {error}"
            )
            yield Problem(previous + 1, None, raw, reason)
            previous = reader.line_num
            continue
        line = previous + 1
        previous = reader.line_num
        if exhausted[0] and pending:
            # The reader ran into the end of the file inside a record: an open quote.
            yield Problem(line, None, "".join(pending), TRUNCATED)
            pending.clear()
            return
        pending.clear()
        # Blank rows (",,," or spaces only) are skipped; the first test settles most rows.
        if cells and (cells[0].strip() or any(cell.strip() for cell in cells)):
            yield line, cells, None

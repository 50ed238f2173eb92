"""Opening any CSV, TSV, XLSX, JSON or JSON Lines export: file checks, a plan, then records."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from csat_tui.errors import ImportFileError
from csat_tui.importers.encoding import (
    FALLBACK_ERRORS,
    REPLACEMENT,
    SAMPLE_BYTES,
    BinaryFileError,
    ByteErrors,
    Encoding,
    counted_errors,
    detect_encoding,
)
from csat_tui.importers.json_reading import (
    JsonShapeError,
    json_array_items,
    json_table,
    jsonl_items,
)
from csat_tui.importers.layout import Arranged, arrange
from csat_tui.importers.limits import LimitError, check_headers, excerpt
from csat_tui.importers.model import FilePlan, ImportOptions, OpenedFile, Problem, Record
from csat_tui.importers.planning import Column, plan_columns
from csat_tui.importers.presets import Preset
from csat_tui.importers.reading import Row, Table, open_text, read_delimited, sniff_delimiter
from csat_tui.importers.records import RecordBuilder
from csat_tui.importers.roles import RATING_ROLES
from csat_tui.importers.xlsx_reading import WorkbookError, read_workbook

SAMPLE_ROWS = 2000
"""Rows read ahead to plan the columns."""

SAMPLE_MAX_BYTES = 32 << 20
"""The sample also stops after this many bytes, so huge cells keep memory bounded."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
WORKBOOK_ENCODING = Encoding("binary", "strict", "a workbook: cells are typed, not text")
_DELIMITED = {".csv", ".tsv", ".txt", ".tab"}

EVIDENCE_BLOCKS = 3
"""Blocks of `SAMPLE_BYTES` read from further into a large file, as evidence for UTF-8."""

LISTED_CELLS = 5
"""Cells with bytes that are not UTF-8 named one by one; the rest are counted."""

LISTED_COLUMNS = 20
"""Columns listed in the message of a file with no rating column."""


def _check_path(path: Path, name: str) -> int:
    if not path.exists():
        raise ImportFileError(f"{name}: no such file")
    if path.is_dir():
        raise ImportFileError(f"{name} is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(f"{name} is empty")
    return size


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImportFileError(
            f"unknown time zone '{name}': give an IANA name such as Europe/Stockholm"
        ) from None


def _format(name: str, suffix: str, head: str) -> str:
    start = head.lstrip("\ufeff \t\r\n")[:1]
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json" or (suffix not in _DELIMITED and start in ("[", "{")):
        if start == "[":
            return "json"
        if start != "{":
            raise ImportFileError(f"{name} is not JSON: it should hold a list of records")
        first_line = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
        try:
            first = json.loads(first_line)
        except json.JSONDecodeError:
            return "json"  # an object over several lines: one wrapping the list of records
        holds_list = isinstance(first, dict) and any(isinstance(v, list) for v in first.values())
        return "json" if holds_list else "jsonl"
    return "tsv" if suffix in (".tsv", ".tab") else "csv"


def _evidence(raw: IO[bytes], size: int) -> list[bytes]:
    """Blocks from the middle and end of a file larger than the sample."""
    if size <= SAMPLE_BYTES:
        return []
    blocks = []
    for number in range(1, EVIDENCE_BLOCKS + 1):
        offset = max(SAMPLE_BYTES, (size - SAMPLE_BYTES) * number // EVIDENCE_BLOCKS)
        raw.seek(offset)
        blocks.append(raw.read(SAMPLE_BYTES))
    return blocks


def _watch_decoding(
    rows: Iterator[Row | Problem],
    headers: list[str],
    tally: ByteErrors,
    encoding: Encoding,
    notes: list[str],
) -> Iterator[Row | Problem]:
    """Rows unchanged; a note for each cell where bytes that are not UTF-8 were replaced."""
    listed = more = 0
    for row in rows:
        if tally.bytes and type(row) is tuple and encoding.errors == "replace":
            line, cells, _ = row
            for index, cell in enumerate(cells):
                if type(cell) is str and REPLACEMENT in cell:
                    if listed < LISTED_CELLS:
                        listed += 1
                        column = excerpt(headers[index]) if index < len(headers) else index + 1
                        notes.append(
                            f"line {line}, column {column}: bytes that are not UTF-8, read as "
                            f"{REPLACEMENT}"
                        )
                    else:
                        more += 1
        yield row
    if more:
        notes.append(
            f"and {more:,} more cells with bytes that are not UTF-8, read as {REPLACEMENT}"
        )
    if tally.bytes and encoding.errors == FALLBACK_ERRORS:
        notes.append(
            f"{tally.bytes:,} bytes further into the file are not UTF-8: read as Windows-1252"
        )


def _named(name: str, items: Iterator[Record | Problem]) -> Iterator[Record | Problem]:
    """Records as they come; a limit met while reading them names the file."""
    try:
        yield from items
    except LimitError as error:
        raise ImportFileError(f"{name}: {error}") from None


def _head_text(head: bytes, encoding: Encoding, at_eof: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding.codec)(encoding.errors)
    return str(decoder.decode(head, final=at_eof))


def _table(
    name: str, fmt: str, text: IO[str], head: str, at_eof: bool, stop: Callable[[], bool]
) -> tuple[Table, str]:
    try:
        if fmt == "json":
            return json_table(json_array_items(text), SAMPLE_ROWS, stop), fmt
        if fmt == "jsonl":
            return json_table(jsonl_items(text), SAMPLE_ROWS, stop), fmt
    except JsonShapeError as error:
        raise ImportFileError(f"{name}: {error}") from None
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(head, at_eof)
    return read_delimited(text, delimiter), "tsv" if delimiter == "\t" else "csv"


def _sample(rows: Iterator[Row | Problem], stop: Callable[[], bool]) -> list[Row | Problem]:
    sample: list[Row | Problem] = []
    count = 0
    for row in rows:
        sample.append(row)
        if not isinstance(row, Problem):
            count += 1
            if count >= SAMPLE_ROWS or stop():
                break
    return sample


def _workbook(name: str, path: Path) -> Table:
    try:
        return read_workbook(path)
    except WorkbookError as error:
        raise ImportFileError(
            f"{name} is a zip or Office file but not a readable XLSX, XLS or ODS workbook ({error})"
        ) from None


def open_generic(
    path: str | Path, options: ImportOptions, preset: Preset | None = None
) -> OpenedFile:
    """Check and plan a file, then return its records as an `OpenedFile`.

    Every file-level error (`ImportFileError`) is raised here, before any record.
    """
    name = str(path)
    file_path = Path(path)
    size = _check_path(file_path, name)
    zone = _zone(options.timezone)
    raw = file_path.open("rb")
    text: IO[str] | None = None
    notes: list[str] = []
    try:
        head = raw.read(SAMPLE_BYTES)
        at_eof = len(head) >= size
        if head.startswith((_ZIP, _OLE)):
            raw.close()
            table, fmt, encoding = _workbook(name, file_path), "xlsx", WORKBOOK_ENCODING

            def position() -> int:
                return size

            def stop() -> bool:
                return False

            close: Callable[[], None] = raw.close
        else:
            more = [] if at_eof or options.encoding else _evidence(raw, size)
            try:
                encoding = detect_encoding(
                    head, at_eof=at_eof, override=options.encoding, more=more
                )
            except LookupError:
                raise ImportFileError(f"{name}: unknown encoding '{options.encoding}'") from None
            except BinaryFileError:
                raise ImportFileError(
                    f"{name} is a binary file, not CSV, TSV, XLSX or JSON text"
                ) from None
            head_text = _head_text(head, encoding, at_eof)
            if not head_text.strip("\ufeff \t\r\n"):
                raise ImportFileError(f"{name} is empty")
            fmt = _format(name, file_path.suffix.lower(), head_text)
            raw.seek(0)
            errors, tally = counted_errors(encoding.errors)
            text, counter = open_text(raw, encoding.codec, errors)

            def position() -> int:
                return counter.count

            def stop() -> bool:
                return counter.count > SAMPLE_MAX_BYTES

            close = text.close
            table, fmt = _table(name, fmt, text, head_text, at_eof, stop)
            table.rows = _watch_decoding(table.rows, table.headers, tally, encoding, notes)
        if not table.headers:
            raise ImportFileError(f"{name} has no header row")
        check_headers(table.headers)
        arranged = arrange(name, table, options, preset, notes)
        check_headers(arranged.headers)
        sample = _sample(arranged.rows, stop)
        plan, columns = _plan(name, arranged, sample, options, zone, encoding, fmt)
        textual = fmt in ("csv", "tsv")
        builder = RecordBuilder(arranged.headers, columns, textual, arranged.preset, notes)
        items = _named(name, builder.records(chain(sample, arranged.rows)))
    except LimitError as error:
        (text or raw).close()
        raise ImportFileError(f"{name}: {error}") from None
    except BaseException:
        (text or raw).close()
        raise
    return OpenedFile(plan, items, size, position, close, notes, arranged.left_out)


def _stated_zone(arranged: Arranged, options: ImportOptions) -> tuple[str | None, str | None]:
    # The zone the export states for its times, and a note about it.
    stated = arranged.header.timezone or arranged.preset.timezone
    if stated is None:
        return None, None
    try:
        ZoneInfo(stated)
    except (ZoneInfoNotFoundError, ValueError):
        return None, f"the export names an unknown time zone '{stated}': it is not used"
    note = f"times are read in {stated}, as the export states"
    if options.timezone and options.timezone != stated:
        note += f" (--timezone {options.timezone} is not used for them)"
    return stated, note


def _plan(
    name: str,
    arranged: Arranged,
    sample: list[Row | Problem],
    options: ImportOptions,
    zone: ZoneInfo | None,
    encoding: Encoding,
    fmt: str,
) -> tuple[FilePlan, list[Column]]:
    preset, headers = arranged.preset, arranged.headers
    cells = [row[1] for row in sample if not isinstance(row, Problem)]
    stated, zone_note = _stated_zone(arranged, options)
    if stated is not None:
        zone = ZoneInfo(stated)
    elif arranged.timezone != options.timezone:
        zone = _zone(arranged.timezone)  # recalled with the layout's mapping
    roles = {**preset.roles, **arranged.header.roles}
    if preset.infer_roles is not None:
        roles.update(preset.infer_roles(headers, cells))
    found: list[str] = []
    columns = plan_columns(
        name, headers, cells, arranged.mapping, roles, options.day_first, zone, found
    )
    _require_rating(name, columns)
    notes = [
        *_notes(encoding, columns),
        *found,
        *([zone_note] if zone_note else []),
        *arranged.notes,
    ]
    del arranged.notes[:]  # what follows is reported through OpenedFile.notes
    plan = FilePlan(
        path=name,
        source=preset.source,
        preset=preset.name,
        encoding=encoding.codec,
        format=fmt,
        columns=tuple(column.plan() for column in columns),
        notes=tuple(notes),
        layout=arranged.layout,
        mapping=tuple(arranged.mapping.items()),
        forced_preset=arranged.forced,
        counts_sent=preset.counts_sent,
        timezone=arranged.timezone,
    )
    return plan, columns


def _require_rating(name: str, columns: list[Column]) -> None:
    if any(column.role in RATING_ROLES for column in columns):
        return
    listed = ", ".join(excerpt(column.header) for column in columns[:LISTED_COLUMNS])
    if len(columns) > LISTED_COLUMNS:
        listed += f" and {len(columns) - LISTED_COLUMNS:,} more"
    raise ImportFileError(
        f"{name}: no column looks like a CSAT, NPS or CES rating; name one with "
        f"--map COLUMN=csat (columns: {listed})"
    )


def _notes(encoding: Encoding, columns: list[Column]) -> tuple[str, ...]:
    notes = [f"encoding {encoding.codec}: {encoding.how}"] if encoding.codec != "binary" else []
    for column in columns:
        reader = column.dates
        if reader is not None and reader.guessed:
            notes.append(
                f"'{column.header}': no day above 12 in the sample, so dates are read month "
                "first; pass day_first (--day-first) if they are day first"
            )
    return tuple(notes)

"""Arranging a table for planning: its layout key, the preset, the header rows, the mapping
recalled for the layout, and rows that are not records (a report's footer)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from hashlib import sha1
from itertools import chain
from typing import Any

from csat_tui.errors import ImportFileError
from csat_tui.importers.model import SKIP_FOOTER, ImportOptions, Problem
from csat_tui.importers.presets import PRESETS, Header, Preset, detect_preset, find_preset
from csat_tui.importers.reading import Row, Table, dedupe_headers
from csat_tui.importers.xlsx_reading import header_text

PEEK_ROWS = 5
"""Rows read ahead of the header to detect the preset and read extra header rows."""


@dataclass(slots=True)
class Arranged:
    """A table made ready for planning."""

    preset: Preset
    headers: list[str]
    rows: Iterator[Row | Problem]
    layout: str
    forced: bool
    """The preset was named (`--preset`, the caller, or a recalled mapping)."""
    mapping: dict[str, str]
    header: Header
    notes: list[str] = field(default_factory=list)
    timezone: str | None = None
    """`--timezone`, or the one recalled with the layout's mapping."""
    left_out: dict[str, int] = field(default_factory=dict)
    """Rows read that are no records (a report's footer): reason → count, as read."""


def layout_key(headers: Sequence[str]) -> str:
    """A short, stable key for a file's layout: the hash of its first header row."""
    text = "\x1f".join(h.strip().casefold() for h in headers)
    return sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _texts(cells: Sequence[Any]) -> list[str]:
    return [c if type(c) is str else header_text(c) for c in cells]


def _named(name: str, wanted: str) -> Preset:
    preset = find_preset(wanted)
    if preset is None:
        raise ImportFileError(
            f"{name}: unknown preset '{wanted}'; presets are: {', '.join(PRESETS)}"
        )
    return preset


def arrange(
    name: str, table: Table, options: ImportOptions, preset: Preset | None, notes: list[str]
) -> Arranged:
    """Choose the preset, read its header rows, and recall the layout's saved mapping."""
    layout = layout_key(table.headers)
    recalled = options.recall(layout) if options.recall is not None else None
    mapping = dict(options.mapping)
    if recalled is not None and recalled.mapping:
        mapping = {**recalled.mapping, **options.mapping}
        shown = ", ".join(f"{k}={v}" for k, v in recalled.mapping.items())
        notes.append(f"mapping reused from {recalled.origin} (same columns): {shown}")
    timezone = options.timezone
    if timezone is None and recalled is not None and recalled.timezone:
        timezone = recalled.timezone
        notes.append(f"--timezone {timezone} reused from {recalled.origin} (same columns)")
    wanted = options.preset or (recalled.preset if recalled is not None else None)
    forced = preset is not None or wanted is not None
    if preset is None and wanted is not None:
        preset = _named(name, wanted)
    peeked: list[Row | Problem] = []
    for row in table.rows:
        peeked.append(row)
        if sum(not isinstance(r, Problem) for r in peeked) >= PEEK_ROWS:
            break
    first_rows = [r[1] for r in peeked if not isinstance(r, Problem)]
    if preset is None:
        preset = detect_preset(table.headers, first_rows)
    headers, header = table.headers, Header(table.headers)
    if preset.header_rows > 1 and preset.read_header is not None:
        raw = table.raw_headers or table.headers
        rows = [_texts(raw), *(_texts(c) for c in first_rows[: preset.header_rows - 1])]
        header = preset.read_header(rows)
        headers = dedupe_headers(header.headers)
        peeked = _drop_rows(peeked, header.rows - 1)
    stream: Iterator[Row | Problem] = chain(peeked, table.rows)
    left_out: dict[str, int] = {}
    if preset.footer is not None:
        stream = _without_footer(stream, preset.footer, notes, left_out)
    return Arranged(
        preset, headers, stream, layout, forced, mapping, header, notes, timezone, left_out
    )


def _drop_rows(rows: list[Row | Problem], count: int) -> list[Row | Problem]:
    # The extra header rows are the first rows read (problems among them stay).
    kept: list[Row | Problem] = []
    for row in rows:
        if count > 0 and not isinstance(row, Problem):
            count -= 1
            continue
        kept.append(row)
    return kept


def _without_footer(
    rows: Iterator[Row | Problem],
    footer: Callable[[Sequence[Any]], bool],
    notes: list[str],
    left_out: dict[str, int],
) -> Iterator[Row | Problem]:
    for row in rows:
        if not isinstance(row, Problem) and footer(row[1]):
            text = ", ".join(str(c) for c in row[1] if c not in ("", None))
            notes.append(f"line {row[0]} is the report's footer, not a response: '{text}'")
            left_out[SKIP_FOOTER] = left_out.get(SKIP_FOOTER, 0) + 1
            continue
        yield row

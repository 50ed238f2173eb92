"""The limits every reader keeps to, whatever the input, and short excerpts for messages.

Each limit is checked before the work it bounds (a line is read with a size cap, a
workbook's zip entries are measured before the workbook is opened), so a hostile or
broken file fails with one line naming the limit instead of taking gigabytes or aborting.
A cell over `CELL_CHARS` rejects its record (kept in rejects as an excerpt); every other
limit refuses the whole file with `ImportFileError`.
"""

from __future__ import annotations

import re
from typing import Any

from csat_tui.errors import ImportFileError

CELL_CHARS = 1 << 24
"""Largest cell, in characters, in every format (16 MiB): far above any real comment."""

LINE_CHARS = 2 * CELL_CHARS
"""Longest physical line of a delimited or JSON Lines file, and largest JSON record."""

HEADER_CHARS = 1 << 14
"""Longest column header (16 KiB): question texts are far shorter."""

COLUMNS = 1 << 14
"""Most columns a file may have (16,384: as many as a worksheet holds)."""

JSON_DEPTH = 64
"""Deepest nesting of lists and objects inside one JSON record."""

SHEET_CELLS = 1 << 24
"""Most cells (rows x columns of the used area) of a workbook sheet: about 16.8 million."""

WORKBOOK_BYTES = 1 << 30
"""Most bytes a workbook's sheets and shared strings may hold uncompressed (1 GiB)."""

EXCERPT_CHARS = 40
"""How much of a value or header a message quotes."""

_SPACE = re.compile(r"\s+")


def size_text(count: int) -> str:
    """A limit in words: 16 MiB, 16 KiB, 1 GiB, or a plain count."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if count >= 1 << shift and count % (1 << shift) == 0:
            return f"{count >> shift} {unit}"
    return f"{count:,}"


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """A short, one-line excerpt of a value for a message: `'Very long t…' (5,000,000 characters)`.

    Whitespace runs (newlines included) become one space; only the start of the value is
    looked at, so a huge value costs no more than a short one. The quotes are part of it.
    """
    text = value if isinstance(value, str) else str(value)
    head = _SPACE.sub(" ", text[: limit * 4]).strip()
    if len(text) <= limit and len(head) <= limit:
        return f"'{head}'"
    return f"'{head[:limit].rstrip()}…' ({len(text):,} characters)"


REJECT_CHARS = 1 << 16
"""How much of an unreadable record a reject keeps when the record itself is over a limit."""


class LimitError(ImportFileError):
    """Input over one of the limits. The message names the limit; `generic` adds the file."""


def clip_reject(text: str) -> str:
    """A raw record for rejects: kept whole up to `REJECT_CHARS`, else its start and its size."""
    if len(text) <= REJECT_CHARS:
        return text
    return f"{text[:REJECT_CHARS]}… ({len(text):,} characters)"


def check_headers(headers: list[str]) -> None:
    """LimitError when there are more than `COLUMNS` headers or one is over `HEADER_CHARS`."""
    if len(headers) > COLUMNS:
        raise LimitError(
            f"{len(headers):,} columns, over the limit of {COLUMNS:,}: this is not a survey export"
        )
    for number, header in enumerate(headers, 1):
        if len(header) > HEADER_CHARS:
            raise LimitError(
                f"the header of column {number}, {excerpt(header)}, is over the "
                f"{size_text(HEADER_CHARS)} limit for a header"
            )

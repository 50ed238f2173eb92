"""Property: any table of valid scores, in any format (CSV, TSV, JSON, JSONL, XLSX) and
encoding (UTF-8, UTF-16, Windows-1252), reads back to the same scores."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from csat_tui.importers import ImportOptions, Record, open_file

ASCII = "".join(chr(c) for c in range(32, 127)) + "\n\r\t"
# Windows-1252 letters at 0xC0 and above can never form valid UTF-8 (no continuation bytes).
CP1252_SAFE = ASCII + "åäöÅÄÖéèüñçß"

Row = tuple[int | None, int | None, str]


def rows(alphabet: st.SearchStrategy[str]) -> st.SearchStrategy[list[Row]]:
    row = st.tuples(
        st.none() | st.integers(1, 5),
        st.none() | st.integers(0, 10),
        st.text(alphabet, max_size=30),
    )
    return st.lists(row, min_size=1, max_size=25)


def render(table: list[Row], fmt: str) -> str:
    header = ["id", "csat", "nps", "comment"]
    cells = [
        [f"r{i}", "" if c is None else str(c), "" if n is None else str(n), text]
        for i, (c, n, text) in enumerate(table)
    ]
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(cells)
        return out.getvalue()
    objects = [
        {"id": f"r{i}", "csat": c, "nps": n, "comment": text}
        for i, (c, n, text) in enumerate(table)
    ]
    if fmt == "json":
        return json.dumps(objects, ensure_ascii=False, indent=1)
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)


def expected(table: list[Row]) -> dict[str, tuple[list[tuple[str, int]], str | None]]:
    return {
        f"r{i}": (
            [("csat", c) for c in [c] if c is not None]
            + [("nps", n) for n in [n] if n is not None],
            text if text.strip() else None,
        )
        for i, (c, n, text) in enumerate(table)
    }


def check(table: list[Row], fmt: str, encoding: str) -> None:
    suffix = {"csv": ".csv", "tsv": ".tsv", "json": ".json", "jsonl": ".jsonl"}[fmt]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"table{suffix}"
        path.write_bytes(render(table, fmt).encode(encoding))
        with open_file(path, ImportOptions(timezone="UTC")) as opened:
            items = list(opened)
    records = [i for i in items if isinstance(i, Record)]
    assert len(records) == len(items), [i for i in items if not isinstance(i, Record)]
    got = {r.external_id: ([(a.metric, a.score) for a in r.answers], r.comment) for r in records}
    assert got == expected(table)


FORMATS = st.sampled_from(["csv", "tsv", "json", "jsonl"])


@settings(max_examples=150, deadline=None)
@given(
    table=rows(st.characters(codec="utf-8", exclude_characters="\x00")),
    fmt=FORMATS,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"]),
)
def test_unicode_tables_read_back(table: list[Row], fmt: str, encoding: str) -> None:
    check(table, fmt, encoding)


@settings(max_examples=100, deadline=None)
@given(table=rows(st.sampled_from(CP1252_SAFE)), fmt=FORMATS)
def test_cp1252_tables_read_back(table: list[Row], fmt: str) -> None:
    check(table, fmt, "cp1252")


def write_xlsx(table: list[Row], path: Path, as_float: bool) -> None:
    """The table as a workbook; scores as numbers (4.0 when `as_float`, as Excel may hold)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "csat", "nps", "comment"])
    for i, (c, n, text) in enumerate(table, 2):
        values: list[Any] = [f"r{i - 2}"]
        for score in (c, n):
            values.append(None if score is None else float(score) if as_float else score)
        values.append(text or None)
        sheet.append(values)
        sheet.cell(i, 4).data_type = "s"  # text that starts with "=" stays text
    book.save(path)


# openpyxl refuses control characters other than tab and newline in cell text.
XLSX_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\n\t")


@settings(max_examples=40, deadline=None)
@given(table=rows(XLSX_TEXT), as_float=st.booleans())
def test_xlsx_tables_read_back(table: list[Row], as_float: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.xlsx"
        write_xlsx(table, path, as_float)
        with open_file(path, ImportOptions(timezone="UTC")) as opened:
            items = list(opened)
    records = [i for i in items if isinstance(i, Record)]
    assert len(records) == len(items), [i for i in items if not isinstance(i, Record)]
    got = {r.external_id: ([(a.metric, a.score) for a in r.answers], r.comment) for r in records}
    assert got == expected(table)

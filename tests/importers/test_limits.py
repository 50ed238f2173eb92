"""Limits on every input: a hostile file is refused in one short line, in bounded memory."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.errors import ImportFileError
from csat_tui.importers import ImportOptions, open_file, xlsx_reading
from csat_tui.importers.limits import (
    CELL_CHARS,
    COLUMNS,
    HEADER_CHARS,
    JSON_DEPTH,
    LINE_CHARS,
    REJECT_CHARS,
    excerpt,
)
from csat_tui.importers.reading import CELL_OVER_LIMIT, dedupe_headers
from tests.importers.workbooks import number_cell, small_rows, text_cell, write_xlsx

Write = Callable[..., Path]
Load = Callable[..., Any]

MESSAGE_CHARS = 300
"""A refusal is one line naming the file and the limit: far shorter than this."""


def refusal(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught, open_file(path, ImportOptions()) as opened:
        for _ in opened:
            pass
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert len(message) < MESSAGE_CHARS + len(str(path))
    return message


@pytest.fixture
def peak_memory() -> Iterator[Callable[[], int]]:
    """The most bytes Python had allocated at once during the test (tracemalloc)."""
    tracemalloc.start()
    try:
        yield lambda: tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- excerpts -------------------------------------------------------------------------


def test_a_short_value_is_quoted_whole() -> None:
    assert excerpt("Very satisfied") == "'Very satisfied'"


def test_a_long_value_is_cut_and_its_length_given() -> None:
    assert excerpt("x" * 5_000_000) == f"'{'x' * 40}…' (5,000,000 characters)"


def test_an_excerpt_is_one_line() -> None:
    assert excerpt("line one\nline two\r\n\tthree") == "'line one line two three'"


@given(st.text(), st.integers(min_value=1, max_value=200))
def test_an_excerpt_is_short_and_one_line_for_any_value(text: str, limit: int) -> None:
    shown = excerpt(text, limit)
    assert len(shown) <= limit + 40
    assert "\n" not in shown and "\r" not in shown
    if len(text) <= limit and text == " ".join(text.split()):
        assert shown == f"'{text}'"


# --- delimited files ------------------------------------------------------------------


def test_one_60_mb_line_without_a_newline_is_refused(
    write: Write, peak_memory: Callable[[], int]
) -> None:
    path = write("line.csv", b"a" * (60 << 20))
    message = refusal(path)
    assert "line 1 is longer than the 32 MiB limit" in message
    # The line is never read whole: at most the limit, as text, plus buffers.
    assert peak_memory() < 3 * LINE_CHARS


def test_a_long_line_after_the_header_is_refused(write: Write) -> None:
    path = write("late.csv", b"csat,comment\n5,ok\n4," + b"b" * (LINE_CHARS + 10))
    assert "line 3 is longer than the 32 MiB limit" in refusal(path)


def test_too_many_columns_are_refused_before_they_are_made(write: Write) -> None:
    path = write("wide.csv", "csat," + "ab," * (COLUMNS + 10) + "\n5\n")
    assert f"more than {COLUMNS:,} columns" in refusal(path)


def test_commas_inside_a_quoted_comment_are_not_columns(load: Load) -> None:
    comment = "," * (COLUMNS + 10)
    result = load("commas.csv", f'csat,comment\n5,"{comment}"\n')
    assert result.records[0].comment == comment


def test_a_long_header_is_refused_with_an_excerpt(write: Write) -> None:
    header = "Q" * (HEADER_CHARS + 1)
    message = refusal(write("header.csv", f"csat,{header}\n5,x\n"))
    assert "the header of column 2, 'QQQ" in message
    assert f"({HEADER_CHARS + 1:,} characters)" in message
    assert "16 KiB limit for a header" in message


def test_a_header_cell_over_the_cell_limit_is_refused(write: Write) -> None:
    path = write("hcell.csv", f'csat,"{"h" * (CELL_CHARS + 1)}"\n5,x\n')
    assert "the header row has a cell over the 16 MiB limit" in refusal(path)


def test_a_cell_over_the_limit_rejects_its_record_only(load: Load) -> None:
    result = load("cell.csv", f'csat,comment\n5,"{"c" * (CELL_CHARS + 1)}"\n4,fine\n')
    assert [r.comment for r in result.records] == ["fine"]
    (problem,) = result.problems
    assert problem.reason == CELL_OVER_LIMIT
    assert problem.value is not None and len(problem.value) < REJECT_CHARS + 100


def test_sixteen_thousand_identical_headers_are_numbered_in_linear_time() -> None:
    headers = dedupe_headers(["Q"] * COLUMNS)
    assert len(set(headers)) == COLUMNS
    assert headers[:3] == ["Q", "Q (2)", "Q (3)"]


def test_numbering_skips_a_header_that_already_has_the_name() -> None:
    assert dedupe_headers(["Q", "Q (2)", "Q", "Q"]) == ["Q", "Q (2)", "Q (3)", "Q (4)"]


# --- JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 200])
def test_deeply_nested_json_is_refused(write: Write, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    path = write("deep.json", f'[{{"csat": 5, "x": {nested}}}]')
    assert f"nested more than {JSON_DEPTH} levels deep" in refusal(path)


def test_deeply_nested_json_lines_are_refused(write: Write) -> None:
    nested = '{"a":' * 100_000 + "1" + "}" * 100_000
    path = write("deep.jsonl", f'{{"csat": 5}}\n{{"csat": 4, "x": {nested}}}\n')
    assert f"nested more than {JSON_DEPTH} levels deep" in refusal(path)


def test_a_little_nesting_is_fine(load: Load) -> None:
    result = load("nest.json", json.dumps([{"csat": 5, "meta": {"a": [1, {"b": 2}]}}]))
    assert len(result.records) == 1


def test_a_json_record_over_the_record_limit_is_refused(
    write: Write, peak_memory: Callable[[], int]
) -> None:
    path = write("huge.json", '[{"csat": 5, "comment": "' + "w" * (LINE_CHARS + 10) + '"}]')
    assert "a JSON record is larger than the 32 MiB limit" in refusal(path)
    assert peak_memory() < 6 * LINE_CHARS


def test_a_json_cell_over_the_limit_rejects_its_record_only(load: Load) -> None:
    items = [{"csat": 5, "comment": "c" * (CELL_CHARS + 1)}, {"csat": 4, "comment": "ok"}]
    result = load("cell.json", json.dumps(items))
    assert [r.comment for r in result.records] == ["ok"]
    (problem,) = result.problems
    assert problem.reason == CELL_OVER_LIMIT
    assert problem.value is not None and len(problem.value) < REJECT_CHARS + 100


def test_a_json_lines_cell_over_the_limit_rejects_its_record_only(load: Load) -> None:
    text = json.dumps({"csat": 5, "comment": "c" * (CELL_CHARS + 1)}) + '\n{"csat": 4}\n'
    result = load("cell.jsonl", text)
    assert len(result.records) == 1
    assert [p.reason for p in result.problems] == [CELL_OVER_LIMIT]


def test_broken_json_keeps_a_bounded_reject(load: Load) -> None:
    result = load("broken.json", '[{"csat": 5}, {"csat": 4, "c": "' + "9" * 200_000 + "\\x")
    (problem,) = result.problems
    assert problem.value is not None and len(problem.value) < REJECT_CHARS + 100


def test_a_json_number_too_long_for_python_is_refused(write: Write) -> None:
    path = write("number.json", '[{"csat": 5}, {"csat": ' + "9" * 200_000 + "}]")
    assert "a JSON number has more than 4,300 digits" in refusal(path)


def test_a_json_lines_number_too_long_for_python_rejects_its_line(load: Load) -> None:
    result = load("number.jsonl", '{"csat": 5}\n{"csat": ' + "9" * 200_000 + "}\n")
    assert len(result.records) == 1
    (problem,) = result.problems
    assert "more than 4,300 digits" in problem.reason
    assert problem.value is not None and len(problem.value) < REJECT_CHARS + 100


# --- workbooks ------------------------------------------------------------------------


def test_a_cell_at_the_last_row_and_column_is_refused_before_loading(tmp_path: Path) -> None:
    rows = f'<row r="1">{text_cell("A1", "csat")}</row><row r="1048576">'
    rows += f"{number_cell('XFD1048576', 5)}</row>"
    path = write_xlsx(tmp_path / "far.xlsx", rows)
    assert path.stat().st_size < 2000
    message = refusal(path)
    assert "a sheet spans 1,048,576 rows by 16,384 columns" in message
    assert "16,777,216 cells" in message


def test_cells_without_references_are_counted_too(tmp_path: Path) -> None:
    wide = "<c><v>1</v></c>" * 20_000
    rows = f'<row r="1">{text_cell("A1", "csat")}</row><row r="1048576">{wide}</row>'
    path = write_xlsx(tmp_path / "loose.xlsx", rows)
    assert "a sheet spans" in refusal(path)


def test_a_declared_dimension_alone_does_not_refuse(tmp_path: Path, run: Load) -> None:
    path = write_xlsx(tmp_path / "dim.xlsx", small_rows(), dimension="A1:XFD1048576")
    result = run(path)
    assert [r.comment for r in result.records] == ["great", "slow"]


def test_a_huge_shared_string_is_refused_before_loading(
    tmp_path: Path, peak_memory: Callable[[], int]
) -> None:
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    )
    path = write_xlsx(tmp_path / "cell.xlsx", rows, shared=["csat", "x" * (CELL_CHARS + (1 << 20))])
    assert path.stat().st_size < 100_000
    tracemalloc.reset_peak()
    message = refusal(path)
    assert "a cell in xl/sharedStrings.xml is over the 16 MiB limit" in message
    assert peak_memory() < 64 << 20  # scanned in chunks, never held whole


def test_a_huge_inline_cell_is_refused(tmp_path: Path) -> None:
    rows = f'<row r="1">{text_cell("A1", "csat")}{text_cell("B1", "c" * (CELL_CHARS + 10))}</row>'
    path = write_xlsx(tmp_path / "inline.xlsx", rows)
    assert "a cell in xl/worksheets/sheet1.xml is over the 16 MiB limit" in refusal(path)


def test_a_workbook_over_the_uncompressed_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_reading, "WORKBOOK_BYTES", 4000)
    rows = "".join(
        f'<row r="{n}">{number_cell(f"A{n}", 5)}{text_cell(f"B{n}", "fine")}</row>'
        for n in range(2, 200)
    )
    path = write_xlsx(tmp_path / "big.xlsx", f'<row r="1">{text_cell("A1", "csat")}</row>{rows}')
    assert "uncompressed, over the limit" in refusal(path)


def test_a_normal_workbook_is_read(tmp_path: Path, run: Load) -> None:
    result = run(write_xlsx(tmp_path / "ok.xlsx", small_rows()))
    assert [r.answers[0].score for r in result.records] == [5, 2]

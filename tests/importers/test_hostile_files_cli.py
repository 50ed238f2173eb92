"""`csat-tui import` of hostile files: one short message, exit 1, no traceback, no responses."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.importers.limits import CELL_CHARS
from tests.importers.workbooks import number_cell, text_cell, write_xlsx

runner = CliRunner()
OUTPUT_BYTES = 2000
"""The issue's bound for everything the command prints about a hostile file."""


def _far_cell(path: Path) -> None:
    rows = f'<row r="1">{text_cell("A1", "csat")}</row>'
    rows += f'<row r="1048576">{number_cell("XFD1048576", 5)}</row>'
    write_xlsx(path, rows)


def _huge_shared_string(path: Path) -> None:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    rows += '<row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    write_xlsx(path, rows, shared=["csat", "x" * (CELL_CHARS + 1024)])


HOSTILE: dict[str, Callable[[Path], object]] = {
    "line.csv": lambda path: path.write_bytes(b"a," * (30 << 20)),
    "deep.json": lambda path: path.write_text("[" * 100_000 + "]" * 100_000),
    "far.xlsx": _far_cell,
    "cell.xlsx": _huge_shared_string,
}


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
            for table in ("responses", "ratings", "rejects", "daily_scores")
        }


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("as_json", [False, True])
def test_a_hostile_file_is_refused_in_one_short_line(
    tmp_path: Path, name: str, as_json: bool
) -> None:
    db = tmp_path / "store.db"
    good = tmp_path / "good.csv"
    good.write_text("id,csat,comment\n1,5,great\n2,3,meh\n")
    assert runner.invoke(app, ["import", str(good), "--db", str(db)]).exit_code == 0
    before = _counts(db)
    path = tmp_path / name
    HOSTILE[name](path)
    args = ["import", str(path), "--db", str(db), *(["--json"] if as_json else [])]
    result = runner.invoke(app, args)
    output = result.stdout + result.stderr
    assert result.exit_code == 1, output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in output
    assert len(output.encode()) < OUTPUT_BYTES
    assert "limit" in output or "nested" in output
    assert _counts(db) == before
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT max(length(CAST(messages AS BLOB))) FROM imports")
        assert stored.fetchone()[0] < OUTPUT_BYTES

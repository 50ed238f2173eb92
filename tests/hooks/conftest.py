"""Exports with known low scores, and hooks that record what they were given."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

HEADER = (
    "response_id,submitted_at,How satisfied were you?,How likely are you to recommend us?,comment"
)

FIVE_ROWS = f"""\
{HEADER}
a1,2026-10-01T09:00:00Z,1,8,Terrible wait
a2,2026-10-01T10:00:00Z,2,7,
a3,2026-10-02T11:00:00Z,5,3,Great agent but I would not recommend you
a4,2026-10-03T12:00:00Z,5,10,Lovely
a5,2026-10-04T13:00:00Z,4,9,
"""
"""Two low CSATs and, among the high CSATs, one NPS detractor: three low-score responses."""

FIVE_LOW_IDS = {"a1", "a2", "a3"}

RECORDER = """\
import json, sys
payload = json.load(sys.stdin)
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(json.dumps(payload, ensure_ascii=False) + "\\n")
"""


def export(folder: Path, name: str, rows: list[tuple[str, int, int, str]]) -> Path:
    """A generic CSV export: (id, csat 1-5, nps 0-10, comment) per row."""
    lines = [HEADER]
    for n, (rid, csat, nps, comment) in enumerate(rows):
        lines.append(f"{rid},2026-10-{n % 28 + 1:02d}T09:00:00Z,{csat},{nps},{comment}")
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def five(tmp_path: Path) -> Path:
    """The five-row export, in its own folder."""
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "five.csv"
    path.write_text(FIVE_ROWS, encoding="utf-8")
    return path


class Recording:
    """A hook command that appends the JSON it reads on stdin to a file."""

    def __init__(self, tmp_path: Path) -> None:
        self.script = tmp_path / "record_hook.py"
        self.script.write_text(RECORDER, encoding="utf-8")
        self.output = tmp_path / "hook-calls.jsonl"

    @property
    def command(self) -> str:
        return shlex.join([sys.executable, str(self.script), str(self.output)])

    def calls(self) -> list[dict[str, Any]]:
        if not self.output.exists():
            return []
        return [json.loads(line) for line in self.output.read_text("utf-8").splitlines()]


@pytest.fixture
def recording(tmp_path: Path) -> Recording:
    return Recording(tmp_path)


def python_command(code: str) -> str:
    """A shell command running a bit of Python with this interpreter."""
    return shlex.join([sys.executable, "-c", code])

"""No `type: ignore` in src/ or tests/: a wrong override or call is fixed in the types, not hidden.

A hidden override once made `ImportProgressed.can_replace` a property where Textual calls a
method, and the import dialog stopped reporting under load.
"""

from __future__ import annotations

import re
from pathlib import Path

import csat_tui

SRC = Path(csat_tui.__file__).parent
TESTS = Path(__file__).parents[1]
IGNORE = re.compile(r"#\s*type:\s*ignore")

NOT_YET: dict[str, int] = {
    # Both belong to the readers' branches (issue 13, bounded readers), which rewrite these
    # lines; remove each entry once that work has landed.
    "importers/records.py": 1,  # answers.append(answer): a value narrowed by hand
    "importers/reading.py": 1,  # self._raw.readinto(buffer): the raw stream's type
}
"""Files allowed to keep a `type: ignore` for now, with how many."""


TESTS_NOT_YET: tuple[str, ...] = ()
"""Test folders not type-checked yet (none: every folder is)."""


def ignores(root: Path = SRC) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if IGNORE.search(line):
                found.setdefault(path.relative_to(root).as_posix(), []).append(
                    f"{n}: {line.strip()}"
                )
    return found


def test_no_type_ignore_in_src() -> None:
    found = ignores()
    unexpected = {name: lines for name, lines in found.items() if len(lines) > NOT_YET.get(name, 0)}
    assert unexpected == {}


def test_the_allow_list_shrinks_when_an_ignore_goes() -> None:
    found = ignores()
    stale = [name for name in NOT_YET if name not in found]
    assert stale == [], "remove these files from NOT_YET: their type: ignore is gone"


def test_no_type_ignore_in_tests() -> None:
    found = ignores(TESTS)
    unexpected = {name: got for name, got in found.items() if not name.startswith(TESTS_NOT_YET)}
    assert unexpected == {}

"""Helpers for the fault suite: run the CLI, and take a store's contents to compare."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from csat_tui.cli.main import app


@dataclass(frozen=True)
class Ran:
    """What a command did."""

    code: int
    out: str
    err: str

    @property
    def both(self) -> str:
        """Everything it wrote."""
        return self.out + self.err


def cli(*args: str | Path, env: dict[str, str] | None = None) -> Ran:
    """Run `csat-tui ARGS` in this process."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def contents(path: Path) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows (read-only, WAL included)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0"
                " AND name NOT LIKE 'comment_index_%' ORDER BY name"
            )
        ]
        found = {}
        for name in names:
            digest = hashlib.sha256()
            # Sorted here: a WITHOUT ROWID table (the attribute index) has no rowid to order by.
            rows = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for row in rows:
                digest.update(repr(row).encode())
            found[name] = (len(rows), digest.hexdigest())
        return found
    finally:
        conn.close()


def file_digest(path: Path) -> str:
    """The bytes of a file, as a digest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_failed_cleanly(ran: Ran, *words: str) -> None:
    """One line on stderr naming `words`, exit 1, no traceback."""
    assert ran.code == 1, ran
    assert "Traceback" not in ran.both
    lines = [line for line in ran.err.splitlines() if line.strip()]
    assert lines, ran
    for word in words:
        assert word in ran.err, (word, ran.err)


def is_root() -> bool:
    """Permissions do not stop root: such tests use read-only mounts instead."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder read-only for this process, putting it back afterwards."""
    if is_root():
        subprocess.run(["mount", "--bind", str(path), str(path)], check=True)
        try:
            subprocess.run(
                ["mount", "-o", "remount,bind,ro", str(path)], check=True, capture_output=True
            )
            yield
        finally:
            subprocess.run(["umount", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)

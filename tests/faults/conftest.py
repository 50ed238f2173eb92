"""Fixtures of the fault suite: a store with responses, and a CSV to import."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from csat_tui.services.synthetic import write_csv_file
from tests.faults.support import cli, is_root


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    """A survey export of 200 responses."""
    return write_csv_file(tmp_path / "export.csv", 200, seed=5)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A store holding 300 imported responses, one tag and one follow-up."""
    path = tmp_path / "filled.db"
    source = write_csv_file(tmp_path / "first.csv", 300, seed=3)
    assert cli("import", source, "--db", path, "--timezone", "UTC").code == 0
    assert cli("tag", "1", "billing", "--db", path).code == 0
    assert cli("followup", "2", "--owner", "Anna", "--db", path).code == 0
    return path


@pytest.fixture
def can_mount(tmp_path: Path) -> None:
    """Skip unless this process may mount (root in a container that allows it)."""
    if not is_root() or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small or read-only file system")
    probe = tmp_path / "probe"
    probe.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                          capture_output=True)  # fmt: skip
    if made.returncode != 0:
        pytest.skip("mounting is not allowed here")
    subprocess.run(["umount", str(probe)], check=True)

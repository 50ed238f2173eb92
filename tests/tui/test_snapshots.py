"""Snapshots of the dashboard, the responses and a detail: 80×24 and 160×48, dark and light.

The store is small and fixed (hostile text included), the clock is fixed, animations are off.
Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.support import build_small_store, make_app, settle

SIZES = [(80, 24), (160, 48)]
THEMES = ["textual-dark", "textual-light"]
SnapCompare = Callable[..., bool]


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """The fixed store, built fresh for each test."""
    return build_small_store(tmp_path / "small.db")


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _detail(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(
    snap_compare: SnapCompare, small_store: Path, size: tuple[int, int], theme: str
) -> None:
    app = make_app(small_store, "dashboard", theme)
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_responses(
    snap_compare: SnapCompare, small_store: Path, size: tuple[int, int], theme: str
) -> None:
    app = make_app(small_store, "responses", theme)
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail(
    snap_compare: SnapCompare, small_store: Path, size: tuple[int, int], theme: str
) -> None:
    app = make_app(small_store, "responses", theme)
    assert snap_compare(app, terminal_size=size, run_before=_detail)

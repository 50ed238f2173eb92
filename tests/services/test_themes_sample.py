"""Themes on a large store count a fixed sample of the comments and say so, with its error."""

from __future__ import annotations

import pytest

from csat_tui.filters import Filter
from csat_tui.services import themes as themes_module
from csat_tui.services.themes import themes
from csat_tui.store.db import Store
from csat_tui.store.queue import iter_comments
from tests.helpers import record, write


def fill(store: Store, n: int) -> None:
    write(
        store,
        [
            record(
                1 if i % 3 == 0 else 5,
                comment="refund never came" if i % 3 == 0 else "great friendly help",
            )
            for i in range(n)
        ],
    )


def test_a_small_store_counts_every_comment(store: Store) -> None:
    fill(store, 90)
    report = themes(store, Filter())
    assert report.sample == 1.0 and report.margins is None
    assert report.low_comments + report.other_comments == 90


def test_a_large_store_counts_a_fixed_sample(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(store, 600)
    monkeypatch.setattr(themes_module, "SAMPLE_SIZE", 150)
    report = themes(store, Filter())
    assert report.sample == pytest.approx(150 / 600)
    assert report.in_scope == 600
    counted = report.low_comments + report.other_comments
    assert 90 <= counted <= 210  # about a quarter of 600
    assert themes(store, Filter()) == report  # the same sample every time
    assert report.themes[0].term in {"refund", "never", "came"}
    margins = report.margins
    assert margins is not None
    assert margins[0] == pytest.approx(100 * 1.96 * (0.25 / report.low_comments) ** 0.5)


def test_the_sample_is_a_part_of_the_comments(store: Store) -> None:
    fill(store, 300)
    every = list(iter_comments(store, Filter()))
    some = list(iter_comments(store, Filter(), 0.3))
    assert 0 < len(some) < len(every)
    assert set(some) <= set(every)

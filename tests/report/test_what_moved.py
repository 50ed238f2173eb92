"""The report's "what moved" lines: `explain`'s numbers, the data's words made inert."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from csat_tui.filters import Filter
from csat_tui.services.explain import explain
from csat_tui.services.report import build_report, what_moved
from csat_tui.services.report_html import render_html
from csat_tui.services.report_md import render_markdown
from csat_tui.store.db import open_store
from tests.helpers import record, write

HOSTILE_KEY = "[pay](http://evil.example) <script>x</script>"

AFTER_PRICE_CHANGE = Filter(since=date(2026, 8, 3), until=date(2026, 8, 23))


def test_the_demo_price_change_is_put_on_billing_with_explain_s_numbers(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        lines = what_moved(store, AFTER_PRICE_CHANGE)
        found = explain(store, AFTER_PRICE_CHANGE, "csat")
    first = "".join(lines[0])
    top = next(g for g in found.groups if g.key is not None)
    assert found.change is not None and found.change < 0
    assert first.startswith(f"CSAT % fell {abs(found.change):.1f} points")
    assert lines[0][1] == top.key == "billing"
    assert f"{top.contribution:+.1f}" in first and f"{top.rate_effect:+.1f}" in first


def test_a_group_s_name_is_inert_in_both_formats(db_path: Path) -> None:
    items = [
        record(csat=5, touchpoint=HOSTILE_KEY, at=f"2026-10-{d:02d}T10:00:00Z")
        for d in range(1, 11)
        for _ in range(6)
    ]
    items += [
        record(csat=1, touchpoint=HOSTILE_KEY, at=f"2026-10-{d:02d}T10:00:00Z")
        for d in range(11, 21)
        for _ in range(6)
    ]
    items += [
        record(csat=4, touchpoint="support", at=f"2026-10-{d:02d}T11:00:00Z") for d in range(1, 21)
    ]
    with open_store(db_path) as store:
        write(store, items)
        data = build_report(
            store, Filter(since=date(2026, 10, 11), until=date(2026, 10, 20)), date(2026, 10, 21)
        )
    assert data.what_moved and data.what_moved[0][1] == HOSTILE_KEY
    markdown = render_markdown(data)
    assert "[pay](http" not in markdown and r"\[pay\]" in markdown
    assert "fell 85.7 points (100.0 → 14.3)" in markdown  # our own words are not escaped
    html = render_html(data)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html

"""The import dialog's summary says why records were skipped and what duplicates copy."""

from __future__ import annotations

from pathlib import Path

from csat_tui.importers.model import ImportOptions
from csat_tui.services.importing import import_file
from csat_tui.store.db import Store
from csat_tui.tui.screens.import_dialog import summary

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def test_the_summary_gives_the_reasons_of_skipped_and_duplicates(store: Store) -> None:
    path = FIXTURES / "chatwoot.csv"
    preview = str(summary(import_file(store, path, ImportOptions(), dry_run=True), True))
    assert "5 records · 4 to import · 0 duplicates · 1 skipped" in preview
    assert "skipped: 1 report footer line" in preview
    assert "duplicates:" not in preview
    import_file(store, path, ImportOptions())
    again = str(summary(import_file(store, path, ImportOptions()), False))
    assert "5 records · 0 imported · 4 duplicates · 1 skipped" in again
    assert "skipped: 1 report footer line" in again
    assert "duplicates: 4 exact copy of a stored response" in again

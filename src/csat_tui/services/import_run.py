"""An import from the app: the file into the store, then the hooks it fires (thread worker)."""

from __future__ import annotations

from collections.abc import Callable

from csat_tui.importers.model import ImportOptions
from csat_tui.services import hooks, importing
from csat_tui.services.importing import FileReport
from csat_tui.services.opening import Opener


def import_and_fire(
    opener: Opener, path: str, dry_run: bool, progress: Callable[[int, int], None]
) -> FileReport:
    """Import (or dry-run) the file at `path`; after a real import, fire the hooks it
    matches: their one-line outcome joins the report's messages."""
    with opener() as store:
        mark = hooks.import_mark(store)
        report = importing.import_file(
            store, path, ImportOptions(), dry_run=dry_run, progress=progress
        )
        if not dry_run:
            # The import has committed: a failing hook cannot touch it.
            fired = hooks.fire_for_imports(store, hooks.imports_since(store, mark))
            if line := fired.message():
                report.messages.append(line)
        return report

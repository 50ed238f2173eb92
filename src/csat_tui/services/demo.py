"""The demo store: seeded synthetic responses imported the way a user's export would be."""

from __future__ import annotations

import tempfile
from pathlib import Path

from csat_tui.errors import StoreError
from csat_tui.importers.model import ImportOptions
from csat_tui.services.importing import import_file
from csat_tui.services.synthetic import write_csv_file
from csat_tui.store.db import open_store

DEMO_RESPONSES = 2000
DEMO_SEED = 7


def build_demo_store(path: Path, n: int = DEMO_RESPONSES, seed: int = DEMO_SEED) -> Path:
    """Create a demo store at `path` (replacing it): same seed, same rows."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="csat-tui-demo-") as folder:
        csv_path = write_csv_file(Path(folder) / "helpdesk-survey.csv", n, seed=seed)
        with open_store(path) as store:
            report = import_file(store, csv_path, ImportOptions(timezone="UTC"))
            if report.status != "imported":
                raise StoreError(f"could not build the demo store: {'; '.join(report.messages)}")
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path

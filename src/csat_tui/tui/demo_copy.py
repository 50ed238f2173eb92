"""The demo store the user opens from the app (`D`): a fresh copy in a temporary folder,
thrown away when another replaces it or the app ends. No Textual here."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from csat_tui.services.demo import fresh_demo_copy


class DemoCopy:
    """At most one throwaway copy of the demo store."""

    def __init__(self) -> None:
        self._folder: str | None = None
        self.path: Path | None = None
        """The copy in use; None until one is built."""

    def build(self) -> Path:
        """A fresh copy (in a thread: it takes a moment); the previous one is removed."""
        folder = tempfile.mkdtemp(prefix="csat-tui-demo-")
        path = fresh_demo_copy(Path(folder))
        self.remove()
        self._folder, self.path = folder, path
        return path

    def remove(self) -> None:
        """Throw the copy away."""
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = self.path = None

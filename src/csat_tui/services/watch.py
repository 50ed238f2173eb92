"""Watching a folder: each new or changed export that lands in it is imported once.

Polling with `os.scandir` and `stat`, no file-system events: it works the same on every
system and on network and sync folders (where inotify and FSEvents miss changes), costs one
directory listing per interval, and needs no dependency. A file is imported once it has stopped
growing (the same size and modification time on two polls in a row), through the normal import
(`services.importing.import_file`: one transaction per file, idempotent), and the low-score hooks
are fired for what it added. What became of each file is kept in the store, so a file whose size
and modification time have not changed is not even reopened, on this run or the next.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from csat_tui.errors import CsatError
from csat_tui.importers.model import ImportOptions
from csat_tui.services.hooks import HookSummary, fire_for_imports, now_iso
from csat_tui.services.importing import FileReport, file_checksum, import_file
from csat_tui.store.db import Store
from csat_tui.store.hooks import done_imports_after, last_import_id
from csat_tui.store.watch import Seen, imported_checksum, remember, seen_files

EXPORT_SUFFIXES = frozenset(
    {".csv", ".tsv", ".tab", ".json", ".jsonl", ".ndjson", ".xlsx", ".xls", ".ods"}
)
"""The files `watch` imports; anything else in the folder is left alone."""

PARTIAL_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".opdownload", ".tmp")
"""Downloads and copies still under way (Chrome, Firefox, Safari, Opera, many tools)."""

DEFAULT_INTERVAL = 5.0
"""Seconds between two looks at the folder."""

SETTLE = 1.0
"""Seconds `--once` waits between its two looks, to see which files are still growing."""

Status = Literal["imported", "unchanged", "failed", "waiting"]
Sleep = Callable[[float], None]
Fire = Callable[[Store, list[int]], HookSummary]


def is_candidate(name: str) -> bool:
    """Is a file of this name an export to import (not a partial download, a lock or a dotfile)."""
    lower = name.lower()
    if name.startswith((".", "~$", "~")) or lower.endswith(PARTIAL_SUFFIXES):
        return False
    return Path(lower).suffix in EXPORT_SUFFIXES


@dataclass(frozen=True, slots=True)
class FileEvent:
    """What `watch` did with one file; `message` is one line, not yet sanitised."""

    path: Path
    status: Status
    message: str
    report: FileReport | None = None
    hooks: HookSummary | None = None


Stat = tuple[int, int]
"""A file's (size, mtime in ns)."""


def _fire(store: Store, import_ids: list[int]) -> HookSummary:
    return fire_for_imports(store, import_ids)


class Watcher:
    """Looks at one folder on each `poll()` and imports the files that have settled."""

    def __init__(
        self,
        store: Store,
        directory: Path,
        options: ImportOptions,
        *,
        on_event: Callable[[FileEvent], None] | None = None,
        sleep: Sleep = time.sleep,
        fire: Fire = _fire,
    ) -> None:
        self.store = store
        self.directory = directory.expanduser().resolve()
        self.options = options
        self.on_event = on_event
        self.sleep = sleep
        self.fire = fire
        self._seen = seen_files(store)
        self._last: dict[str, Stat] = {}
        """Each candidate's stat at the previous poll."""
        self._waiting: set[str] = set()
        """Files already said to be still growing (said once, not at every poll)."""

    def scan(self) -> dict[str, Stat]:
        """The candidate files in the folder now (not recursive), with their size and mtime."""
        found: dict[str, Stat] = {}
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if not is_candidate(entry.name):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    st = entry.stat()
                except OSError:
                    continue  # gone since the listing
                found[str(self.directory / entry.name)] = (st.st_size, st.st_mtime_ns)
        return found

    def poll(self, *, last_look: bool = False) -> list[FileEvent]:
        """Look once: import each file that is new or changed and has stopped growing.

        On the `last_look` (of `--once`), a file not yet settled is reported as left for the
        next pass even if it appeared only since the previous look.
        """
        try:
            current = self.scan()
        except OSError as error:
            event = FileEvent(
                self.directory, "failed", f"cannot read the folder: {error.strerror or error}"
            )
            return [self._emit(event)]
        events: list[FileEvent] = []
        for key, stat in sorted(current.items()):
            done = self._seen.get(key)
            if done is not None and (done.size, done.mtime_ns) == stat:
                continue
            previous = self._last.get(key)
            if previous != stat:
                if (previous is not None or last_look) and key not in self._waiting:
                    self._waiting.add(key)
                    text = "left for the next pass" if last_look else "waiting for it to settle"
                    events.append(
                        self._emit(FileEvent(Path(key), "waiting", f"still being written; {text}"))
                    )
                continue
            self._waiting.discard(key)
            outcome = self._process(Path(key), stat)
            if outcome is not None:
                events.append(self._emit(outcome))
        self._last = current
        return events

    def run_once(self, settle: float | None = None) -> list[FileEvent]:
        """Two looks, `settle` seconds apart (default `SETTLE`): import what has settled,
        report what has not."""
        self.poll()
        self.sleep(SETTLE if settle is None else settle)
        return self.poll(last_look=True)

    def run_forever(self, interval: float = DEFAULT_INTERVAL) -> None:
        """Poll every `interval` seconds until interrupted (KeyboardInterrupt propagates)."""
        while True:
            self.poll()
            self.sleep(interval)

    def _emit(self, event: FileEvent) -> FileEvent:
        if self.on_event is not None:
            self.on_event(event)
        return event

    def _remember(
        self, path: Path, stat: Stat, checksum: str | None, status: str, import_id: int | None
    ) -> None:
        seen = Seen(str(path), stat[0], stat[1], checksum, status, import_id, now_iso())
        remember(self.store, seen)
        self._seen[seen.path] = seen

    def _process(self, path: Path, stat: Stat) -> FileEvent | None:
        try:
            return self._import(path, stat)
        except (sqlite3.OperationalError, CsatError) as error:
            # The store is busy or unreadable: not the file's fault, so try it again next time.
            return FileEvent(path, "failed", f"not imported this time: {error}")
        except Exception as error:
            self._remember(path, stat, None, "failed", None)
            return FileEvent(path, "failed", f"failed: {type(error).__name__}: {error}")

    def _import(self, path: Path, stat: Stat) -> FileEvent | None:
        try:
            checksum, _ = file_checksum(path)
        except FileNotFoundError:
            return None  # moved away since the listing
        except OSError as error:
            self._remember(path, stat, None, "failed", None)
            return FileEvent(path, "failed", f"failed: cannot read it ({error.strerror or error})")
        known = self._seen.get(str(path))
        if known is not None and known.checksum == checksum:
            self._remember(path, stat, checksum, known.status, known.import_id)
            return FileEvent(path, "unchanged", "touched but unchanged: nothing to do")
        earlier = imported_checksum(self.store, checksum)
        if earlier is not None:
            self._remember(path, stat, checksum, "unchanged", earlier)
            return FileEvent(
                path, "unchanged", f"already imported (import #{earlier}): nothing to do"
            )
        before = last_import_id(self.store)
        report = import_file(self.store, path, self.options)
        if report.status != "imported":
            self._remember(path, stat, checksum, "failed", None)
            reason = report.messages[-1] if report.messages else "it could not be imported"
            return FileEvent(path, "failed", f"failed: {reason}", report)
        import_ids = done_imports_after(self.store, before, str(path))
        self._remember(path, stat, checksum, "imported", import_ids[-1] if import_ids else None)
        hooks = self.fire(self.store, import_ids)
        message = (
            f"imported {report.records:,} record{'s' * (report.records != 1)}: "
            f"{report.imported:,} new, {report.duplicates:,} duplicates, {report.rejects:,} rejects"
        )
        if hooks_line := hooks.message():
            message += f"; {hooks_line}"
        return FileEvent(path, "imported", message, report, hooks)

"""How a load opens the store: an `Opener` per load, and stopping a load in progress.

SQLite connections cannot cross threads: each load (a thread worker in the app) opens its
own connection through an `Opener` and closes it before returning. Only `services` and
`store` open stores (tests/unit/test_layers.py).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from csat_tui.store.db import Store, Waiting, open_store, store_errors

T = TypeVar("T")

Opener = Callable[[], AbstractContextManager[Store]]
"""Opens a store connection for one load (and closes it after)."""


def opener_for(db_path: Path) -> Opener:
    """A plain opener: a fresh connection to the store at `db_path`."""
    return lambda: open_store(db_path)


class LoadCancelled(Exception):
    """A load was replaced by a newer one before it began its query."""


class Running:
    """The connections of loads in progress, by part, so a newer load can stop an older one.

    `exclusive` workers drop a stale result, but the thread goes on running its query;
    interrupting its connection ends a long scan (up to ~1 s at a million rows) at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: dict[str, Store] = {}

    def opener(self, db_path: Path, part: str, cancelled: Callable[[], bool]) -> Opener:
        """An opener that registers its connection under `part` while it is open.

        `cancelled` tells (in the worker's thread) whether the load was replaced: checked
        after registering, so a load replaced just before is never left running.
        """

        @contextmanager
        def opened() -> Iterator[Store]:
            store = open_store(db_path)
            with self._lock:
                self._stores[part] = store
            try:
                if cancelled():
                    raise LoadCancelled(part)
                yield store
            finally:
                # Unregistered before closing: only open connections are ever interrupted.
                with self._lock:
                    if self._stores.get(part) is store:
                        del self._stores[part]
                store.close()

        return opened

    def parts(self) -> list[str]:
        """The parts with a load's connection open now."""
        with self._lock:
            return sorted(self._stores)

    def interrupt(self, part: str) -> None:
        """Stop the query a previous load of `part` is running, if any (UI thread)."""
        with self._lock:
            store = self._stores.pop(part, None)
            if store is not None:
                store.conn.interrupt()


@contextmanager
def session(path: Path, waiting: Waiting | None = None) -> Iterator[Store]:
    """The store at `path` for one command: SQLite's errors, opening it or inside the
    block, come out as `StoreError`s in the product's words; an error closing adds nothing."""
    store = open_store(path, waiting=waiting)
    try:
        with store_errors(path):
            yield store
    finally:
        # The block's own error, if any, is the one to say.
        with suppress(sqlite3.Error):
            store.close()


def run_on(path: Path, job: Callable[[Store], T], waiting: Waiting | None = None) -> T:
    """Run `job` on the store at `path` (waiting for a busy store as `waiting` says), with
    SQLite's errors said in the product's words."""
    with open_store(path, waiting=waiting) as store, store_errors(path):
        return job(store)

"""Opening the store: one SQLite file in WAL mode, migrated to the current schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from csat_tui.errors import StoreError
from csat_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_S = 30.0
"""How long a write waits for another process's write (an import) before giving up."""

_OUR_TABLES = {"_sqlite_migrations", "imports", "responses", "ratings", "rejects"}


class Store:
    """An open store. One connection, used from the thread that opened it."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection."""
        return self.db.conn

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction that takes the write lock at once (BEGIN IMMEDIATE).

        Taking the lock up front means a busy store makes us wait (busy timeout)
        instead of failing when a read turns into a write.
        """
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | Path, *, migrate: bool = True) -> Store:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a store file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    except (OSError, sqlite3.Error) as error:
        raise StoreError(f"cannot open the store {path}: {error}") from error
    try:
        db = Database(conn, execute_plugins=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION and migrate:
            _check_is_ours(db, path, version)
            conn.execute("PRAGMA journal_mode = WAL")
            _migrate(db)
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer csat-tui (schema {version}; "
                f"this one knows {SCHEMA_VERSION}): upgrade csat-tui to open it"
            )
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(f"{path} is not a readable SQLite store: {error}") from error
    except BaseException:
        conn.close()
        raise
    return Store(db, path)


def _check_is_ours(db: Database, path: Path, version: int) -> None:
    tables = set(db.table_names())
    if version == 0 and tables and not tables & _OUR_TABLES:
        raise StoreError(f"{path} is a SQLite database, but not a csat-tui store")


def _migrate(db: Database) -> None:
    # Inside one write transaction, re-checking the version: another process may have
    # migrated the same file since we looked.
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        if db.conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
            MIGRATIONS.apply(db)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")

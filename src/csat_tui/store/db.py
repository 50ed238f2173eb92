"""Opening the store: one SQLite file in WAL mode, migrated to the current schema.

Every command and screen opens the store here, and every SQLite error becomes a `StoreError`
with one sentence in the product's words (`explain`). A write that finds the store busy
waits for it in the same way everywhere (`StoreConnection`), telling the user once what it
waits for.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from csat_tui.errors import (
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)
from csat_tui.safe_text import sanitize
from csat_tui.store.migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_S = 30.0
"""How long a statement other than BEGIN IMMEDIATE waits for a lock before giving up."""

BUSY_WAIT_S = 900.0
"""How long a write transaction waits for another writer (a 1M-row import) by default."""

FIRST_TRY_S = 0.5
"""How long a write waits quietly before saying the store is busy."""

_OUR_TABLES = {"_sqlite_migrations", "imports", "responses", "ratings", "rejects"}
_WRITER_NOTE = "-writer"


@dataclass
class Waiting:
    """How a write that finds the store busy waits, and whom it tells."""

    seconds: float = BUSY_WAIT_S
    """Give up after this long (the failed write changes nothing)."""
    told: Callable[[str], None] | None = None
    """Told once, when the wait starts: "the store is busy: … is running; waiting…"."""
    going_on: Callable[[], bool] | None = None
    """Asked about once a second while waiting; False gives up (a cancelled worker)."""


class StoreConnection(sqlite3.Connection):
    """A connection whose write transactions (BEGIN IMMEDIATE) wait for a busy store.

    The import writer, `Store.write` and migrations all begin with BEGIN IMMEDIATE, so
    catching that one statement here gives every writer the same wait and the same words.
    """

    store_path: Path = Path()
    waiting: Waiting = Waiting()
    doing: str | None = None
    """What this connection's next write transaction is, for others who must wait for it."""
    _noted = False

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Run a statement; BEGIN IMMEDIATE waits for the write lock as `waiting` says."""
        if sql == "BEGIN IMMEDIATE":
            cursor = self._begin()
            self._note()
            return cursor
        try:
            return super().execute(sql, parameters)
        finally:
            if sql in ("COMMIT", "ROLLBACK"):
                self._unnote()

    def commit(self) -> None:
        """Commit, and drop the note that says what this connection writes."""
        super().commit()
        self._unnote()

    def rollback(self) -> None:
        """Roll back, and drop the note that says what this connection writes."""
        super().rollback()
        self._unnote()

    def close(self) -> None:
        """Close, dropping the writer's note."""
        self._unnote()
        super().close()

    def _begin(self) -> sqlite3.Cursor:
        try:
            return self._try_begin(FIRST_TRY_S)
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
        holder = who_writes(self.store_path)
        if self.waiting.told is not None:
            self.waiting.told(f"the store is busy: {holder}; waiting…")
        started = time.monotonic()
        while True:
            left = self.waiting.seconds - (time.monotonic() - started)
            going_on = self.waiting.going_on is None or self.waiting.going_on()
            if left <= 0 or not going_on:
                waited = round(time.monotonic() - started + FIRST_TRY_S)
                raise StoreBusyError(
                    f"the store is still busy after {waited} s ({holder}); nothing was "
                    "changed: try again when it has finished"
                )
            try:
                return self._try_begin(min(1.0, left))
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise

    def _try_begin(self, seconds: float) -> sqlite3.Cursor:
        super().execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        try:
            return super().execute("BEGIN IMMEDIATE")
        finally:
            super().execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    def _note(self) -> None:
        if self.doing is None:
            return
        note = {"pid": os.getpid(), "doing": self.doing}
        try:
            writer_note(self.store_path).write_text(json.dumps(note), encoding="utf-8")
        except OSError:
            return  # Only a courtesy to whoever waits; the write itself goes on.
        self._noted = True

    def _unnote(self) -> None:
        self.doing = None
        if self._noted:
            self._noted = False
            writer_note(self.store_path).unlink(missing_ok=True)


def is_busy(error: sqlite3.Error) -> bool:
    """True for "database is locked" and its relatives."""
    return _code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def writer_note(path: Path) -> Path:
    """The file beside the store where a long write (an import) says what it is."""
    return path.with_name(path.name + _WRITER_NOTE)


def who_writes(path: Path) -> str:
    """Who holds the write lock, in words: "an import of FILE is running", if it said so."""
    try:
        note = json.loads(writer_note(path).read_text(encoding="utf-8"))
        pid, doing = int(note["pid"]), str(note["doing"])
    except (OSError, ValueError, KeyError, TypeError):
        return "another program is writing to it"
    if not _alive(pid):
        return "another program is writing to it"
    return f"{sanitize(doing, keep_newlines=False)[:200]} is running"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class Store:
    """An open store. One connection, used from the thread that opened it."""

    def __init__(self, db: Database, path: Path, *, read_only: bool = False) -> None:
        self.db = db
        self.path = path
        self.read_only = read_only
        """Opened read-only because its folder cannot be written (writes fail, reads work)."""

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection."""
        return self.db.conn

    def busy_with(self, what: str) -> None:
        """Say what the next write transaction is ("an import of FILE"), for whoever waits."""
        conn = self.conn
        if isinstance(conn, StoreConnection):
            conn.doing = what

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction that takes the write lock at once (BEGIN IMMEDIATE).

        Taking the lock up front means a busy store makes us wait (see `Waiting`)
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


def open_store(path: str | Path, *, migrate: bool = True, waiting: Waiting | None = None) -> Store:
    """Open (creating if needed) the store at `path` and bring its schema up to date."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a store file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        why = error.strerror or "cannot be created"
        raise StoreError(f"cannot create the folder of the store {path}: {why}") from error
    with store_errors(path):
        try:
            return _open(path, f"{path}", migrate, waiting, read_only=False)
        except sqlite3.OperationalError as error:
            if not _can_read_in_place(path, error):
                raise
        # SQLite cannot keep its -shm file beside a store in a read-only folder; with no
        # pending WAL, the file alone is the whole store and can be read as it is.
        return _open(path, f"{path.resolve().as_uri()}?immutable=1", False, waiting, read_only=True)


def _can_read_in_place(path: Path, error: sqlite3.Error) -> bool:
    if _code(error) not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
        return False
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    return path.is_file() and not os.access(path.parent, os.W_OK) and not pending


def _open(
    path: Path, target: str, migrate: bool, waiting: Waiting | None, *, read_only: bool
) -> Store:
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_S, factory=StoreConnection, uri=target.startswith("file:")
    )
    conn.store_path = path
    conn.waiting = waiting or Waiting()
    try:
        db = Database(conn, execute_plugins=False)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION and migrate:
            _check_is_ours(db, path, version)
            conn.execute("PRAGMA journal_mode = WAL")
            _tell_upgrade(conn, path, version)
            _migrate(db)
        elif version > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was written by a newer csat-tui (schema {version}; "
                f"this one knows {SCHEMA_VERSION}): upgrade csat-tui to open it"
            )
        if not read_only:
            conn.execute("PRAGMA synchronous = NORMAL")
            _back_to_wal(conn, version)
    except BaseException:
        conn.close()
        raise
    return Store(db, path, read_only=read_only)


def _back_to_wal(conn: sqlite3.Connection, version: int) -> None:
    """A store left in rollback-journal mode by an import that did not end (the writer's
    direct write, see `writer.DIRECT_WRITE_BYTES`) goes back to WAL, when no one else has
    it open; its journal, if any, has been rolled back by then."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    if version == 0:
        return  # not a store yet (or not ours): left as it is
    # Busy: an import writing directly, which goes back to WAL when it ends.
    with no_waiting(conn), suppress(sqlite3.OperationalError):
        conn.execute("PRAGMA journal_mode = WAL")


@contextmanager
def no_waiting(conn: sqlite3.Connection) -> Iterator[None]:
    """Statements inside fail at once on a busy store instead of waiting for it."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Turn any SQLite error raised inside into a `StoreError` that says what to do."""
    try:
        yield
    except sqlite3.Error as error:
        raise explain_store_error(error, path) from error


def in_words(error: BaseException, path: Path) -> BaseException:
    """A SQLite error met on the store at `path` as a StoreError in words; others unchanged."""
    return explain_store_error(error, path) if isinstance(error, sqlite3.Error) else error


def explain_store_error(error: sqlite3.Error, path: Path) -> StoreError:
    """One sentence, in the product's words, for a SQLite error met on the store at `path`."""
    code = _code(error)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreBusyError(
            f"the store {path} is busy: {who_writes(path)}; nothing was changed: try again "
            "when it has finished"
        )
    if code == sqlite3.SQLITE_FULL:
        return StoreFullError(
            f"the disk holding the store {path} is full: nothing was changed; free some "
            "space and try again"
        )
    if code == sqlite3.SQLITE_CORRUPT:
        return StoreDamagedError(
            f"the store {path} is damaged: run `csat-tui doctor --db {path}` to see what "
            "is damaged and rescue what can be read"
        )
    if code == sqlite3.SQLITE_NOTADB:
        return StoreError(
            f"{path} is not a readable SQLite store (another kind of file, or its first "
            "page is damaged: `csat-tui doctor` can tell)"
        )
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return _read_only(path, code)
    if code == sqlite3.SQLITE_IOERR:
        return StoreError(
            f"cannot read or write the store {path} (input/output error): nothing was "
            "changed; check the disk, then run `csat-tui doctor`"
        )
    words = sanitize(str(error), keep_newlines=False)[:200]
    return StoreError(f"the store {path} failed: {words}")


def _read_only(path: Path, code: int) -> StoreError:
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return StoreReadOnlyError(
            f"the folder {folder} is read-only, and the store needs to write its journal "
            "there: nothing was changed"
        )
    if path.exists() and not os.access(path, os.W_OK):
        return StoreReadOnlyError(
            f"the store {path} is read-only: nothing was changed (make the file writable "
            "to change it)"
        )
    if code == sqlite3.SQLITE_CANTOPEN:
        return StoreError(f"cannot open the store {path}: nothing was changed")
    return StoreReadOnlyError(f"the store {path} is read-only: nothing was changed")


def _code(error: sqlite3.Error) -> int:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error)
    if "locked" in text:
        return sqlite3.SQLITE_BUSY
    if "malformed" in text:
        return sqlite3.SQLITE_CORRUPT
    return sqlite3.SQLITE_ERROR


def _check_is_ours(db: Database, path: Path, version: int) -> None:
    tables = set(db.table_names())
    if version == 0 and tables and not tables & _OUR_TABLES:
        raise StoreError(f"{path} is a SQLite database, but not a csat-tui store")


UPGRADE_NOTICE_AT = 100_000
"""Responses from which opening a store of an earlier version says it is upgrading it: a
million take the latest migrations about 15 s (rollups and ratings rebuilt)."""


def _tell_upgrade(conn: StoreConnection, path: Path, version: int) -> None:
    """Say, before a long upgrade, what is happening (to whoever is told of waits), and
    name it for others who must wait for it."""
    if version < 1:
        return
    conn.doing = "an upgrade of the store to this version of csat-tui"
    told = conn.waiting.told
    if told is None:
        return
    top = conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0]
    if top >= UPGRADE_NOTICE_AT:
        told(
            f"upgrading {sanitize(path.name)} from schema {version} to {SCHEMA_VERSION}, once"
            f" (about 15 s a million responses; {top:,} here)…"
        )


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

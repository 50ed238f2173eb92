"""The store's health: an integrity check in words, an online backup, and a rescue of a
damaged store into a new one (the damaged file is only ever read)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csat_tui.errors import StoreDamagedError, StoreError
from csat_tui.store import customer_tiers, daily, search
from csat_tui.store.db import explain_store_error, open_store
from csat_tui.store.migrations import SCHEMA_VERSION

MAX_MESSAGES = 200
"""Integrity problems read at most (a badly damaged store can report millions)."""

BATCH = 2000
"""Rows copied per insert during a rescue."""

# Rebuilt from `responses` after a rescue rather than copied: derived, and only right if whole.
_REBUILT = {
    "daily_scores",
    "comment_index",
    "customer_tiers",
    "customer_tiers_state",
    "attribute_scores",  # counts per kept column, counted again on first use
    "attribute_scores_upto",
}
_INDEX = re.compile(r"(?:missing from|entries in|entry in) index (\S+)")
_TREE = re.compile(r"\bTree (\d+) page")
_UNUSED = re.compile(r"Page \d+: never used|Page \d+ is never used", re.IGNORECASE)


@dataclass
class Damage:
    """What one part of the store suffers from."""

    part: str
    """A table, an index, or "the list of tables"."""
    kind: str
    """"table", "index" or "store"."""
    problems: int = 0
    example: str = ""


@dataclass
class Health:
    """The result of an integrity check."""

    path: Path
    ok: bool
    damage: list[Damage] = field(default_factory=list)
    checked: str = "integrity_check"
    more: bool = False
    """More problems than were read."""

    def in_words(self) -> list[str]:
        """One line per damaged part, for people."""
        lines = []
        for item in self.damage:
            many = f"{item.problems} problem{'s' * (item.problems != 1)}"
            lines.append(f"{item.kind} {item.part}: {many} (e.g. {item.example})")
        return lines

    @property
    def indexes_only(self) -> bool:
        """Only indexes are damaged: every row can still be read from its table."""
        return bool(self.damage) and all(d.kind == "index" for d in self.damage)


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection on the store file, never creating or changing it."""
    if not path.is_file():
        raise StoreError(f"there is no store at {path}")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def check(path: Path, *, quick: bool = False) -> Health:
    """Run SQLite's integrity check (or the quicker one) and say what is damaged."""
    pragma = "quick_check" if quick else "integrity_check"
    with _reading(path) as conn:
        try:
            messages = [r[0] for r in conn.execute(f"PRAGMA {pragma}({MAX_MESSAGES})")]
        except sqlite3.DatabaseError as error:
            if "not a database" in str(error):
                raise StoreError(
                    f"{path} is not a SQLite store, or its first page is damaged beyond "
                    "repair: restore a backup"
                ) from error
            # The whole-store check stops at the first page it cannot walk through:
            # check table by table to say which ones.
            return Health(path, False, _table_by_table(conn, pragma), pragma)
        if messages == ["ok"]:
            return Health(path, True, [], pragma)
        roots = _roots(conn)
    found: dict[str, Damage] = {}
    for message in messages:
        text = message.replace("*** in database main ***", "").strip()
        part, kind = _part_of(text, roots)
        item = found.setdefault(part, Damage(part, kind, 0, text[:120]))
        item.problems += 1
    ordered = sorted(found.values(), key=lambda d: ("table", "index", "store").index(d.kind))
    return Health(path, False, ordered, pragma, more=len(messages) >= MAX_MESSAGES)


def _table_by_table(conn: sqlite3.Connection, pragma: str) -> list[Damage]:
    try:
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0"
            )
        ]
    except sqlite3.DatabaseError as error:
        return [Damage("the list of tables", "store", 1, str(error))]
    roots = _roots(conn)
    damage: list[Damage] = []
    for table in tables:
        try:
            messages = [r[0] for r in conn.execute(f"PRAGMA {pragma}({_quoted(table)})")]
        except sqlite3.DatabaseError:
            damage.append(Damage(table, "table", 1, "pages that cannot be read"))
            continue
        for text in messages:
            if text != "ok":
                part, kind = _part_of(text, roots)
                damage.append(Damage(part, kind, 1, text[:120]))
    return damage or [Damage("pages", "store", 1, "the check could not walk the store")]


def _roots(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    try:
        rows = conn.execute("SELECT rootpage, name, type FROM sqlite_schema").fetchall()
    except sqlite3.DatabaseError:
        return {}
    return {int(r[0]): (str(r[1]), str(r[2])) for r in rows if r[0]}


def _part_of(text: str, roots: dict[int, tuple[str, str]]) -> tuple[str, str]:
    if match := _INDEX.search(text):
        return match.group(1), "index"
    if match := _TREE.search(text):
        name, kind = roots.get(int(match.group(1)), (f"at page {match.group(1)}", "table"))
        return name, kind if kind in ("table", "index") else "table"
    if _UNUSED.search(text):
        return "free-page list", "store"
    return "pages", "store"


def backup(path: Path, target: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Copy the store to `target` with SQLite's online backup (safe while others write).

    Returns the number of pages copied. `target` must not exist; it appears only when whole.
    """
    if target.exists():
        raise StoreError(f"{target} already exists: choose a new file for the backup")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with _reading(path) as source:
        try:
            with closing(sqlite3.connect(partial)) as copy:
                source.backup(
                    copy,
                    progress=(lambda _status, left, total: progress(total - left, total))
                    if progress
                    else None,
                )
                pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
        except sqlite3.Error as error:
            partial.unlink(missing_ok=True)
            raise explain_store_error(error, path) from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(target)
    return pages


@dataclass
class TableRescue:
    """What a rescue copied of one table."""

    table: str
    copied: int = 0
    lost: int = 0
    """Rows that could not be read (or whose response could not be read)."""
    exact: bool = True
    """False when the number lost is an estimate (no intact index to count with)."""
    orphaned: int = 0
    """Rows read but dropped because the response they belong to was lost."""


@dataclass
class Rescue:
    """What a rescue did, table by table."""

    target: Path
    tables: list[TableRescue] = field(default_factory=list)

    @property
    def lost(self) -> int:
        """Rows lost in all."""
        return sum(t.lost + t.orphaned for t in self.tables)


def rescue(path: Path, target: Path) -> Rescue:
    """Copy every readable row of the store at `path` into a new store at `target`.

    Table by table, row by row around damaged pages; rows that cannot be read are
    skipped and counted. Search index and daily totals are rebuilt from the copied
    responses. The damaged file is opened read-only and never changed.
    """
    if target.exists():
        raise StoreError(f"{target} already exists: choose a new file for the rescue")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    result = Rescue(target)
    with _reading(path) as source:
        try:
            tables = _tables(source)
            version = int(source.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as error:
            raise StoreDamagedError(
                f"the list of tables of {path} cannot be read: nothing can be rescued; "
                "restore a backup"
            ) from error
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path} was written by a newer csat-tui: upgrade to rescue it")
        try:
            with open_store(partial) as made:
                conn = made.conn
                conn.execute("PRAGMA foreign_keys = OFF")
                conn.execute("BEGIN IMMEDIATE")
                for table in tables:
                    columns = _shared_columns(source, conn, table)
                    if columns:
                        result.tables.append(_copy_table(source, conn, table, columns))
                _drop_orphans(conn, result)
                search.index_all(conn)
                daily.rebuild_all(conn)
                customer_tiers.rebuild_all(conn)
                conn.execute("COMMIT")
        except BaseException:
            partial.unlink(missing_ok=True)
            Path(f"{partial}-wal").unlink(missing_ok=True)
            Path(f"{partial}-shm").unlink(missing_ok=True)
            raise
    partial.replace(target)
    return result


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0"
        " AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
    ).fetchall()
    names = [str(r[0]) for r in rows]
    return [n for n in names if n not in _REBUILT and not n.startswith("comment_index_")]


def _shared_columns(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str
) -> list[str]:
    ours = [r[1] for r in target.execute("SELECT * FROM pragma_table_info(?)", (table,))]
    theirs = {r[1] for r in source.execute("SELECT * FROM pragma_table_info(?)", (table,))}
    return [c for c in ours if c in theirs]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _copy_table(
    source: sqlite3.Connection, target: sqlite3.Connection, table: str, columns: list[str]
) -> TableRescue:
    done = TableRescue(table)
    names = ", ".join(_quoted(c) for c in columns)
    select = f"SELECT rowid, {names} FROM {_quoted(table)} WHERE rowid > ? ORDER BY rowid"
    insert = (
        f"INSERT OR IGNORE INTO {_quoted(table)} (rowid, {names})"
        f" VALUES ({', '.join('?' * (len(columns) + 1))})"
    )
    after: int | None = -(2**63)
    gaps = 0
    while after is not None:
        batch: list[tuple[Any, ...]] = []
        try:
            for row in source.execute(select, (after,)):
                batch.append(row)
                if len(batch) >= BATCH:
                    target.executemany(insert, batch)
                    done.copied += len(batch)
                    after = int(batch[-1][0])
                    batch = []
        except sqlite3.DatabaseError:
            if batch:
                target.executemany(insert, batch)
                done.copied += len(batch)
                after = int(batch[-1][0])
            resume = _next_readable(source, table, after)
            if resume is None:
                break
            gaps += resume - after - 1
            after = max(resume - 1, after + 1)
            continue
        if batch:
            target.executemany(insert, batch)
            done.copied += len(batch)
        after = None
    expected = _count(source, table)
    if expected is not None:
        done.lost = max(0, expected - done.copied)
    else:
        done.lost, done.exact = gaps, False
    return done


def _first_from(source: sqlite3.Connection, table: str, bound: int) -> int | None:
    """The first rowid above `bound`, its row read whole; raises if the way there is damaged."""
    row = source.execute(
        f"SELECT rowid FROM {_quoted(table)} WHERE rowid > ? ORDER BY rowid LIMIT 1", (bound,)
    ).fetchone()
    if row is None:
        return None
    source.execute(f"SELECT * FROM {_quoted(table)} WHERE rowid = ?", (row[0],)).fetchall()
    return int(row[0])


def _next_readable(source: sqlite3.Connection, table: str, after: int) -> int | None:
    """The first readable rowid past a damaged stretch that starts after `after` (None: none)."""
    step, bad = 1, after
    while True:
        probe = after + step
        if probe >= 2**63 - 1:
            return None
        try:
            found = _first_from(source, table, probe)
        except sqlite3.DatabaseError:
            bad, step = probe, step * 2
            continue
        break
    # Narrow down: the smallest bound past the damage from which the next row reads whole.
    low, high = bad, probe
    while high - low > 1:
        middle = (low + high) // 2
        try:
            candidate = _first_from(source, table, middle)
        except sqlite3.DatabaseError:
            low = middle
        else:
            high, found = middle, candidate
    return found


def _count(source: sqlite3.Connection, table: str) -> int | None:
    try:
        return int(source.execute(f"SELECT count(*) FROM {_quoted(table)}").fetchone()[0])
    except sqlite3.DatabaseError:
        return None


def _drop_orphans(conn: sqlite3.Connection, result: Rescue) -> None:
    """Drop rows whose parent (a response) was lost, counting them as lost."""
    by_table = {t.table: t for t in result.tables}
    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, _parent, _fk in orphans:
        if rowid is None:
            continue
        conn.execute(f"DELETE FROM {_quoted(table)} WHERE rowid = ?", (rowid,))
        if table in by_table:
            by_table[table].copied -= 1
            by_table[table].orphaned += 1

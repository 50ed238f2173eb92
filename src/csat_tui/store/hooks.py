"""The `hooks` and `hook_runs` tables, and the responses a hook is fired with.

A hook's payload is a response in the shape `responses --format json` writes (the columns
of `browse.EXPORT_COLUMNS`), plus a `low` list of its low answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from csat_tui.scoring.scales import METRICS
from csat_tui.scoring.sql import in_band_sql
from csat_tui.store.browse import EXPORT_COLUMNS
from csat_tui.store.db import Store
from csat_tui.store.ratings import has_answer_sql

STDERR_TAIL = 2048
"""Characters of a run's stderr (or error) kept in the log."""

_CHUNK = 500
"""Response ids per query (well under SQLite's bound-parameter limit)."""


@dataclass(frozen=True, slots=True)
class Hook:
    """A command or a webhook run for every new response of an event."""

    name: str
    event: str
    """low-score."""
    kind: str
    """run (a shell command) or post (a webhook URL)."""
    target: str
    timeout: float
    created_at: str


@dataclass(frozen=True, slots=True)
class HookRun:
    """One run of a hook, as the log keeps it."""

    hook: str
    response_id: int | None
    import_id: int | None
    at: str
    status: str
    """ok, failed (non-zero exit, HTTP error), timeout or error (could not start, unreachable)."""
    exit_code: int | None = None
    http_status: int | None = None
    attempts: int = 1
    stderr_tail: str = ""
    duration: float = 0.0
    id: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The run as `hooks log --format json` prints it."""
        return {
            "id": self.id,
            "hook": self.hook,
            "response_id": self.response_id,
            "import_id": self.import_id,
            "at": self.at,
            "status": self.status,
            "exit_code": self.exit_code,
            "http_status": self.http_status,
            "attempts": self.attempts,
            "stderr_tail": self.stderr_tail,
            "duration": round(self.duration, 3),
        }


_HOOK_COLUMNS = "name, event, kind, target, timeout, created_at"


def add_hook(store: Store, hook: Hook) -> bool:
    """Save a hook; False (and nothing written) when one of that name exists."""
    with store.write():
        cursor = store.conn.execute(
            f"INSERT OR IGNORE INTO hooks ({_HOOK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            (hook.name, hook.event, hook.kind, hook.target, hook.timeout, hook.created_at),
        )
    return cursor.rowcount == 1


def remove_hook(store: Store, name: str) -> bool:
    """Delete a hook (its runs stay in the log); False when there is none of that name."""
    with store.write():
        cursor = store.conn.execute("DELETE FROM hooks WHERE name = ?", (name,))
    return cursor.rowcount == 1


def get_hook(store: Store, name: str) -> Hook | None:
    """The hook of that name, if any."""
    row = store.conn.execute(
        f"SELECT {_HOOK_COLUMNS} FROM hooks WHERE name = ?", (name,)
    ).fetchone()
    return Hook(*row) if row else None


def list_hooks(store: Store, event: str | None = None) -> list[Hook]:
    """Every hook (of one event, if given), by name."""
    sql = f"SELECT {_HOOK_COLUMNS} FROM hooks"
    params: tuple[str, ...] = ()
    if event is not None:
        sql += " WHERE event = ?"
        params = (event,)
    return [Hook(*row) for row in store.conn.execute(sql + " ORDER BY name", params)]


def record_runs(store: Store, runs: Iterable[HookRun]) -> None:
    """Append runs to the log in one transaction."""
    rows = [
        (
            r.hook,
            r.response_id,
            r.import_id,
            r.at,
            r.status,
            r.exit_code,
            r.http_status,
            r.attempts,
            r.stderr_tail[-STDERR_TAIL:],
            r.duration,
        )
        for r in runs
    ]
    if not rows:
        return
    with store.write():
        store.conn.executemany(
            "INSERT INTO hook_runs (hook, response_id, import_id, at, status, exit_code,"
            " http_status, attempts, stderr_tail, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def recent_runs(store: Store, limit: int) -> list[HookRun]:
    """The latest runs, newest first."""
    rows = store.conn.execute(
        "SELECT hook, response_id, import_id, at, status, exit_code, http_status, attempts,"
        " stderr_tail, duration, id FROM hook_runs ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [
        HookRun(
            hook=r[0],
            response_id=r[1],
            import_id=r[2],
            at=r[3],
            status=r[4],
            exit_code=r[5],
            http_status=r[6],
            attempts=r[7] or 1,
            stderr_tail=r[8] or "",
            duration=r[9] or 0.0,
            id=r[10],
        )
        for r in rows
    ]


def last_import_id(store: Store) -> int:
    """The largest import id so far (0 for none)."""
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM imports").fetchone()[0])


def done_imports_after(store: Store, after: int, path: str | None = None) -> list[int]:
    """Imports that committed with an id above `after` (of one file path, if given)."""
    sql = "SELECT id FROM imports WHERE id > ? AND status = 'done'"
    params: tuple[Any, ...] = (after,)
    if path is not None:
        sql += " AND path = ?"
        params = (after, path)
    return [int(r[0]) for r in store.conn.execute(sql + " ORDER BY id", params)]


def _low_rating_sql() -> str:
    """Is an answer (`g.metric`, `g.score`, `g.scale`) a low one: the scoring rule."""
    tests = [
        f"(g.metric = '{m}' AND {in_band_sql(m, 'low', 'g.score', 'g.scale')} = 1)" for m in METRICS
    ]
    return "(" + " OR ".join(tests) + ")"


def low_response_ids(store: Store, import_ids: Iterable[int]) -> list[tuple[int, int]]:
    """(response id, import id) of each response these imports added that has a low answer
    on any metric, in response id order."""
    ids = sorted(set(import_ids))
    found: list[tuple[int, int]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        found.extend(
            (int(row[0]), int(row[1]))
            for row in store.conn.execute(
                f"SELECT r.id, r.import_id FROM responses r WHERE r.import_id IN ({marks})"
                f" AND {has_answer_sql(_low_rating_sql())}",
                chunk,
            )
        )
    return sorted(found)


def newest_first(store: Store, response_ids: Iterable[int]) -> list[int]:
    """These responses, newest submitted first (then the higher id)."""
    ids = list(response_ids)
    dated: list[tuple[str, int]] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        dated.extend(
            (str(row[1] or ""), int(row[0]))
            for row in store.conn.execute(
                f"SELECT id, submitted_at FROM responses WHERE id IN ({marks})", chunk
            )
        )
    return [rid for _, rid in sorted(dated, reverse=True)]


def latest_low_response_id(store: Store) -> int | None:
    """The newest response (by submission, then id) with a low answer, if any."""
    row = store.conn.execute(
        # CROSS JOIN: newest first along an index of `o`, the answers read from `r`.
        "SELECT o.id FROM responses o CROSS JOIN responses r ON r.id = o.id"
        f" WHERE {has_answer_sql(_low_rating_sql())}"
        " ORDER BY o.submitted_at DESC, o.id DESC LIMIT 1"
    ).fetchone()
    return int(row[0]) if row else None


_COMPUTED = {
    "tags": "(SELECT json_group_array(t.name) FROM response_tags rt JOIN tags t"
    " ON t.id = rt.tag_id WHERE rt.response_id = r.id) AS tags",
    "followup": "(SELECT f.status FROM followups f WHERE f.response_id = r.id) AS followup",
}


def _select_list() -> str:
    # Built from EXPORT_COLUMNS, so a column added to the export is in the payload too.
    return ", ".join(_COMPUTED.get(c, f"r.{c}") for c in EXPORT_COLUMNS)


def payloads(store: Store, response_ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """Each response as `responses --format json` writes it, plus `low`: its low answers."""
    ids = list(response_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = {
            int(row["id"]): row
            for row in store.db.query(
                f"SELECT {_select_list()} FROM responses r WHERE r.id IN ({marks})", chunk
            )
        }
        lows: dict[int, list[dict[str, Any]]] = {}
        for rid, metric, question, score, scale in store.conn.execute(
            f"SELECT g.response_id, g.metric, g.question, g.score, g.scale FROM ratings g"
            f" WHERE g.response_id IN ({marks}) AND {_low_rating_sql()}"
            " ORDER BY g.response_id, g.position",
            chunk,
        ):
            lows.setdefault(int(rid), []).append(
                {"metric": metric, "question": question, "score": score, "scale": scale}
            )
        for rid in chunk:
            row = rows.get(rid)
            if row is None:
                continue
            out = {c: row.get(c) for c in EXPORT_COLUMNS}
            out["complete"] = bool(out["complete"])
            out["tags"] = sorted(json.loads(out["tags"] or "[]"), key=str.casefold)
            out["attributes"] = json.loads(out["attributes"] or "{}")
            out["low"] = lows.get(rid, [])
            yield out

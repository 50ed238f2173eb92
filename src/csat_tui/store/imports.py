"""The `imports` log: earlier imports of a file, failed attempts, and mappings by layout."""

from __future__ import annotations

import json

from csat_tui.records import FilePlan, Recalled
from csat_tui.store.db import Store


def previous_import(store: Store, checksum: str) -> str | None:
    """A description of an earlier successful import of the same bytes, if any."""
    row = store.conn.execute(
        "SELECT id, finished_at FROM imports WHERE checksum = ? AND status = 'done'"
        " ORDER BY id DESC LIMIT 1",
        (checksum,),
    ).fetchone()
    return f"import #{row[0]} on {row[1]}" if row else None


def record_failed_import(
    store: Store, path: str, preset: str | None, message: str, at: str
) -> None:
    """Log a file that could not be imported at all (nothing else is written)."""
    with store.write():
        store.conn.execute(
            "INSERT INTO imports (file_name, path, preset, status, messages, started_at,"
            " finished_at, records, imported, duplicates, skipped, rejects)"
            " VALUES (?, ?, ?, 'failed', ?, ?, ?, 0, 0, 0, 0, 0)",
            (path.rsplit("/", 1)[-1], path, preset, json.dumps([message]), at, at),
        )


def save_mapping(store: Store, import_id: int, plan: FilePlan) -> None:
    """Store the mapping an import used, under its layout key, inside the open transaction."""
    mapping = {
        "layout": plan.layout,
        "preset": plan.preset,
        "forced_preset": plan.forced_preset,
        "map": dict(plan.mapping),
        "timezone": plan.timezone,
        "columns": [
            {
                "header": c.header,
                "role": c.role,
                "scale": c.scale,
                "date_format": c.date_format,
                "how": c.how,
            }
            for c in plan.columns
        ],
    }
    store.conn.execute(
        "UPDATE imports SET mapping = ? WHERE id = ?",
        (json.dumps(mapping, ensure_ascii=False), import_id),
    )


def recall_mapping(store: Store, layout: str) -> Recalled | None:
    """The mapping of the latest successful import of the same layout, if it named any."""
    row = store.conn.execute(
        "SELECT id, file_name, mapping FROM imports WHERE status = 'done'"
        " AND CASE WHEN json_valid(mapping) THEN json_extract(mapping, '$.layout') END = ?"
        " ORDER BY id DESC LIMIT 1",
        (layout,),
    ).fetchone()
    if row is None:
        return None
    saved = json.loads(row[2])
    preset = saved.get("preset") if saved.get("forced_preset") else None
    mapping = {str(k): str(v) for k, v in (saved.get("map") or {}).items()}
    timezone = saved.get("timezone")
    zone = timezone if isinstance(timezone, str) and timezone else None
    if preset is None and not mapping and zone is None:
        return None
    return Recalled(preset, mapping, f"import #{row[0]} ({row[1]})", zone)

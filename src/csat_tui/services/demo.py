"""The demo store: built from `demo_data` through the real import path, then triaged a little."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from importlib import resources
from itertools import groupby
from pathlib import Path

from csat_tui.importers.model import FilePlan
from csat_tui.services.demo_data import END, demo_records, story_customers
from csat_tui.store import triage
from csat_tui.store.db import Store, open_store
from csat_tui.store.writer import ImportWriter

DEMO_SEED = 7
ACTOR = "demo"
FILE_NAMES = {
    "zendesk": "zendesk-satisfaction-ratings.json",
    "surveymonkey": "surveymonkey-customer-survey.xlsx",
    "typeform": "typeform-delivery-feedback.csv",
}
DEMO_TODAY = END + timedelta(days=1)
"""The demo's clock: the day after its last response, so that its periods and overdue
follow-ups look the same whenever it runs."""


def build_demo_store(path: Path, seed: int = DEMO_SEED) -> Path:
    """Create the demo store at `path` (replacing it): same seed, same rows."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    records = sorted([*demo_records(seed), *story_customers()], key=lambda item: item[0])
    with open_store(path) as store:
        for source, items in groupby(records, key=lambda item: item[0]):
            plan = FilePlan(FILE_NAMES[source], source, source, "utf-8", "csv", ())
            with ImportWriter.open(store, plan, f"demo-{source}-{seed}", 0) as writer:
                for _, record in items:
                    writer.add(record)
        _triage(store, random.Random(seed))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("VACUUM")
    return path


def _triage(store: Store, rng: random.Random) -> None:
    """Some tags, follow-ups (a few overdue) and triaged marks, as a team would have left them."""
    low = [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM responses WHERE csat <= 2 AND comment IS NOT NULL"
            " AND submitted_at < ? ORDER BY id",
            (END.isoformat(),),
        )
    ]
    rng.shuffle(low)
    tags = ("billing", "price change", "slow reply", "bug", "delivery", "refund")
    for response_id in low[:120]:
        triage.tag(store, [response_id], rng.sample(tags, rng.choice((1, 1, 2))), ACTOR)
    owners = ("Anna", "Omar", "Li")
    for k, response_id in enumerate(low[120:150]):
        due = END.replace(day=1 + k % 28).isoformat() if k < 10 else f"2027-01-{1 + k % 28:02d}"
        status = ("open", "in_progress", "done", "wont_do")[k % 4] if k >= 10 else "open"
        triage.set_followup(store, [response_id], ACTOR, status=status, owner=owners[k % 3],
                            due_date=due, note="Call back about the invoice")  # fmt: skip
    triage.mark_triaged(store, low[:150], ACTOR)
    # Demo actions are the starting point, not something a trainee should undo.
    store.conn.execute("UPDATE events SET undone_by = 0 WHERE actor = ?", (ACTOR,))
    _stamp_in_story(store)
    store.conn.commit()


_STORY_TIME = (
    "min(strftime('%Y-%m-%dT%H:%M:%SZ', r.submitted_at, '+' || (1 + r.id % 5) || ' days'), ?)"
)
"""When the team acted on a response: one to five days after it came, before the demo's today."""


def _stamp_in_story(store: Store) -> None:
    """Date the team's actions inside the story, not at the build: a follow-up closed in
    August counts as closed in August (the report's loop, `history`), whenever the demo runs."""
    end = f"{END.isoformat()}T17:00:00Z"
    conn = store.conn
    conn.execute(
        f"UPDATE followups SET created_at = {_STORY_TIME}, updated_at = {_STORY_TIME}"
        " FROM responses r WHERE r.id = followups.response_id",
        (end, end),
    )
    conn.execute(
        f"UPDATE response_tags SET tagged_at = {_STORY_TIME}"
        " FROM responses r WHERE r.id = response_tags.response_id",
        (end,),
    )
    conn.execute(
        f"UPDATE events SET at = {_STORY_TIME} FROM responses r WHERE r.id = events.response_id",
        (end,),
    )
    # An action on many responses at once (marking the queue triaged): the last working day.
    conn.execute("UPDATE events SET at = ? WHERE response_id IS NULL AND actor = ?", (end, ACTOR))


def packaged_demo() -> Path | None:
    """The demo store shipped inside the wheel, if this install has one."""
    candidate = resources.files("csat_tui").joinpath("demo.db")
    return Path(str(candidate)) if candidate.is_file() else None


def fresh_demo_copy(folder: Path) -> Path:
    """A throwaway copy of the demo store in `folder` (built when no packaged one exists)."""
    target = folder / "demo.db"
    packaged = packaged_demo()
    if packaged is not None:
        shutil.copyfile(packaged, target)
        return target
    return build_demo_store(target)


@contextmanager
def demo_session() -> Iterator[Path]:
    """A fresh copy of the demo store for one session, deleted (with any changes) afterwards."""
    with tempfile.TemporaryDirectory(prefix="csat-tui-demo-") as folder:
        yield fresh_demo_copy(Path(folder))

"""Stores for the report tests: the demo store, and a small one with hostile text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from csat_tui.services import triage
from csat_tui.services.demo import build_demo_store
from csat_tui.store.db import open_store
from tests.helpers import record, write

HOSTILE = (
    "<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
    " refund [click](http://evil.example) @channel"
)
"""A low-score comment that would run, load or ping if it were not shown as text."""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo store (built, as `csat-tui demo --copy` does without a wheel)."""
    return build_demo_store(tmp_path_factory.mktemp("demo") / "demo.db")


def today_utc() -> str:
    """Today (UTC), as the follow-ups' stamps use it."""
    return datetime.now(UTC).date().isoformat()


@pytest.fixture
def hostile_db(db_path: Path) -> Iterator[Path]:
    """This week's responses: six low ones holding the hostile comment (a theme), a hostile
    respondent at risk, a touchpoint and a follow-up owner and note that hold markup."""
    today = datetime.now(UTC).date()
    items = []
    for i in range(40):
        day = (today - timedelta(days=i % 6)).isoformat()
        items.append(record(csat=5 if i % 3 else 4, nps=9, at=f"{day}T10:00:00Z",
                            touchpoint="<b onmouseover=alert(1)>billing</b>",
                            comment=f"Lovely service {i}"))  # fmt: skip
    for i in range(6):
        day = (today - timedelta(days=i)).isoformat()
        items.append(record(csat=1, nps=2, at=f"{day}T12:00:00Z", touchpoint="support",
                            respondent="<script>alert('who')</script>@example.com",
                            comment=f"{HOSTILE} {i}"))  # fmt: skip
    with open_store(db_path) as store:
        write(store, items)
        low = [row[0] for row in store.conn.execute("SELECT id FROM responses WHERE csat = 1")]
        note = "<script>alert('note')</script>"
        triage.set_followup(store, low[:1], status="open", owner="<i>Eve</i>",
                            due_date="2000-01-01", note=note)  # fmt: skip
        triage.set_followup(store, low[1:2], status="done", owner="Omar & <Co>",
                            note="Called back: <img src=x onerror=alert(1)>")  # fmt: skip
    yield db_path

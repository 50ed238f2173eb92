"""`explain --by attribute:COLUMN`: a kept column the importer did not know is a dimension too."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from csat_tui.cli.main import app

runner = CliRunner()
PLANS = ("free", "pro", "team")


def _csv(path: Path) -> Path:
    """Two weeks of answers; `Plan` repeats `Segment`, so the two must explain alike."""
    rng = random.Random(4)
    lines = ["Date,Rating,Segment,Plan"]
    for i in range(600):
        day = 1 + i % 14
        plan = rng.choice(PLANS)
        low = plan == "pro" and day > 7  # pro got worse in the second week
        rating = rng.choice((1, 2, 3)) if low else rng.choice((3, 4, 5, 5))
        lines.append(f"2026-10-{day:02d}T10:00:00Z,{rating},{plan},{plan}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _explain(db: Path, by: str) -> Any:
    args = ["explain", "--db", str(db), "--format", "json", "--by", by]
    result = runner.invoke(app, [*args, "--since", "2026-10-08", "--until", "2026-10-14"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_an_attribute_explains_as_the_same_values_in_a_known_field(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    imported = runner.invoke(
        app, ["import", str(_csv(tmp_path / "plans.csv")), "--db", str(db), "--json"]
    )
    assert imported.exit_code == 0, imported.stderr
    columns = json.loads(imported.stdout)["files"][0]["columns"]
    assert columns["Segment"] == "segment" and columns["Plan"] == "attribute"
    by_segment = _explain(db, "segment")
    by_plan = _explain(db, "attribute:Plan")
    assert by_plan["by"] == "attribute:Plan"
    assert by_plan["groups"][0]["key"] == "pro" == by_segment["groups"][0]["key"]
    for mine, known in zip(by_plan["groups"], by_segment["groups"], strict=True):
        assert mine["key"] == known["key"]
        assert math.isclose(mine["contribution"], known["contribution"], abs_tol=1e-9)
    assert math.isclose(
        sum(g["contribution"] for g in by_plan["groups"]), by_plan["change"], abs_tol=1e-9
    )

"""`scores --format json`: unrounded numbers and a small-sample flag, for scripts."""

from __future__ import annotations

import csv
import json
import math
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app

runner = CliRunner()


def _write_survey(path: Path, rows: Sequence[tuple[str, int, int | None]]) -> Path:
    """A generic export: id, date, a 1–5 satisfaction score and (when given) a 0–10 NPS."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["response_id", "submitted_at", "How satisfied were you?",
                      "How likely are you to recommend us?"])  # fmt: skip
        for i, (day, score, nps) in enumerate(rows):
            out.writerow([f"r{i}", f"{day}T{10 + i % 10:02d}:00:00Z", score,
                          "" if nps is None else nps])  # fmt: skip
    return path


def _import(path: Path, db: Path) -> None:
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["files"][0]["status"] == "imported"


def _scores(db: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["scores", "--db", str(db), "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


def _worked_example(seed: int) -> list[int]:
    """DESIGN's worked example: 30 fours + 50 fives out of 112 (the other 32 are 1–3)."""
    scores = [4] * 30 + [5] * 50 + [1] * 12 + [2] * 10 + [3] * 10
    random.Random(seed).shuffle(scores)
    return scores


def test_worked_example_pct_is_unrounded_and_not_small(tmp_path: Path) -> None:
    scores = _worked_example(1)
    nps = [(i * 7) % 11 for i in range(len(scores))]
    rows = [(f"2026-10-{1 + i % 28:02d}", s, nps[i]) for i, s in enumerate(scores)]
    db = tmp_path / "store.db"
    _import(_write_survey(tmp_path / "survey.csv", rows), db)
    report = _scores(db)
    csat = report["csat"]
    assert isinstance(csat, dict)
    assert csat["n"] == 112
    assert csat["satisfied"] == 80
    assert csat["pct"] == pytest.approx(80 / 112 * 100, abs=1e-9)
    assert f"{csat['pct']:.4f}" == "71.4286"
    assert csat["small_sample"] is False
    assert csat["mean"] == pytest.approx(sum(scores) / 112, abs=1e-9)
    # The low answers (1–2), the ones that need attention.
    assert csat["low_n"] == 22
    low, high = csat["ci95"]
    assert low < csat["pct"] < high
    assert round(low, 1) != low or round(high, 1) != high  # not rounded to one decimal
    nps_out = report["nps"]
    assert isinstance(nps_out, dict)
    promoters = sum(v >= 9 for v in nps)
    detractors = sum(v <= 6 for v in nps)
    assert nps_out["score"] == pytest.approx((promoters - detractors) / 112 * 100, abs=1e-9)
    assert nps_out["small_sample"] is False
    assert nps_out["low_n"] == detractors
    assert report["ces"] == {"n": 0, "mean": None, "easy": 0, "easy_pct": None, "low_n": 0,
                             "small_sample": True}  # fmt: skip


def test_seven_answers_are_a_small_sample(tmp_path: Path) -> None:
    rows = [("2026-10-01", s, None) for s in (5, 4, 4, 2, 1, 3, 5)]
    db = tmp_path / "store.db"
    _import(_write_survey(tmp_path / "seven.csv", rows), db)
    csat = _scores(db)["csat"]
    assert isinstance(csat, dict)
    assert (csat["n"], csat["satisfied"], csat["small_sample"]) == (7, 4, True)
    assert csat["pct"] == pytest.approx(400 / 7, abs=1e-9)
    assert csat["mean"] == pytest.approx(24 / 7, abs=1e-9)


def test_groups_and_previous_carry_the_same_fields(tmp_path: Path) -> None:
    # October: the 112 of the worked example; September: 7 answers.
    rows = [(f"2026-10-{1 + i % 31:02d}", s, None) for i, s in enumerate(_worked_example(2))]
    rows += [(f"2026-09-{1 + i:02d}", s, None) for i, s in enumerate((5, 5, 4, 1, 2, 3, 5))]
    db = tmp_path / "store.db"
    _import(_write_survey(tmp_path / "two-months.csv", rows), db)
    report = _scores(db, "--since", "2026-10-01", "--until", "2026-10-31", "--by", "day",
                     "--compare", "previous")  # fmt: skip
    groups = report["groups"]
    assert isinstance(groups, list)
    assert {g["csat"]["small_sample"] for g in groups} == {True}
    assert sum(g["csat"]["n"] for g in groups) == 112
    for group in groups:
        csat = group["csat"]
        assert csat["pct"] == pytest.approx(csat["satisfied"] / csat["n"] * 100, abs=1e-9)
    previous = report["previous"]
    assert isinstance(previous, dict)
    assert previous["csat"]["n"] == 7
    assert previous["csat"]["small_sample"] is True
    assert previous["csat"]["pct"] == pytest.approx(400 / 7, abs=1e-9)
    change = previous["change"]["csat_pct"]
    assert change["delta"] == pytest.approx(80 / 112 * 100 - 400 / 7, abs=1e-9)
    assert not math.isclose(change["delta"], round(change["delta"], 1))
    assert 0 < change["p_value"] < 1
    assert isinstance(change["z"], float)


def test_the_table_keeps_its_rounding(tmp_path: Path) -> None:
    rows = [(f"2026-10-{1 + i % 28:02d}", s, None) for i, s in enumerate(_worked_example(3))]
    db = tmp_path / "store.db"
    _import(_write_survey(tmp_path / "survey.csv", rows), db)
    result = runner.invoke(app, ["scores", "--db", str(db)])
    assert result.exit_code == 0
    assert "71.4%" in result.stdout
    assert "71.428" not in result.stdout

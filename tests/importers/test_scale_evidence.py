"""A rating column's scale from its header, else from how often each value occurs."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.importers.planning import (
    WIDER_MIN_SHARE,
    ZERO_MIN_SHARE,
    choose_scale,
    header_scale,
    scale_from_numbers,
)
from csat_tui.scoring import CsatScore, count_answers

Load = Callable[..., Any]

HEADER = "How satisfied were you with the support you received?"

# Google Forms style: 14 real answers on 1–5, 8 of them 4–5, and four impossible values.
VALID = ["5", "4", "2", "5", "3", "4", "1", "5", "3", "4", "2", "5", "3", "4"]
STRAYS = {3: "0", 7: "6", 11: "11", 15: "-1"}


def _forms_csv() -> str:
    cells = list(VALID)
    for at, stray in sorted(STRAYS.items()):
        cells.insert(at, stray)
    lines = [f'Timestamp,Email Address,"{HEADER}"']
    for i, cell in enumerate(cells):
        lines.append(f"2024/03/{i + 1:02d} 10:{i:02d}:00 AM GMT+1,p{i}@example.com,{cell}")
    return "\n".join(lines) + "\n"


def test_valid_answers_are_the_fixture_described() -> None:
    assert len(VALID) == 14
    assert sum(v in ("4", "5") for v in VALID) == 8


def test_the_forms_column_with_strays_stays_1_to_5(load: Load) -> None:
    result = load("form.csv", _forms_csv())
    column = result.column(HEADER)
    assert column.scale == "1-5"
    assert column.how.endswith("1–5: 14 of 18 numeric answers; 4 outside, rejected")
    assert f"'{HEADER}' read on 1–5: 14 of 18 numeric answers; 4 outside, rejected " in (
        " ".join(result.plan.notes) + " "
    )
    answers = [a for r in result.records for a in r.answers]
    assert len(answers) == 14
    score = count_answers("csat", [(a.scale, a.score) for a in answers])
    assert isinstance(score, CsatScore)
    assert (score.n, score.satisfied) == (14, 8)
    assert score.pct is not None and round(score.pct, 1) == 57.1
    assert [(p.value, p.column) for p in result.problems] == [
        (v, HEADER) for _, v in sorted(STRAYS.items())
    ]
    assert [p.reason for p in result.problems[:3]] == [
        "0 is outside the 1–5 scale",
        "6 is outside the 1–5 scale",
        "11 is outside the 1–5 scale",
    ]


def test_more_than_5_percent_rejected_is_warned_after_reading(tmp_path: Path) -> None:
    from csat_tui.importers import ImportOptions, open_file

    path = tmp_path / "form.csv"
    path.write_text(_forms_csv(), encoding="utf-8")
    with open_file(path, ImportOptions(timezone="UTC")) as opened:
        assert not any("were rejected" in n for n in opened.notes)
        list(opened)
        warnings = [n for n in opened.notes if "were rejected" in n]
    assert warnings == [
        f"'{HEADER}': 4 of 18 answers (22%) are not scores on 1–5 and were rejected; "
        f"if the scale is wrong, --map '{HEADER}=csat:LOW-HIGH' gives it"
    ]


def test_one_stray_in_a_long_column_is_not_warned(load: Load) -> None:
    result = load("s.csv", "csat\n" + "5\n4\n3\n" * 10 + "6\n")
    assert result.column("csat").scale == "1-5"
    assert len(result.problems) == 1
    assert not any("were rejected" in n for n in result.plan.notes)


def test_csat_through_the_cli_counts_valid_answers_only(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text(_forms_csv(), encoding="utf-8")
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    done = runner.invoke(app, ["import", str(path), "--db", db, "--json"])
    assert done.exit_code == 0, done.stdout
    summary = json.loads(done.stdout)["files"][0]
    assert (summary["imported"], summary["rejects"]) == (18, 4)
    assert any("(22%) are not scores on 1–5" in m for m in summary["messages"])
    scored = runner.invoke(app, ["scores", "--db", db, "--format", "json"])
    assert scored.exit_code == 0, scored.stdout
    csat = json.loads(scored.stdout)["csat"]
    assert (csat["n"], csat["satisfied"], csat["scale"]) == (14, 8, "1-5")
    assert round(csat["pct"], 1) == 57.1


# --- the header states the scale -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Satisfaction 1-5", "1-5"),
        ("How satisfied are you (1 to 10)?", "1-10"),
        ("Satisfaction 0–10", "0-10"),
        ("Rate us out of 5", "1-5"),
        ("Rating (1—7)", "1-7"),
    ],
)
def test_header_states_the_scale(header: str, scale: str) -> None:
    found = header_scale("csat", header)
    assert found is not None and found.name == scale
    # The header wins over answers that would say otherwise.
    assert choose_scale("csat", header, ["2", "3"] * 10)[0].name == scale


# --- the answers, weighed ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        ([1, 2, 3, 4, 5] * 10 + [6, 7], "1-5"),  # 2 values above 5 in 4 %: strays
        ([1, 2, 3, 4, 5] * 4 + [6, 7] * 4, "1-7"),  # 6 and 7 in 29 %
        ([5] * 20 + [6] * 8, "1-5"),  # one value above 5: a stray, however often
        ([1, 2, 3, 4, 5] * 4 + [11, 42, 99] * 3, "1-5"),  # no scale takes them in
        (list(range(1, 11)) * 5, "1-10"),
        (list(range(0, 11)) * 5, "0-10"),
        (list(range(1, 11)) * 10 + [0], "1-10"),  # a single 0 on 1–10 is a stray
    ],
)
def test_scale_from_numbers(values: list[int], scale: str) -> None:
    assert scale_from_numbers(values)[0].name == scale


def test_the_reason_names_the_evidence() -> None:
    _, why = scale_from_numbers([1, 2, 3, 4, 5] * 4 + [6, 7] * 4 + [9])
    assert why == (
        "1–7: 28 of 29 numeric answers (3 different values above 5 in 31% of them); "
        "1 outside, rejected"
    )


one_to_five = st.lists(st.integers(1, 5), min_size=20, max_size=300)
strays = st.lists(st.sampled_from([0, -1, 6, 7, 8, 9, 10, 11, 12, 42, 99]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(answers=one_to_five, extra=strays, seed=st.integers(0, 2**16))
def test_a_1_to_5_column_with_under_5_percent_strays_reads_as_1_to_5(
    answers: list[int], extra: list[int], seed: int
) -> None:
    kept = extra[: max(0, (len(answers) - 1) // 19)]  # strays < 5 % of all answers
    values = [*answers, *kept]
    random.Random(seed).shuffle(values)
    scale, _, why = choose_scale("csat", "csat", [str(v) for v in values])
    assert scale.name == "1-5"
    if kept:
        assert why.endswith(f"; {len(kept)} outside, rejected")


def _spread(low: int, high: int) -> st.SearchStrategy[list[int]]:
    # Every answer given at least twice, in any proportions: a genuine column of that scale.
    weights = st.lists(st.integers(2, 20), min_size=high - low + 1, max_size=high - low + 1)
    return weights.map(lambda ws: [low + i for i, w in enumerate(ws) for _ in range(w)])


@settings(max_examples=200, deadline=None)
@given(answers=_spread(0, 10))
def test_a_genuine_0_to_10_column_stays_0_to_10(answers: list[int]) -> None:
    # Genuine: its top answers (8–10) are common; zeros are no typo when 5 % or more.
    assume(sum(a > 7 for a in answers) >= WIDER_MIN_SHARE * len(answers))
    zeros = answers.count(0) / len(answers)
    scale = choose_scale("csat", "csat", answers)[0]
    assert scale.name == ("0-10" if zeros >= ZERO_MIN_SHARE else "1-10")


@settings(max_examples=200, deadline=None)
@given(answers=_spread(1, 7))
def test_a_genuine_1_to_7_column_stays_1_to_7(answers: list[int]) -> None:
    above = sum(a > 5 for a in answers) / len(answers)
    scale = choose_scale("csat", "csat", answers)[0]
    assert scale.name == ("1-7" if above >= WIDER_MIN_SHARE else "1-5")


@settings(max_examples=100, deadline=None)
@given(answers=_spread(1, 10))
def test_a_genuine_1_to_10_column_stays_1_to_10(answers: list[int]) -> None:
    assume(sum(a > 7 for a in answers) >= WIDER_MIN_SHARE * len(answers))
    assert choose_scale("csat", "csat", answers)[0].name == "1-10"

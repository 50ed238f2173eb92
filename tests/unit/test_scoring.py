"""Score definitions: DESIGN.md's worked examples, known values, and invariants for all inputs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.scoring import (
    count_answers,
    csat_pct,
    nps,
    nps_change,
    nps_margin,
    previous_period,
    proportion_change,
    rule_for,
    wilson,
)
from csat_tui.scoring.metrics import CsatScore, NpsScore
from csat_tui.scoring.scales import RULES, Scale, band


def test_design_worked_example_thirty_fours_and_fifty_fives_of_112() -> None:
    answers = [("1-5", 4)] * 30 + [("1-5", 5)] * 50 + [("1-5", 2)] * 32
    score = count_answers("csat", answers)
    assert isinstance(score, CsatScore)
    assert score.n == 112
    assert score.satisfied == 80
    assert score.pct == pytest.approx(71.428, abs=0.001)
    assert round(score.pct or 0) == 71


def test_design_worked_example_eighty_of_a_hundred() -> None:
    assert csat_pct(80, 100) == 80.0


@pytest.mark.parametrize(
    ("scale", "satisfied", "low"),
    [
        ("1-5", {4, 5}, {1, 2}),
        ("1-7", {6, 7}, {1, 2}),
        ("1-10", {9, 10}, {1, 2}),
        ("1-3", {3}, {1}),
        ("1-2", {2}, {1}),
    ],
)
def test_csat_top_two_and_bottom_two_boxes(scale: str, satisfied: set[int], low: set[int]) -> None:
    s = Scale.parse(scale)
    for score in range(s.low, s.high + 1):
        expected = "high" if score in satisfied else "low" if score in low else "neutral"
        assert band("csat", scale, score) == expected, score


def test_nps_and_ces_bands() -> None:
    assert [band("nps", "0-10", s) for s in (0, 6, 7, 8, 9, 10)] == [
        "low", "low", "neutral", "neutral", "high", "high"
    ]  # fmt: skip
    assert [band("ces", "1-7", s) for s in (1, 3, 4, 5, 7)] == [
        "low", "low", "neutral", "high", "high"
    ]  # fmt: skip


def test_rules_say_themselves_in_words() -> None:
    assert rule_for("csat", "1-5").describe() == "satisfied = 4–5 of 5; low = 1–2"
    assert rule_for("csat", "1-2").describe() == "satisfied = good; low = bad"
    assert rule_for("nps", "0-10").describe() == "promoter = 9–10 of 10; low = 0–6"


def test_unknown_scale_is_an_error() -> None:
    with pytest.raises(ValueError, match="csat is not answered on a 0-4 scale"):
        rule_for("csat", "0-4")


def test_nps_worked_example() -> None:
    # 50 promoters, 30 passives, 20 detractors → 50 % − 20 % = 30.
    score = count_answers("nps", [("0-10", 10)] * 50 + [("0-10", 8)] * 30 + [("0-10", 3)] * 20)
    assert isinstance(score, NpsScore)
    assert (score.promoters, score.passives, score.detractors) == (50, 30, 20)
    assert score.score == 30.0


def test_wilson_known_value() -> None:
    low, high = wilson(8, 10) or (0, 0)
    assert low == pytest.approx(49.02, abs=0.01)
    assert high == pytest.approx(94.33, abs=0.01)


def test_wilson_edges_are_clamped() -> None:
    none_of_ten, all_of_ten = wilson(0, 10), wilson(10, 10)
    assert none_of_ten is not None and none_of_ten[0] == 0.0
    assert all_of_ten is not None and all_of_ten[1] == 100.0
    assert wilson(0, 0) is None


def test_nps_margin_known_value() -> None:
    # p+ = .5, p- = .2: variance = .7 − .09 = .61; n = 100 → 1.96·√.0061·100 ≈ 15.3.
    assert nps_margin(50, 20, 100) == pytest.approx(15.31, abs=0.01)


def test_significant_change_and_noise() -> None:
    big = proportion_change(80, 100, 60, 100)
    assert big is not None and big.delta == pytest.approx(20) and big.significant
    small = proportion_change(41, 50, 40, 50)
    assert small is not None and not small.significant
    assert proportion_change(1, 1, 0, 0) is None
    nps_move = nps_change(60, 10, 200, 40, 30, 200)
    assert nps_move is not None and nps_move.delta == pytest.approx(20) and nps_move.significant


def test_previous_period_has_equal_length() -> None:
    assert previous_period(date(2026, 10, 1), date(2026, 10, 31)) == (
        date(2026, 8, 31),
        date(2026, 9, 30),
    )


answer_lists = st.sampled_from([k for k in RULES if k[0] == "csat"]).flatmap(
    lambda key: st.lists(
        st.integers(Scale.parse(key[1]).low, Scale.parse(key[1]).high), max_size=200
    ).map(lambda scores: [(key[1], s) for s in scores])
)


@given(answer_lists)
def test_csat_pct_stays_within_0_and_100(answers: list[tuple[str, int]]) -> None:
    score = count_answers("csat", answers)
    assert isinstance(score, CsatScore)
    if score.n:
        assert 0 <= (score.pct or 0) <= 100
    else:
        assert score.pct is None


@given(answer_lists)
def test_adding_a_satisfied_answer_never_lowers_csat(answers: list[tuple[str, int]]) -> None:
    scale = answers[0][0] if answers else "1-5"
    before = count_answers("csat", answers)
    after = count_answers("csat", [*answers, (scale, Scale.parse(scale).high)])
    assert isinstance(before, CsatScore) and isinstance(after, CsatScore)
    assert (after.pct or 0) >= (before.pct or 0)


@given(st.lists(st.integers(0, 10), max_size=300))
def test_nps_stays_within_minus_100_and_100(scores: list[int]) -> None:
    score = count_answers("nps", [("0-10", s) for s in scores])
    assert isinstance(score, NpsScore)
    if scores:
        assert -100 <= (score.score or 0) <= 100
        assert score.score == nps(score.promoters, score.detractors, score.n)


@given(st.integers(0, 500), st.integers(0, 500))
def test_wilson_interval_contains_the_point_estimate(k: int, extra: int) -> None:
    n = k + extra
    interval = wilson(k, n)
    if n == 0:
        assert interval is None
        return
    assert interval is not None
    low, high = interval
    assert 0 <= low <= k / n * 100 <= high <= 100

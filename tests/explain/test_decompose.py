"""The decomposition: parts add up to the change exactly, and each effect means what it says."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.scoring.decompose import GroupInput, Side, decompose

# (answers, satisfied) per group and period; 0 answers means the group is absent then.
counts = st.integers(min_value=0, max_value=400).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))
)
group_counts = st.lists(st.tuples(counts, counts), min_size=1, max_size=8)
Groups = list[tuple[tuple[int, int], tuple[int, int]]]


def _side(n: int, k: int) -> Side:
    return Side(n, k / n * 100 if n else None)


def _inputs(groups: list[tuple[tuple[int, int], tuple[int, int]]]) -> list[GroupInput]:
    return [
        GroupInput(f"g{i}", _side(*before), _side(*now)) for i, (before, now) in enumerate(groups)
    ]


def _pct(groups: list[tuple[tuple[int, int], tuple[int, int]]], period: int) -> float:
    n = sum(g[period][0] for g in groups)
    return sum(g[period][1] for g in groups) / n * 100


@given(group_counts)
def test_contributions_add_up_to_the_change(groups: Groups) -> None:
    result = decompose(_inputs(groups))
    if sum(g[0][0] for g in groups) == 0 or sum(g[1][0] for g in groups) == 0:
        assert result is None
        return
    assert result is not None
    expected = _pct(groups, 1) - _pct(groups, 0)
    assert math.isclose(result.change, expected, abs_tol=1e-9)
    total = math.fsum(p.contribution for p in result.parts)
    assert math.isclose(total, expected, abs_tol=1e-9)
    for p in result.parts:
        assert math.isclose(p.contribution, p.rate_effect + p.mix_effect, abs_tol=1e-12)
    sizes = [abs(p.contribution) for p in result.parts]
    assert sizes == sorted(sizes, reverse=True)


@given(group_counts, counts, st.integers(min_value=1, max_value=5))
def test_a_group_whose_score_and_share_hold_contributes_nothing(
    others: list[tuple[tuple[int, int], tuple[int, int]]],
    steady: tuple[int, int],
    scale: int,
) -> None:
    """The other groups change as they like; the steady one keeps its score and its share."""
    n, k = steady if steady[0] else (10, 3)
    gap = sum(g[1][0] for g in others) - sum(g[0][0] for g in others)
    # A balancing group makes both periods equally large before the current one is scaled.
    balance = ((max(gap, 0) + 5, 2), (max(-gap, 0) + 5, 4))
    groups = [*others, balance, ((n, k), (n, k))]
    groups = [(before, (now[0] * scale, now[1] * scale)) for before, now in groups]
    result = decompose(_inputs(groups))
    assert result is not None
    part = next(p for p in result.parts if p.key == f"g{len(groups) - 1}")
    assert math.isclose(part.previous_share, part.current_share, abs_tol=1e-12)
    assert math.isclose(part.rate_effect, 0, abs_tol=1e-9)
    assert math.isclose(part.mix_effect, 0, abs_tol=1e-9)
    assert math.isclose(part.contribution, 0, abs_tol=1e-9)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=50),  # answers in the group's base block
            st.floats(min_value=0, max_value=1),  # share of them satisfied
            st.integers(min_value=1, max_value=6),  # blocks in the previous period
            st.integers(min_value=1, max_value=6),  # blocks in the current period
        ),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=200)
def test_moving_answers_between_periods_without_changing_scores_is_pure_mix(
    groups: list[tuple[int, float, int, int]],
) -> None:
    """Each group repeats the same block of answers: more or fewer of them, same score."""
    data = []
    for n, p, before, now in groups:
        k = round(n * p)
        data.append(((before * n, before * k), (now * n, now * k)))
    result = decompose(_inputs(data))
    assert result is not None
    for part in result.parts:
        assert math.isclose(part.rate_effect, 0, abs_tol=1e-9)
    expected = _pct(data, 1) - _pct(data, 0)
    assert math.isclose(math.fsum(p.mix_effect for p in result.parts), expected, abs_tol=1e-9)


def test_a_group_that_appears_is_all_mix() -> None:
    result = decompose(
        [
            GroupInput("old", Side(100, 80.0), Side(100, 80.0)),
            GroupInput("new", Side(0, None), Side(100, 20.0)),
        ]
    )
    assert result is not None
    assert math.isclose(result.change, 50.0 - 80.0)
    new = next(p for p in result.parts if p.key == "new")
    assert new.rate_effect == 0
    # Its share went 0 → ½ at a score of 20 against an overall mean of (80 + 50) / 2 = 65.
    assert math.isclose(new.mix_effect, (20 - 65) * 0.5)
    assert math.isclose(math.fsum(p.contribution for p in result.parts), -30.0)


def test_worked_example() -> None:
    """Two groups: A 80 % → 60 % at shares ½ → ¼, B 60 % → 60 % at ½ → ¾."""
    result = decompose(
        [
            GroupInput("A", Side(50, 80.0), Side(25, 60.0)),
            GroupInput("B", Side(50, 60.0), Side(75, 60.0)),
        ]
    )
    assert result is not None
    assert math.isclose(result.change, 60.0 - 70.0)
    a, b = {p.key: p for p in result.parts}["A"], {p.key: p for p in result.parts}["B"]
    # A: rate = 0.375 · (−20) = −7.5; mix = (70 − 65) · (−0.25) = −1.25.
    assert math.isclose(a.rate_effect, -7.5)
    assert math.isclose(a.mix_effect, -1.25)
    # B: rate 0; mix = (60 − 65) · 0.25 = −1.25.
    assert b.rate_effect == 0
    assert math.isclose(b.mix_effect, -1.25)
    assert [p.key for p in result.parts] == ["A", "B"]


def test_no_answers_in_a_period_gives_nothing() -> None:
    assert decompose([GroupInput("A", Side(0, None), Side(10, 50.0))]) is None

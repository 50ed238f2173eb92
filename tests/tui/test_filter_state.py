"""The app's filter state as a plain value: every key's change, without Textual."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.services.periods import CYCLE, PRESETS, Preset
from csat_tui.tui.filter_state import DEFAULT_PRESET, FilterState

TODAY = date(2026, 10, 31)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


def test_the_first_state_is_the_last_90_days() -> None:
    first = FilterState.first(TODAY)
    assert first.preset == DEFAULT_PRESET == "90d"
    assert (first.filter.since, first.filter.until) == (TODAY - timedelta(days=89), TODAY)
    assert first.is_first(TODAY)
    assert not first.next_band().is_first(TODAY)
    assert not first.is_first(TODAY + timedelta(days=1))


@given(days)
def test_p_steps_through_every_period_and_back(today: date) -> None:
    state = FilterState(Filter(band="low"), "custom")
    seen: list[Preset] = []
    for _ in range(len(CYCLE) + 1):
        state = state.next_period(today)
        seen.append(state.preset)
        since, until = state.filter.since, state.filter.until
        if state.preset == "all":
            assert since is None and until is None
        else:
            assert since is not None and until == today and since <= today
        assert state.filter.band == "low"  # only the dates change
    assert seen == [*CYCLE, CYCLE[0]]


def test_b_steps_through_the_bands_and_says_which() -> None:
    state = FilterState(Filter(metric="nps"), "all")
    said = []
    for _ in range(4):
        state = state.next_band()
        said.append(state.band_said())
    assert said == ["low on NPS", "neutral on NPS", "high on NPS", "any score"]
    assert state.filter == Filter(metric="nps")


def test_c_toggles_complete_only_and_x_clears_everything() -> None:
    state = FilterState(Filter(touchpoints=("billing",), text="refund"), "7d")
    assert state.toggle_complete().filter.complete_only
    assert state.toggle_complete().toggle_complete() == state
    assert state.cleared() == FilterState(Filter(), "all")


@pytest.mark.parametrize(
    ("by", "field"),
    [
        ("touchpoint", "touchpoints"),
        ("segment", "segments"),
        ("channel", "channels"),
        ("agent", "agents"),
        ("team", "teams"),
        ("source", "sources"),
    ],
)
def test_a_breakdown_row_narrows_its_own_dimension(by: str, field: str) -> None:
    state = FilterState(Filter(band="low", text="late"), "30d")
    narrowed = state.group(by, "billing")
    assert getattr(narrowed.filter, field) == ("billing",)
    others = {name for name in vars(Filter()) if name != field}
    assert all(getattr(narrowed.filter, n) == getattr(state.filter, n) for n in others)
    assert narrowed.preset == "30d"


@given(st.sampled_from(PRESETS), days, days)
def test_the_dialog_dates_a_preset_and_keeps_a_typed_range(
    preset: Preset, since: date, today: date
) -> None:
    typed = Filter(since=since, until=since + timedelta(days=3), segments=("smb",))
    chosen = FilterState.first(today).chosen(typed, preset, today)
    assert chosen.preset == preset and chosen.filter.segments == ("smb",)
    if preset == "custom":
        assert chosen.filter == typed
    else:
        assert chosen.filter == FilterState(typed, preset).dated(today).filter


def test_search_sets_only_the_text() -> None:
    state = FilterState(Filter(band="high"), "7d")
    assert state.searched("refund -late") == FilterState(
        Filter(band="high", text="refund -late"), "7d"
    )

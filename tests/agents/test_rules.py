"""Agent names, the filter's new fields, and the daily rows for agents and teams."""

from __future__ import annotations

import string
from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.errors import FilterError
from csat_tui.filters import Filter
from csat_tui.importers.agent_names import agent_name
from csat_tui.store.aggregates import score_counts, score_counts_by
from csat_tui.store.db import Store
from tests.helpers import record, write

names = st.text(alphabet=string.ascii_letters + " .'-éö", min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
emails = st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.[a-z]{2,3}", fullmatch=True)


@given(names, emails, st.sampled_from(["({})", "<{}>", " ( {} ) "]))
def test_name_with_an_address_is_the_name(name: str, email: str, brackets: str) -> None:
    assert agent_name(f"{name} {brackets.format(email)}") == name.strip()


@given(names)
def test_a_plain_name_is_kept_trimmed(name: str) -> None:
    assert agent_name(f"  {name} ") == name.strip()


@pytest.mark.parametrize(
    ("cell", "stored"),
    [("", None), ("   ", None), (None, None), ("sam@example.com", "sam@example.com"),
     ("(sam@example.com)", "(sam@example.com)"), ("Sam (Tier 2)", "Sam (Tier 2)")],
)  # fmt: skip
def test_agent_name_edges(cell: str | None, stored: str | None) -> None:
    assert agent_name(cell) == stored


texts = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != "")


@given(
    st.lists(texts, max_size=3).map(tuple),
    st.lists(texts, max_size=3).map(tuple),
    st.lists(st.tuples(texts, st.text(max_size=12)), max_size=4).map(tuple),
)
def test_filter_json_round_trip_keeps_agents_teams_and_where(
    agents: tuple[str, ...], teams: tuple[str, ...], where: tuple[tuple[str, str], ...]
) -> None:
    flt = Filter(agents=agents, teams=teams, where=where)
    back = Filter.from_json(flt.to_json())
    assert back.agents == agents and back.teams == teams
    assert back.where_by_key() == flt.where_by_key()


def test_describe_says_agents_teams_and_columns_in_words() -> None:
    flt = Filter(
        agents=("Sam", "Lee"), teams=("Billing",),
        where=(("Agent Shift", "Morning"), ("Agent Shift", "Evening"), ("Tier", "Gold")),
    )  # fmt: skip
    assert flt.describe() == (
        "agent Sam or Lee; team Billing; Agent Shift is Morning or Evening; Tier is Gold"
    )


def test_a_where_with_no_column_is_refused() -> None:
    with pytest.raises(FilterError, match="column name"):
        Filter(where=((" ", "x"),))


Row = tuple[str | None, str | None, int | None, int, str]
AGENTS = ["Sam", "Lee", None]
TEAMS = ["Billing", None]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(AGENTS),
            st.sampled_from(TEAMS),
            st.integers(1, 5) | st.none(),
            st.integers(1, 4),
            st.sampled_from(["Morning", "Night", ""]),
        ),
        min_size=1,
        max_size=25,
    ),
    st.lists(st.integers(0, 24), max_size=3),
)
def test_daily_rows_answer_agent_and_team_as_responses_do(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[Row],
    split: list[int],
) -> None:
    from csat_tui.store.db import open_store

    path = tmp_path_factory.mktemp("daily") / "store.db"
    with open_store(path) as store:
        records = [
            record(csat, at=f"2026-10-0{day}T10:00:00Z", agent=agent, team=team,
                   attributes={"Shift": shift} if shift else {})
            for agent, team, csat, day, shift in rows
        ]  # fmt: skip
        # Several imports, so later ones recompute days that already have rows.
        cuts = sorted({0, *[c for c in split if c < len(records)], len(records)})
        for n, (start, end) in enumerate(pairwise(cuts)):
            write(store, records[start:end], checksum=f"c{n}")
        check_daily_matches(store, rows)


def check_daily_matches(
    store: Store, rows: list[tuple[str | None, str | None, int | None, int, str]]
) -> None:
    for by in ("agent", "team"):
        assert score_counts_by(store, Filter(), by) == score_counts_by(
            store, Filter(), by, use_daily=False
        )
    for agent in ("Sam", "Lee"):
        flt = Filter(agents=(agent,), since=date(2026, 10, 2))
        assert score_counts(store, flt) == score_counts(store, flt, use_daily=False)
        assert score_counts(store, flt).responses == sum(
            1 for a, _, _, day, _ in rows if a == agent and day >= 2
        )
    night = score_counts(store, Filter(where=(("Shift", "Night"),)))
    assert night.responses == sum(1 for *_, shift in rows if shift == "Night")
    by_shift = {g.key: g.responses for g in score_counts_by(store, Filter(), "attribute:Shift")}
    expected: dict[str | None, int] = {}
    for *_, shift in rows:
        expected[shift or None] = expected.get(shift or None, 0) + 1
    assert by_shift == expected

"""Every kept column with its most common values (the filter dialog's column section),
against counts read from the imported file with the csv module alone."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.services.dashboard import load_columns, load_facets
from csat_tui.services.opening import opener_for
from csat_tui.store import facets as facets_module
from csat_tui.store.db import open_store
from csat_tui.store.facets import ColumnValues, column_facets
from tests.helpers import record, write

FIXTURES = Path(__file__).parent.parent / "importers" / "fixtures"
SUPPORT = FIXTURES / "real" / "ecommerce_support_csat.csv"


@pytest.fixture
def support(db_path: Path) -> Path:
    result = CliRunner().invoke(app, ["import", str(SUPPORT), "--db", str(db_path)])
    assert result.exit_code == 0, result.stderr
    return db_path


def read_column(column: str) -> Counter[str]:
    """How many rows of the file have each value of `column` (empty cells left out)."""
    with SUPPORT.open(encoding="utf-8", newline="") as handle:
        return Counter(v for row in csv.DictReader(handle) if (v := row[column].strip()))


def most_common(counts: Counter[str]) -> list[tuple[str, int]]:
    """The TOP_VALUES most common, ties by name (as the dialog lists them)."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))
    return ordered[: facets_module.TOP_VALUES]


def rows_in_file() -> int:
    with SUPPORT.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def by_dimension(found: tuple[ColumnValues, ...]) -> dict[str, ColumnValues]:
    return {c.dimension: c for c in found}


@pytest.mark.parametrize("column", ["Agent Shift", "Supervisor", "Tenure Bucket", "Manager"])
def test_a_kept_columns_top_values_are_the_files_counts(support: Path, column: str) -> None:
    expected = read_column(column)
    found = by_dimension(load_columns(opener_for(support)))[f"attribute:{column}"]
    assert found.name == column and found.key == column
    assert not found.sampled and found.counted == rows_in_file()
    assert found.distinct == len(expected)
    assert found.with_value == sum(expected.values())
    assert found.without_value == rows_in_file() - sum(expected.values())
    assert list(found.values) == most_common(expected)


def test_agent_is_listed_with_its_counts_and_the_columns_in_the_facets(support: Path) -> None:
    expected = read_column("Agent_name")
    found = by_dimension(load_columns(opener_for(support)))
    agent = found["agent"]
    assert agent.key is None
    assert list(agent.values) == most_common(expected)
    assert agent.distinct == len(expected)
    facets = load_facets(opener_for(support))
    assert "Agent Shift" in facets.columns and "Supervisor" in facets.columns
    assert "attribute:Supervisor" in facets.dimensions and "agent" in facets.dimensions
    assert set(facets.agents) == set(expected)


def test_a_column_with_too_many_values_lists_none(
    support: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(facets_module, "MAX_DISTINCT", 5)
    found = by_dimension(load_columns(opener_for(support)))
    supervisor = found["attribute:Supervisor"]
    assert len(read_column("Supervisor")) > 5
    assert supervisor.distinct is None and supervisor.values == ()
    assert supervisor.with_value is None and supervisor.without_value is None
    assert found["attribute:Agent Shift"].distinct == len(read_column("Agent Shift"))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plans=st.lists(st.sampled_from(["basic", "pro", "team", None]), min_size=1, max_size=40),
    window=st.integers(min_value=1, max_value=50),
)
def test_a_big_store_counts_the_latest_responses(
    tmp_path_factory: pytest.TempPathFactory, plans: list[str | None], window: int
) -> None:
    """Over WINDOW responses, the counts are those of the latest ones (by import order),
    the same as a count of their `attributes` read by json_each."""
    path = tmp_path_factory.mktemp("window") / "store.db"
    with open_store(path) as store:
        write(
            store,
            [
                record(5, external_id=f"r{i}", attributes={"Plan": p} if p else {})
                for i, p in enumerate(plans)
            ],
        )
        old = facets_module.WINDOW
        facets_module.WINDOW = window
        try:
            found = by_dimension(column_facets(store))
        finally:
            facets_module.WINDOW = old
        latest = store.conn.execute(
            "SELECT id, attributes ->> '$.Plan' FROM responses ORDER BY id DESC LIMIT ?",
            (window,),
        ).fetchall()
    expected = Counter(p for _, p in latest if p is not None)
    if not expected and not any(plans):
        assert "attribute:Plan" not in found
        return
    plan = found["attribute:Plan"]
    assert plan.sampled == (len(plans) > window)
    assert plan.counted == len(latest)
    assert {v: n for v, n in plan.values if n} == dict(expected)
    assert plan.without_value == len(latest) - sum(expected.values())

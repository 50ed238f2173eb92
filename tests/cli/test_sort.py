"""`responses --sort … --limit … --after …`: every page in order, each response once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from tests.helpers import record, write

runner = CliRunner()

SCORES = [3, 1, 5, 1, 4, 2, 5, 3, 1, 4, 2, 2]


@pytest.fixture
def store_path(db_path: Path) -> Path:
    from csat_tui.store.db import open_store

    with open_store(db_path) as store:
        write(
            store,
            [
                record(s, 10 - i, at=f"2026-10-{i + 1:02d}T09:00:00Z", external_id=f"r{i}")
                for i, s in enumerate(SCORES)
            ]
            + [record(None, 7, at=None, external_id="undated")],
        )
    return db_path


def walk(db: Path, *options: str) -> list[dict[str, object]]:
    """Every page of `responses --format json`, following the printed token."""
    rows: list[dict[str, object]] = []
    after: list[str] = []
    for _ in range(50):
        result = runner.invoke(
            app, ["responses", "--db", str(db), "--format", "json", *options, *after]
        )
        assert result.exit_code == 0, result.stderr
        rows += json.loads(result.stdout)
        found = re.search(r"--after (\S+)", result.stderr)
        if found is None:
            return rows
        after = ["--after", found.group(1)]
    raise AssertionError("paging never ended")


@pytest.mark.parametrize("limit", ["1", "5", "50"])
def test_lowest_and_highest_csat_first(store_path: Path, limit: str) -> None:
    lowest = walk(store_path, "--sort", "lowest", "--limit", limit)
    assert [r["csat"] for r in lowest] == sorted(SCORES)
    assert len({r["id"] for r in lowest}) == len(SCORES)
    highest = walk(store_path, "--sort", "highest", "--limit", limit)
    assert [r["csat"] for r in highest] == sorted(SCORES, reverse=True)


def test_sort_by_another_metric(store_path: Path) -> None:
    rows = walk(store_path, "--sort", "lowest", "--metric", "nps", "--limit", "4")
    nps = [int(str(r["nps"])) for r in rows]
    assert nps == sorted(nps) and len(nps) == len(SCORES) + 1


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_dates_first_or_last_and_undated_once(store_path: Path, sort: str) -> None:
    rows = walk(store_path, "--sort", sort, "--limit", "3")
    dated = [str(r["submitted_at"]) for r in rows if r["submitted_at"]]
    assert dated == sorted(dated, reverse=sort == "newest")
    assert len(rows) == len(SCORES) + 1
    assert (rows[-1] if sort == "newest" else rows[0])["external_id"] == "undated"


def test_a_bad_page_token_is_a_usage_error(store_path: Path) -> None:
    result = runner.invoke(
        app, ["responses", "--db", str(store_path), "--sort", "lowest", "--after", "2026-10-01,3"]
    )
    assert result.exit_code == 2
    assert "page token" in result.stderr


@pytest.fixture
def customers_path(db_path: Path) -> Path:
    from csat_tui.store.db import open_store

    with open_store(db_path) as store:
        write(
            store,
            [
                record(
                    csat,
                    nps,
                    respondent=f"c{who}@example.com",
                    at=f"2026-10-{(who * 3 + day) % 28 + 1:02d}T09:00:00Z",
                )
                for who in range(9)
                for day, (csat, nps) in enumerate([(1, None), (2, 3), (1 if who % 2 else 5, 10)])
            ],
        )
    return db_path


@pytest.mark.parametrize("tier", ["--at-risk", "--advocates"])
def test_customers_pages_add_up_to_the_whole_list(customers_path: Path, tier: str) -> None:
    def run(*options: str) -> tuple[list[dict[str, object]], str]:
        result = runner.invoke(
            app, ["customers", "--db", str(customers_path), tier, "--format", "json", *options]
        )
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout), result.stderr

    whole, said = run("--limit", "1000")
    assert whole and "--after" not in said
    pages: list[dict[str, object]] = []
    after: list[str] = []
    for _ in range(20):
        rows, said = run("--limit", "2", *after)
        pages += rows
        found = re.search(r"--after (\S+)", said)
        if found is None:
            break
        after = ["--after", found.group(1)]
    assert pages == whole


def test_a_bad_customers_token_is_a_usage_error(customers_path: Path) -> None:
    result = runner.invoke(app, ["customers", "--db", str(customers_path), "--after", "nope"])
    assert result.exit_code == 2
    assert "page token" in result.stderr

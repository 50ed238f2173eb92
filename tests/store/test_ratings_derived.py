"""The ratings read back are the answers the file gave, whether stored or derived.

Random files (one column per metric, several columns of one metric, blank cells, copies of
a row inside a file and across files) are imported through the real import, and every
response's ratings, read through the `ratings` view, the detail screen's service and the
duplicates' comparison, are compared with a plain reading of the file's cells.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csat_tui.importers.model import ImportOptions
from csat_tui.services.importing import import_file
from csat_tui.store import browse, prepare
from csat_tui.store.db import Store, open_store
from csat_tui.store.duplicates import stored_parts

COLUMNS = (
    ("How satisfied were you?", "csat", "1-5"),
    ("Satisfied with the agent?", "csat", "1-7"),
    ("How likely are you to recommend us?", "nps", "0-10"),
    ("How easy was it?", "ces", "1-7"),
)
"""(header, metric, scale): a file has some of them, in any order."""

Answer = tuple[str, str, int, str]
Row = tuple[str, tuple[int | None, ...], str]
"""(id, a score or blank per rating column, comment)."""


def _bounds(scale: str) -> tuple[int, int]:
    low, high = scale.split("-")
    return int(low), int(high)


@st.composite
def files(draw: st.DrawFn) -> tuple[list[tuple[str, str, str]], list[Row]]:
    chosen = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4, unique=True))
    ids = [f"r{n}" for n in range(draw(st.integers(1, 12)))]
    rows: list[Row] = []
    for _ in range(draw(st.integers(1, 16))):
        if rows and draw(st.integers(0, 4)) == 0:
            rows.append(draw(st.sampled_from(rows)))  # an exact copy
            continue
        scores = tuple(draw(st.none() | st.integers(*_bounds(scale))) for _, _, scale in chosen)
        comment = draw(st.sampled_from(["", "fine", "slow reply"]))
        rows.append((draw(st.sampled_from(ids)), scores, comment))
    return chosen, rows


def _write(path: Path, columns: list[tuple[str, str, str]], rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", *(header for header, _, _ in columns), "comment"])
        for external_id, scores, comment in rows:
            writer.writerow([external_id, *("" if s is None else s for s in scores), comment])


def _read(path: Path, columns: list[tuple[str, str, str]]) -> dict[str, list[Answer]]:
    """A plain reading of the file: each id's first row, as answers in column order."""
    roles = {header: (metric, scale) for header, metric, scale in columns}
    found: dict[str, list[Answer]] = {}
    with path.open(newline="", encoding="utf-8") as source:
        for line in csv.DictReader(source):
            if line["id"] in found:
                continue
            found[line["id"]] = [
                (roles[header][0], header, int(cell), roles[header][1])
                for header, cell in line.items()
                if header in roles and cell != ""
            ]
    return found


def _import(store: Store, path: Path, columns: list[tuple[str, str, str]]) -> None:
    mapping = {header: f"{metric}:{scale}" for header, metric, scale in columns}
    mapping["comment"] = "comment"
    report = import_file(store, path, ImportOptions(mapping=mapping))
    assert report.status == "imported", report.messages


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=files(), second=files(), batch=st.sampled_from([2, 5, 2000]))
def test_ratings_read_back_are_the_answers_of_the_file(
    first: tuple[list[tuple[str, str, str]], list[Row]],
    second: tuple[list[tuple[str, str, str]], list[Row]],
    batch: int,
) -> None:
    # Small batches: a copy is compared with a response an earlier batch stored.
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(prepare, "BATCH_SIZE", batch)
        expected: dict[str, list[Answer]] = {}
        with open_store(Path(folder) / "store.db") as store:
            for n, (columns, rows) in enumerate((first, second)):
                path = Path(folder) / f"file{n}.csv"
                _write(path, columns, rows)
                _import(store, path, columns)
                # The first file's response stays for an id both files have.
                expected = {**_read(path, columns), **expected}
            stored = dict(store.conn.execute("SELECT external_id, id FROM responses"))
            assert set(stored) <= set(expected)
            # Every id with an answer is a response.
            assert {ext for ext, answers in expected.items() if answers} <= set(stored)
            view: dict[int, list[Answer]] = {}
            for response_id, *answer in store.conn.execute(
                "SELECT response_id, metric, question, score, scale FROM ratings"
                " ORDER BY response_id, position"
            ):
                view.setdefault(response_id, []).append(
                    (answer[0], answer[1], answer[2], answer[3])
                )
            parts = stored_parts(store.conn, "generic", 0, list(stored))
            for external_id, response_id in stored.items():
                answers = expected[external_id]
                assert view.get(response_id, []) == answers, external_id
                shown = browse.detail(store, response_id).ratings
                assert [(r.metric, r.question, r.score, r.scale) for r in shown] == answers
                assert list(parts[external_id][0][2]) == answers

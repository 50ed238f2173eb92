"""The SQL aggregates agree with the Python definitions, for any set of answers."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.scoring.metrics import count_answers
from csat_tui.scoring.scales import RULES, Scale
from csat_tui.store.aggregates import distribution, score_counts, score_counts_by
from csat_tui.store.db import open_store
from tests.helpers import record, write

csat_scales = [name for (metric, name) in RULES if metric == "csat"]


@st.composite
def responses(draw: st.DrawFn) -> list[tuple[str, int | None, int | None, int | None]]:
    out = []
    for _ in range(draw(st.integers(0, 60))):
        scale = draw(st.sampled_from(csat_scales))
        s = Scale.parse(scale)
        csat = draw(st.none() | st.integers(s.low, s.high))
        nps = draw(st.none() | st.integers(0, 10))
        ces = draw(st.none() | st.integers(1, 7))
        out.append((scale, csat, nps, ces))
    return out


@settings(max_examples=60, deadline=None)
@given(responses(), st.booleans())
def test_sql_scores_equal_python_scores(
    rows: list[tuple[str, int | None, int | None, int | None]], one_scale: bool
) -> None:
    if one_scale:
        rows = [("1-5", min(c, 5) if c is not None else None, n, e) for _, c, n, e in rows]
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "s.db") as store:
        write(store, [record(c, n, e, scale=scale) for scale, c, n, e in rows])
        counts = score_counts(store, Filter())
        assert counts.responses == len(rows)
        assert counts.csat == count_answers(
            "csat", [(scale, c) for scale, c, _, _ in rows if c is not None]
        )
        assert counts.nps == count_answers(
            "nps", [("0-10", n) for _, _, n, _ in rows if n is not None]
        )
        assert counts.ces == count_answers(
            "ces", [("1-7", e) for _, _, _, e in rows if e is not None]
        )


def test_groups_and_distribution(store: object) -> None:
    from csat_tui.store.db import Store

    assert isinstance(store, Store)
    write(
        store,
        [
            record(5, touchpoint="billing", at="2026-10-05T10:00:00Z"),
            record(1, touchpoint="billing", at="2026-10-12T10:00:00Z"),
            record(4, touchpoint="support", at="2026-10-12T11:00:00Z"),
        ],
    )
    by_touchpoint = score_counts_by(store, Filter(), "touchpoint")
    assert [(g.key, g.csat.n, g.csat.satisfied) for g in by_touchpoint] == [
        ("billing", 2, 1),
        ("support", 1, 1),
    ]
    weeks = score_counts_by(store, Filter(), "week")
    # 2026-10-05 and 2026-10-12 are Mondays.
    assert [(g.key, g.responses) for g in weeks] == [("2026-10-05", 1), ("2026-10-12", 2)]
    assert distribution(store, Filter(), "csat") == [("1-5", 1, 1), ("1-5", 4, 1), ("1-5", 5, 1)]

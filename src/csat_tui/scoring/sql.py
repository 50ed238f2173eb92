"""The score definitions as SQL expressions, generated from the same band table as Python.

Functions take column expressions (never values), so the store can apply them to
its own tables; a property test checks that SQL and Python agree.
"""

from __future__ import annotations

from csat_tui.scoring.scales import RULES, Band, Metric


def _rules(metric: Metric) -> list[tuple[str, int, int]]:
    return [(scale, r.low_max, r.high_min) for (m, scale), r in RULES.items() if m == metric]


def _sql_string(text: str) -> str:
    # Scale names come from the RULES table (digits and a dash), never from data.
    assert text.replace("-", "").isdigit(), text
    return f"'{text}'"


def in_band_sql(metric: Metric, band: Band, score: str, scale: str) -> str:
    """A 1/0/NULL expression: is the answer in `score` (on scale column `scale`) in this band.

    NULL when the score is NULL, so `sum(...)` counts only answered rows.
    """
    branches = []
    for name, low_max, high_min in _rules(metric):
        if band == "low":
            test = f"{score} <= {low_max}"
        elif band == "high":
            test = f"{score} >= {high_min}"
        else:
            test = f"{score} > {low_max} AND {score} < {high_min}"
        branches.append((name, test))
    if len(branches) == 1:
        # One scale only (NPS, CES): no need to look at the scale column.
        return f"({branches[0][1]})"
    cases = " ".join(f"WHEN {_sql_string(name)} THEN {test}" for name, test in branches)
    return f"(CASE {scale} {cases} END)"


def score_aggregates(metric: Metric, score: str, scale: str) -> list[tuple[str, str]]:
    """(alias, aggregate) pairs that `scoring.metrics` turns into a score.

    csat: n, satisfied, total, low_n, scale_min, scale_max; nps: n, promoters,
    detractors; ces: n, total, easy, low_n.
    """
    high = in_band_sql(metric, "high", score, scale)
    low = in_band_sql(metric, "low", score, scale)
    if metric == "csat":
        return [
            ("n", f"count({score})"),
            ("satisfied", f"sum({high})"),
            ("total", f"sum({score})"),
            ("low_n", f"sum({low})"),
            ("scale_min", f"min({scale})"),
            ("scale_max", f"max({scale})"),
        ]
    if metric == "nps":
        return [
            ("n", f"count({score})"),
            ("promoters", f"sum({high})"),
            ("detractors", f"sum({low})"),
        ]
    return [
        ("n", f"count({score})"),
        ("total", f"sum({score})"),
        ("easy", f"sum({high})"),
        ("low_n", f"sum({low})"),
    ]

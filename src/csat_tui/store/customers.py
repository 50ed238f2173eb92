"""Customers by their recent answers: at-risk tiers and advocates (DESIGN.md's rules)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal, get_args

from csat_tui.filters import Filter
from csat_tui.scoring.sql import in_band_sql
from csat_tui.store.db import Store
from csat_tui.store.where import where

Tier = Literal["immediate", "at_risk", "advocate"]
TIERS: tuple[Tier, ...] = get_args(Tier)


@dataclass(frozen=True, slots=True)
class Customer:
    """One respondent and why they are listed."""

    respondent: str
    tier: Tier
    last_csat: tuple[str, ...]
    """Their latest CSAT answers, newest first, as "2/5"."""
    latest_nps: int | None
    last_response_at: str | None
    responses: int


_LOW = in_band_sql("csat", "low", "c.csat", "c.csat_scale")
_HIGH = in_band_sql("csat", "high", "c.csat", "c.csat_scale")

_SQL = f"""
WITH scoped AS (
    SELECT r.id, r.respondent, r.submitted_at, r.csat, r.csat_scale, r.nps
    FROM responses r WHERE ({{condition}}) AND r.respondent IS NOT NULL
),
csat AS (
    SELECT c.respondent, c.csat, c.csat_scale, {_LOW} AS low, {_HIGH} AS high,
           row_number() OVER (PARTITION BY c.respondent
                              ORDER BY c.submitted_at DESC, c.id DESC) AS k
    FROM scoped c WHERE c.csat IS NOT NULL
),
last3 AS (
    SELECT respondent, count(*) AS n, sum(low) AS lows,
           max(CASE WHEN k = 1 THEN low END) AS latest_low,
           max(CASE WHEN k = 1 THEN high END) AS latest_high,
           json_group_array(csat || '/' || substr(csat_scale, instr(csat_scale, '-') + 1))
               AS scores
    FROM (SELECT * FROM csat WHERE k <= 3 ORDER BY respondent, k) GROUP BY respondent
),
nps AS (
    SELECT respondent, nps, row_number() OVER (PARTITION BY respondent
                                              ORDER BY submitted_at DESC, id DESC) AS k
    FROM scoped WHERE nps IS NOT NULL
),
seen AS (
    SELECT respondent, max(submitted_at) AS last_at, count(*) AS responses
    FROM scoped GROUP BY respondent
),
tiered AS (
    SELECT l.respondent, l.scores, n.nps, s.last_at, s.responses,
           CASE
               WHEN l.n = 3 AND l.lows = 3 AND n.nps <= 6 THEN 'immediate'
               WHEN (l.n = 3 AND l.lows = 3) OR (n.nps <= 6 AND l.latest_low = 1) THEN 'at_risk'
               WHEN l.latest_high = 1 AND n.nps >= 9 THEN 'advocate'
           END AS tier
    FROM last3 l
    JOIN seen s ON s.respondent = l.respondent
    LEFT JOIN nps n ON n.respondent = l.respondent AND n.k = 1
)
SELECT * FROM tiered WHERE tier IN ({{tiers}})
ORDER BY CASE tier WHEN 'immediate' THEN 0 WHEN 'at_risk' THEN 1 ELSE 2 END,
         last_at DESC, respondent
LIMIT coalesce(:limit, -1)
"""


def customers(
    store: Store, flt: Filter, tiers: tuple[Tier, ...], limit: int | None = None
) -> list[Customer]:
    """Respondents in the given tiers, worst first, then most recent."""
    condition, params = where(flt)
    names = {f"tier{i}": t for i, t in enumerate(tiers)}
    sql = _SQL.format(condition=condition, tiers=", ".join(f":{n}" for n in names))
    return [
        Customer(
            respondent=row["respondent"],
            tier=row["tier"],
            last_csat=tuple(json.loads(row["scores"])),
            latest_nps=row["nps"],
            last_response_at=row["last_at"],
            responses=row["responses"],
        )
        for row in store.db.query(sql, {**params, **names, "limit": limit})
    ]

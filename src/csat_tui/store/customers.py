"""Customers by their recent answers: at-risk tiers and advocates (DESIGN.md's rules)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal, cast, get_args

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

_LATEST_LOW = in_band_sql("csat", "low", "r.csat", "r.csat_scale")
_LATEST_HIGH = in_band_sql("csat", "high", "r.csat", "r.csat_scale")

_SQL = f"""
WITH latest AS (
    -- Each respondent's latest CSAT answer (by date, then id), read from the covering
    -- index idx_responses_respondent_scores (`rollups.RESPONDENT_INDEX`): a customer in a
    -- tier has a low (at risk) or a high (advocate) one, so only those customers go on to
    -- the full rules below.
    SELECT r.respondent, r.csat, r.csat_scale,
           max(coalesce(r.submitted_at, '') || char(1) || printf('%015d', r.id))
    FROM responses r
    WHERE ({{condition}}) AND r.respondent IS NOT NULL AND r.csat IS NOT NULL
    GROUP BY r.respondent
),
candidates AS (
    SELECT respondent FROM latest r WHERE {{candidate}}
),
scoped AS (
    SELECT r.id, r.respondent, r.submitted_at, r.csat, r.csat_scale, r.nps
    FROM responses r WHERE ({{condition}}) AND r.respondent IN (SELECT respondent FROM candidates)
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
),
ranked AS (
    SELECT *, CASE tier WHEN 'immediate' THEN 0 WHEN 'at_risk' THEN 1 ELSE 2 END AS rank,
           coalesce(last_at, '') AS at_key
    FROM tiered WHERE tier IN ({{tiers}})
)
SELECT * FROM ranked WHERE {{after}}
ORDER BY rank, at_key DESC, respondent
LIMIT coalesce(:limit, -1)
"""

CustomerCursor = tuple[str, str | None, str]
"""Where a page of customers ended: the last one's (tier, last response at, respondent)."""

_RANK = {tier: i for i, tier in enumerate(TIERS)}


def customers(
    store: Store,
    flt: Filter,
    tiers: tuple[Tier, ...],
    limit: int | None = None,
    after: CustomerCursor | None = None,
) -> list[Customer]:
    """Respondents in the given tiers, worst first, then most recent; `after` a page's last
    customer (`cursor`), for the next page."""
    condition, params = where(flt)
    names = {f"tier{i}": t for i, t in enumerate(tiers)}
    wanted = []
    if {"immediate", "at_risk"} & set(tiers):
        wanted.append(f"{_LATEST_LOW} = 1")
    if "advocate" in tiers:
        wanted.append(f"{_LATEST_HIGH} = 1")
    extra: dict[str, object] = {}
    after_sql = "1"
    if after is not None:
        tier, at, respondent = after
        extra = {"after_rank": _RANK[cast("Tier", tier)], "after_at": at or "",
                 "after_respondent": respondent}  # fmt: skip
        after_sql = (
            "(rank > :after_rank OR (rank = :after_rank AND (at_key < :after_at"
            " OR (at_key = :after_at AND respondent > :after_respondent))))"
        )
    sql = _SQL.format(
        condition=condition,
        tiers=", ".join(f":{n}" for n in names),
        candidate=" OR ".join(wanted) or "0",
        after=after_sql,
    )
    return [
        Customer(
            respondent=row["respondent"],
            tier=row["tier"],
            last_csat=tuple(json.loads(row["scores"])),
            latest_nps=row["nps"],
            last_response_at=row["last_at"],
            responses=row["responses"],
        )
        for row in store.db.query(sql, {**params, **names, **extra, "limit": limit})
    ]


def cursor(customer: Customer) -> CustomerCursor:
    """The `after` that continues a list after this customer."""
    return (customer.tier, customer.last_response_at, customer.respondent)

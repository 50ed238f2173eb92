"""Customers by their recent answers: at-risk tiers and advocates (DESIGN.md's rules)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from csat_tui.filters import Filter
from csat_tui.scoring.sql import in_band_sql
from csat_tui.store import customer_tiers
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


_LOW = in_band_sql("csat", "low", "r.csat", "r.csat_scale")
_HIGH = in_band_sql("csat", "high", "r.csat", "r.csat_scale")
_KEY = "coalesce(r.submitted_at, '') || char(1) || printf('%015d', r.id)"
"""A response's place in a respondent's history as text: by date (undated first), then id."""

# One pass over the covering index idx_responses_respondent (`rollups.RESPONDENT_INDEX`)
# finds, per respondent, the latest CSAT answer's bands, the latest NPS and the latest CSAT
# answer that was not low (texts that sort by _KEY, so `max` finds the latest). "Three low in
# a row" is then whether three CSAT answers are newer than that one: an index range per
# respondent whose latest answer is low. The last three answers are spelled out only for the
# page that is listed.
_SQL = f"""
WITH pre AS (
    -- The dates of each respondent's latest CSAT answer, latest low and latest high one:
    -- plain comparisons, no texts built. A customer whose latest answer is low has its
    -- latest low answer on the latest date (and so for high, and for promoters).
    SELECT r.respondent,
           max(CASE WHEN r.csat IS NOT NULL THEN coalesce(r.submitted_at, '') END) AS csat_at,
           max(CASE WHEN {_LOW} = 1 THEN coalesce(r.submitted_at, '') END) AS low_at,
           max(CASE WHEN {_HIGH} = 1 THEN coalesce(r.submitted_at, '') END) AS high_at,
           max(CASE WHEN r.nps IS NOT NULL THEN coalesce(r.submitted_at, '') END) AS nps_at,
           max(CASE WHEN r.nps >= 9 THEN coalesce(r.submitted_at, '') END) AS promoter_at
    FROM responses r WHERE ({{condition}}) AND r.respondent IS NOT NULL
    GROUP BY r.respondent
),
per AS (
    SELECT r.respondent, max(r.submitted_at) AS last_at, count(*) AS responses,
           max(CASE WHEN r.csat IS NOT NULL
                    THEN {_KEY} || char(1) || coalesce({_LOW}, 0) || coalesce({_HIGH}, 0) END)
               AS latest_csat,
           max(CASE WHEN r.csat IS NOT NULL AND coalesce({_LOW}, 0) = 0 THEN {_KEY} END)
               AS last_not_low,
           max(CASE WHEN r.nps IS NOT NULL THEN {_KEY} || char(1) || printf('%02d', r.nps) END)
               AS latest_nps
    FROM responses r WHERE ({{condition}})
          AND r.respondent IN (SELECT respondent FROM pre p WHERE {{maybe}})
    GROUP BY r.respondent
),
flags AS (
    SELECT p.respondent, p.last_at, p.responses, p.last_not_low,
           substr(p.latest_csat, -2, 1) = '1' AS latest_low,
           substr(p.latest_csat, -1, 1) = '1' AS latest_high,
           CAST(substr(p.latest_nps, -2) AS INTEGER) AS nps
    FROM per p WHERE p.latest_csat IS NOT NULL
),
checked AS MATERIALIZED (
    -- Materialized: inlined, the check below would run once per use of three_low.
    SELECT f.*, CASE WHEN f.latest_low AND {{check_three}} THEN (
        SELECT count(*) FROM (
            SELECT 1 FROM responses r
            WHERE r.respondent = f.respondent AND r.csat IS NOT NULL AND ({{condition}})
                  AND {_KEY} > coalesce(f.last_not_low, '')
            LIMIT 3
        )
    ) = 3 ELSE 0 END AS three_low
    FROM flags f WHERE {{candidate}}
),
tiered AS (
    SELECT t.*,
           CASE
               WHEN t.three_low AND t.nps <= 6 THEN 'immediate'
               WHEN t.three_low OR (t.nps <= 6 AND t.latest_low) THEN 'at_risk'
               WHEN t.latest_high AND t.nps >= 9 THEN 'advocate'
           END AS tier
    FROM checked t
),
ranked AS (
    SELECT *, CASE tier WHEN 'immediate' THEN 0 WHEN 'at_risk' THEN 1 ELSE 2 END AS rank,
           coalesce(last_at, '') AS at_key
    FROM tiered WHERE tier IN ({{tiers}})
),
page AS (
    SELECT * FROM ranked WHERE {{after}}
    ORDER BY rank, at_key DESC, respondent
    LIMIT coalesce(:limit, -1)
)
SELECT g.*, (
    SELECT json_group_array(csat || '/' || substr(csat_scale, instr(csat_scale, '-') + 1))
    FROM (
        SELECT r.csat, r.csat_scale FROM responses r
        WHERE r.respondent = g.respondent AND r.csat IS NOT NULL AND ({{condition}})
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT 3
    )
) AS scores
FROM page g ORDER BY g.rank, g.at_key DESC, g.respondent
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
    if condition == "1" and customer_tiers.current(store.conn):
        return _from_rollup(store, tiers, limit, after)
    return scanned(store, condition, params, tiers, limit, after)


def _after_sql(after: CustomerCursor | None) -> tuple[str, dict[str, object]]:
    """The condition on (rank, at_key, respondent) of the rows after `after`."""
    if after is None:
        return "1", {}
    tier, at, respondent = after
    extra = {"after_rank": _RANK[cast("Tier", tier)], "after_at": at or "",
             "after_respondent": respondent}  # fmt: skip
    return (
        "(rank > :after_rank OR (rank = :after_rank AND (at_key < :after_at"
        " OR (at_key = :after_at AND respondent > :after_respondent))))"
    ), extra


_ROLLUP_SQL = """
SELECT t.respondent, t.tier, t.last_at, t.responses, t.latest_nps AS nps, (
    SELECT json_group_array(csat || '/' || substr(csat_scale, instr(csat_scale, '-') + 1))
    FROM (
        SELECT r.csat, r.csat_scale FROM responses r
        WHERE r.respondent = t.respondent AND r.csat IS NOT NULL
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT 3
    )
) AS scores
FROM customer_tiers t
WHERE t.rank IN ({ranks}) AND {after}
ORDER BY t.rank, t.at_key DESC, t.respondent
LIMIT coalesce(:limit, -1)
"""


def _from_rollup(
    store: Store, tiers: tuple[Tier, ...], limit: int | None, after: CustomerCursor | None
) -> list[Customer]:
    """The lists over the whole store, from `customer_tiers` (kept in step with imports)."""
    ranks = ", ".join(str(_RANK[t]) for t in dict.fromkeys(tiers)) or "-1"
    after_sql, extra = _after_sql(after)
    sql = _ROLLUP_SQL.format(ranks=ranks, after=after_sql)
    return _rows(store.db.query(sql, {**extra, "limit": limit}))


def _rows(rows: Iterable[dict[str, Any]]) -> list[Customer]:
    return [
        Customer(
            respondent=row["respondent"],
            tier=row["tier"],
            last_csat=tuple(json.loads(row["scores"])),
            latest_nps=row["nps"],
            last_response_at=row["last_at"],
            responses=row["responses"],
        )
        for row in rows
    ]


def scanned(
    store: Store,
    condition: str,
    params: dict[str, object],
    tiers: tuple[Tier, ...],
    limit: int | None,
    after: CustomerCursor | None,
) -> list[Customer]:
    """The lists within a filter: the tiers computed from the responses it keeps."""
    names = {f"tier{i}": t for i, t in enumerate(tiers)}
    # Only the customers whose latest answers can put them in a wanted tier are looked at.
    risk = bool({"immediate", "at_risk"} & set(tiers))
    wanted = ["f.latest_low"] if risk else []
    maybe = ["p.low_at = p.csat_at"] if risk else []
    if "advocate" in tiers:
        wanted.append("(f.latest_high AND f.nps >= 9)")
        maybe.append("(p.high_at = p.csat_at AND p.promoter_at = p.nps_at)")
    after_sql, extra = _after_sql(after)
    sql = _SQL.format(
        condition=condition,
        tiers=", ".join(f":{n}" for n in names),
        candidate=" OR ".join(wanted) or "0",
        check_three="1" if risk else "0",
        maybe=" OR ".join(maybe) or "0",
        after=after_sql,
    )
    return _rows(store.db.query(sql, {**params, **names, **extra, "limit": limit}))


def cursor(customer: Customer) -> CustomerCursor:
    """The `after` that continues a list after this customer."""
    return (customer.tier, customer.last_response_at, customer.respondent)

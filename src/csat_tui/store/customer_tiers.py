"""A rollup of the customers lists: each listed respondent's tier over the whole store.

`customer_tiers` holds, for every respondent in a tier (immediate, at risk, advocate) over all
their responses, what the lists show; `customer_tiers_state.through_id` the highest response
id it reflects. Responses are only ever added, so a respondent's tier changes only when they
answer again: an import's commit (`refresh`) recomputes the respondents of the responses
added since `through_id`, from SQL, inside the import's transaction. The lists read the rollup
only when it is current (`current`) and no filter narrows them; otherwise they compute the
tiers from `responses` (`customers._SQL`), which gives the same answer.
"""

from __future__ import annotations

import sqlite3

from csat_tui.scoring.sql import in_band_sql

CREATE = (
    "CREATE TABLE customer_tiers (respondent TEXT PRIMARY KEY, tier TEXT NOT NULL,"
    " rank INTEGER NOT NULL, last_at TEXT, at_key TEXT NOT NULL, responses INTEGER NOT NULL,"
    " latest_nps INTEGER) WITHOUT ROWID",
    "CREATE INDEX idx_customer_tiers_order ON customer_tiers(rank, at_key DESC, respondent)",
    "CREATE TABLE customer_tiers_state (through_id INTEGER NOT NULL)",
    "INSERT INTO customer_tiers_state VALUES (0)",
)

RANKS = {"immediate": 0, "at_risk": 1, "advocate": 2}
"""A tier's place in the lists: the worst first."""

_LOW = in_band_sql("csat", "low", "r.csat", "r.csat_scale")
_HIGH = in_band_sql("csat", "high", "r.csat", "r.csat_scale")

# Per respondent: one pass over the covering index idx_responses_respondent for the latest
# date and the count, then index seeks for the latest CSAT answer (its band), the latest NPS
# and, when the latest CSAT is low, the latest three. "Latest" is by date (undated last),
# then by id, as in `customers._SQL`.
_BUILD = f"""
WITH latest AS MATERIALIZED (
    SELECT w.respondent, w.last_at, w.n, (
        SELECT coalesce({_LOW}, 0) || coalesce({_HIGH}, 0) FROM responses r
        WHERE r.respondent = w.respondent AND r.csat IS NOT NULL
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1
    ) AS bands, (
        SELECT r.nps FROM responses r
        WHERE r.respondent = w.respondent AND r.nps IS NOT NULL
        ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1
    ) AS nps
    FROM (
        SELECT r.respondent, max(r.submitted_at) AS last_at, count(*) AS n
        FROM responses r WHERE r.respondent IS NOT NULL AND ({{who}})
        GROUP BY r.respondent
    ) w
),
flags AS MATERIALIZED (
    SELECT l.respondent, l.last_at, l.n, l.nps,
           substr(l.bands, 1, 1) = '1' AS latest_low,
           substr(l.bands, 2, 1) = '1' AS latest_high,
           CASE WHEN substr(l.bands, 1, 1) = '1' THEN (
               SELECT count(*) FROM (
                   SELECT {_LOW} AS low FROM responses r
                   WHERE r.respondent = l.respondent AND r.csat IS NOT NULL
                   ORDER BY r.submitted_at DESC, r.id DESC LIMIT 3
               ) WHERE low = 1
           ) = 3 ELSE 0 END AS three_low
    FROM latest l WHERE l.bands IS NOT NULL
),
tiered AS (
    SELECT f.*, CASE
               WHEN f.three_low AND f.nps <= 6 THEN 'immediate'
               WHEN f.three_low OR (f.nps <= 6 AND f.latest_low) THEN 'at_risk'
               WHEN f.latest_high AND f.nps >= 9 THEN 'advocate'
           END AS tier
    FROM flags f
)
INSERT INTO customer_tiers (respondent, tier, rank, last_at, at_key, responses, latest_nps)
SELECT respondent, tier, CASE tier WHEN 'immediate' THEN 0 WHEN 'at_risk' THEN 1 ELSE 2 END,
       last_at, coalesce(last_at, ''), n, nps
FROM tiered WHERE tier IS NOT NULL
"""

FULL_SHARE = 0.5
"""Above this share of the store added since the rollup, it is rebuilt whole."""


def exists(conn: sqlite3.Connection) -> bool:
    """Whether the store has the rollup (schema 9 on)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customer_tiers_state'"
    ).fetchone()
    return found is not None


def _top(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM responses").fetchone()[0])


def _through(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT through_id FROM customer_tiers_state").fetchone()[0])


def current(conn: sqlite3.Connection) -> bool:
    """Whether the rollup reflects every stored response (reading it gives the lists)."""
    return exists(conn) and _through(conn) == _top(conn)


def rebuild_all(conn: sqlite3.Connection) -> None:
    """Recompute every respondent's tier (a migration, or an import of most of the store)."""
    conn.execute("DELETE FROM customer_tiers")
    conn.execute(_BUILD.format(who="1"))
    conn.execute("UPDATE customer_tiers_state SET through_id = ?", (_top(conn),))


def refresh(conn: sqlite3.Connection) -> None:
    """Bring the rollup up to date with the responses added since it was last brought up to
    date: called once by an import's commit, inside its transaction."""
    if not exists(conn):
        return
    through, top = _through(conn), _top(conn)
    if through == top:
        return
    if through == 0 or (top - through) > top * FULL_SHARE:
        rebuild_all(conn)
        return
    conn.execute("DROP TABLE IF EXISTS temp._tier_who")
    conn.execute("CREATE TEMP TABLE _tier_who (respondent TEXT PRIMARY KEY)")
    conn.execute(
        "INSERT OR IGNORE INTO temp._tier_who SELECT respondent FROM responses"
        " WHERE id > ? AND respondent IS NOT NULL",
        (through,),
    )
    conn.execute(
        "DELETE FROM customer_tiers WHERE respondent IN (SELECT respondent FROM temp._tier_who)"
    )
    conn.execute(_BUILD.format(who="r.respondent IN (SELECT respondent FROM temp._tier_who)"))
    conn.execute("UPDATE customer_tiers_state SET through_id = ?", (top,))
    conn.execute("DROP TABLE temp._tier_who")

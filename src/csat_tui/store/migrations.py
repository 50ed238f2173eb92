"""The store's schema, as forward-only migrations; `PRAGMA user_version` counts them.

Never edit a migration that has shipped: add a new one. `tests/store/test_migrations.py`
upgrades a store made at every earlier version.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from csat_tui.store import (
    attribute_index,
    attribute_scores,
    customer_tiers,
    daily,
    ratings,
    rollups,
    search,
)

MIGRATIONS = Migrations("csat-tui")


def _set_version(db: Database, version: int) -> None:
    db.execute(f"PRAGMA user_version = {int(version)}")


@MIGRATIONS(name="0001_tables")
def _tables(db: Database) -> None:
    db.table("imports").create(
        {
            "id": int,
            "file_name": str,
            "path": str,
            "checksum": str,
            "size": int,
            "source": str,
            "preset": str,
            "encoding": str,
            "mapping": str,  # JSON: the column plan used
            "records": int,
            "imported": int,
            "duplicates": int,
            "skipped": int,
            "rejects": int,
            "status": str,  # running / done / failed / dry-run
            "messages": str,  # JSON list
            "started_at": str,
            "finished_at": str,
        },
        pk="id",
        not_null=["file_name", "status", "started_at"],
    )
    db.table("responses").create(
        {
            "id": int,
            "source": str,
            "external_id": str,
            "respondent": str,
            "submitted_at": str,  # ISO 8601, UTC
            "touchpoint": str,
            "segment": str,
            "channel": str,
            "comment": str,
            "complete": int,
            "attributes": str,  # JSON object of every other source column
            "import_id": int,
            # Derived from `ratings` (the response's first answer of each metric), for fast
            # scores; written only by the store together with the ratings.
            "csat": int,
            "csat_scale": str,
            "nps": int,
            "ces": int,
        },
        pk="id",
        not_null=["source", "external_id", "complete", "attributes"],
        defaults={"complete": 1, "attributes": "{}"},
        foreign_keys=[("import_id", "imports", "id")],
    )
    db.table("responses").create_index(["source", "external_id"], unique=True)
    db.table("ratings").create(
        {
            "id": int,
            "response_id": int,
            "metric": str,  # csat / nps / ces
            "question": str,
            "score": int,
            "scale": str,  # "1-5", "0-10", "1-7", "1-2"...
        },
        pk="id",
        not_null=["response_id", "metric", "question", "score", "scale"],
        foreign_keys=[("response_id", "responses", "id")],
    )
    db.table("ratings").create_index(["response_id"])
    db.table("rejects").create(
        {
            "id": int,
            "import_id": int,
            "response_id": int,
            "line": int,
            "column": str,
            "value": str,
            "reason": str,
        },
        pk="id",
        not_null=["import_id", "reason"],
        foreign_keys=[("import_id", "imports", "id"), ("response_id", "responses", "id")],
    )
    db.table("rejects").create_index(["import_id"])
    db.table("tags").create({"id": int, "name": str, "created_at": str}, pk="id", not_null=["name"])
    db.execute("CREATE UNIQUE INDEX idx_tags_name ON tags(name COLLATE NOCASE)")
    db.table("response_tags").create(
        {"response_id": int, "tag_id": int, "tagged_at": str},
        pk=("response_id", "tag_id"),
        foreign_keys=[("response_id", "responses", "id"), ("tag_id", "tags", "id")],
    )
    db.table("response_tags").create_index(["tag_id"])
    db.table("followups").create(
        {
            "response_id": int,
            "status": str,  # open / in_progress / done / wont_do
            "owner": str,
            "due_date": str,  # YYYY-MM-DD
            "note": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="response_id",
        not_null=["status"],
        foreign_keys=[("response_id", "responses", "id")],
    )
    db.table("events").create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "response_id": int,
            "before": str,  # JSON
            "after": str,  # JSON
            "undone_by": int,  # the event that undid this one
        },
        pk="id",
        not_null=["at", "actor", "action"],
    )
    db.table("events").create_index(["response_id"])
    db.table("views").create(
        {"name": str, "filter": str, "created_at": str}, pk="name", not_null=["filter"]
    )
    db.table("sent").create(
        {
            "id": int,
            "source": str,
            "touchpoint": str,
            "period_start": str,
            "period_end": str,
            "count": int,
        },
        pk="id",
        not_null=["period_start", "period_end", "count"],
    )
    _set_version(db, 1)


@MIGRATIONS(name="0002_score_indexes")
def _score_indexes(db: Database) -> None:
    # Covering indexes: a score over a date range, or over one touchpoint in a date range,
    # reads only index pages (never the comments and attributes in the table).
    db.execute(
        "CREATE INDEX idx_responses_scores ON responses"
        "(submitted_at, touchpoint, segment, channel, source, complete, csat_scale, csat, nps, ces)"
    )
    db.execute("CREATE INDEX idx_responses_touchpoint ON responses(touchpoint, submitted_at)")
    _set_version(db, 2)


@MIGRATIONS(name="0003_daily_scores")
def _daily_scores(db: Database) -> None:
    db.execute(daily.CREATE_TABLE)
    db.execute(daily.CREATE_INDEX)
    daily.rebuild_all(db.conn)
    _set_version(db, 3)


@MIGRATIONS(name="0004_triage")
def _triage(db: Database) -> None:
    # A response leaves the triage queue when marked triaged; undo deletes the row again.
    db.table("triaged").create(
        {"response_id": int, "at": str, "actor": str},
        pk="response_id",
        not_null=["at"],
        foreign_keys=[("response_id", "responses", "id")],
    )
    # A respondent's history (earlier responses, at-risk tiers) reads this index.
    db.execute("CREATE INDEX idx_responses_respondent ON responses(respondent, submitted_at)")
    db.execute("CREATE INDEX idx_followups_due ON followups(status, due_date)")
    _set_version(db, 4)


@MIGRATIONS(name="0005_comment_index")
def _comment_index(db: Database) -> None:
    db.execute(search.CREATE_TABLE)
    search.index_all(db.conn)
    _set_version(db, 5)


@MIGRATIONS(name="0006_hooks")
def _hooks(db: Database) -> None:
    # Commands and webhooks run on each new low-score response, a log of every run, and the
    # files `watch` has seen.
    # Runs name their hook by text (no foreign key): the log outlives a removed hook.
    db.table("hooks").create(
        {
            "name": str,
            "event": str,  # low-score
            "kind": str,  # run / post
            "target": str,  # the command line, or the URL
            "timeout": float,  # seconds
            "created_at": str,
        },
        pk="name",
        not_null=["event", "kind", "target", "timeout", "created_at"],
    )
    db.table("hook_runs").create(
        {
            "id": int,
            "hook": str,
            "response_id": int,  # NULL for `hooks test` with a sample response
            "import_id": int,  # NULL for `hooks test`
            "at": str,
            "status": str,  # ok / failed / timeout / error
            "exit_code": int,  # a command's exit status
            "http_status": int,  # a webhook's last HTTP status
            "attempts": int,
            "stderr_tail": str,  # the end of stderr, or the error, at most ~2 KB
            "duration": float,  # seconds
        },
        pk="id",
        not_null=["hook", "at", "status"],
    )
    db.execute("CREATE INDEX idx_hook_runs_at ON hook_runs(at)")
    # Files `watch` has processed, so an unchanged file is not even reopened.
    db.table("watched_files").create(
        {
            "path": str,
            "size": int,
            "mtime_ns": int,
            "checksum": str,
            "status": str,  # imported / unchanged / failed
            "import_id": int,
            "at": str,
        },
        pk="path",
        not_null=["size", "mtime_ns", "status", "at"],
    )
    _set_version(db, 6)


@MIGRATIONS(name="0007_agents")
def _agents(db: Database) -> None:
    # Who handled each response and in which team, as columns (indexed, and in the daily
    # rows); and every kept column's values in a side table for `--where`.
    from csat_tui.records import PEOPLE_HEADERS, Role, agent_name, normalise

    db.execute("ALTER TABLE responses ADD COLUMN agent TEXT")
    db.execute("ALTER TABLE responses ADD COLUMN team TEXT")
    db.execute("CREATE INDEX idx_responses_agent ON responses(agent, submitted_at)")
    db.execute("CREATE INDEX idx_responses_team ON responses(team, submitted_at)")
    conn = db.conn
    conn.create_function("csat_agent_name", 1, agent_name, deterministic=True)
    # Fill both from the kept attributes whose header the importer now reads as an agent or
    # a team (Chatwoot's `Agent Name`, `Agent_name`, `Assignee`, `Team`…): the first such
    # column of the file, as an import of the same file would now choose.
    keys = [
        key
        for (key,) in conn.execute(
            "SELECT DISTINCT j.key FROM responses r, json_each(r.attributes) j"
            " WHERE r.attributes != '{}'"
        )
    ]
    reads: dict[Role, str] = {"agent": "csat_agent_name(j.value)", "team": "trim(j.value)"}
    for role, read in reads.items():
        wanted = [key for key in keys if normalise(key) in PEOPLE_HEADERS[role]]
        if not wanted:
            continue
        marks = ", ".join("?" for _ in wanted)
        conn.execute(
            f"UPDATE responses SET {role} = (SELECT nullif({read}, '') FROM"
            f" json_each(responses.attributes) j WHERE j.key IN ({marks}) ORDER BY j.id LIMIT 1)"
            " WHERE attributes != '{}'",
            wanted,
        )
    # A Zendesk ticket export's Group is the touchpoint and, now, the team too.
    conn.execute(
        "UPDATE responses SET team = touchpoint WHERE team IS NULL AND touchpoint IS NOT NULL"
        " AND import_id IN (SELECT i.id FROM imports i, json_each(i.mapping) m"
        " WHERE i.preset = 'zendesk' AND json_valid(i.mapping)"
        " AND json_extract(m.value, '$.header') = 'Group'"
        " AND json_extract(m.value, '$.role') = 'touchpoint')"
    )
    daily.rebuild_all(conn)
    db.execute(attribute_index.CREATE_TABLE)
    attribute_index.index_all(conn)
    _set_version(db, 7)


@MIGRATIONS(name="0008_rollups")
def _rollups(db: Database) -> None:
    # Band and cell rollups beside the daily rows (band, metric and several-dimension filters
    # without a scan), and indexes that serve "lowest / highest score first" paging.
    for statement in rollups.CREATE:
        db.execute(statement)
    rollups.rebuild(db.conn, "1", {}, "1")
    for statement in rollups.SCORE_ORDER_INDEXES:
        db.execute(statement)
    for statement in rollups.RESPONDENT_INDEX:
        db.execute(statement)
    _set_version(db, 8)


PARTIAL_PEOPLE_INDEXES = (
    "DROP INDEX IF EXISTS idx_responses_agent",
    "CREATE INDEX idx_responses_agent ON responses(agent, submitted_at) WHERE agent IS NOT NULL",
    "DROP INDEX IF EXISTS idx_responses_team",
    "CREATE INDEX idx_responses_team ON responses(team, submitted_at) WHERE team IS NOT NULL",
)
"""The agent and team indexes hold only the responses that name one: a file without agents
or teams costs them nothing. Same names and columns as 0007, so a filter on an agent or a
team (`agent IN (…)` implies `agent IS NOT NULL`) still reads them."""


@MIGRATIONS(name="0009_partial_people_indexes")
def _partial_people_indexes(db: Database) -> None:
    for statement in PARTIAL_PEOPLE_INDEXES:
        db.execute(statement)
    _set_version(db, 9)


@MIGRATIONS(name="0010_customer_tiers")
def _customer_tiers(db: Database) -> None:
    # Each respondent's tier over the whole store, kept in step with imports: the at-risk and
    # advocate lists without a pass over every response.
    for statement in customer_tiers.CREATE:
        db.execute(statement)
    customer_tiers.rebuild_all(db.conn)
    _set_version(db, 10)


@MIGRATIONS(name="0011_attribute_scores")
def _attribute_scores(db: Database) -> None:
    # Score counts per value of a kept column and per day, filled on first use (see
    # store.attribute_scores): grouping by `attribute:KEY` without reading every JSON.
    for statement in attribute_scores.CREATE:
        db.execute(statement)
    _set_version(db, 11)


@MIGRATIONS(name="0012_band_cells")
def _band_cells(db: Database) -> None:
    # The band rollups become one row per day, cell (touchpoint, segment, channel, source,
    # team) and bands, built in one pass at commit; `daily_bands` keeps its "all" rows. Every
    # rollup (and the daily rows) rebuilt from the responses the store has.
    for statement in rollups.CREATE_BAND_CELLS:
        db.execute(statement)
    daily.rebuild_all(db.conn)
    _set_version(db, 12)


@MIGRATIONS(name="0013_derived_ratings")
def _derived_ratings(db: Database) -> None:
    # `ratings` stops copying the score columns: each import's rating columns in
    # `rating_columns`, only the answers they cannot derive in `explicit_ratings`, and
    # `ratings` the view of every answer (see store.ratings).
    ratings.migrate(db.conn)
    _set_version(db, 13)


DAY_INDEX = (
    "DROP INDEX IF EXISTS idx_responses_scores",
    "CREATE INDEX IF NOT EXISTS idx_responses_submitted ON responses(submitted_at)",
)
"""The date index of `responses`, in place of the covering index of 0002: the rollups
(0003, 0008, 0012) answer every score a covering index over dates and dimensions served, so what
still reads responses over a date range (tags, follow-ups, kept columns, comment words,
pages) needs only the dates. It costs an import of a million rows 0.3 s and 35 MB, where
the covering one cost 0.6 s and 70 MB."""


@MIGRATIONS(name="0014_day_index")
def _day_index(db: Database) -> None:
    for statement in DAY_INDEX:
        db.execute(statement)
    _set_version(db, 14)


SCHEMA_VERSION = 14
"""The version a store has once every migration has run."""

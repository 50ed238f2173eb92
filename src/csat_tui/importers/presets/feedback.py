"""Presets for helpdesk and feedback tools: Zendesk, Delighted, Formbricks, Chatwoot, Hotjar."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence

from csat_tui.importers.model import Record
from csat_tui.importers.presets.base import Cells, Preset, cell, has_headers
from csat_tui.importers.values import is_blank, whole_number

# --- Zendesk ------------------------------------------------------------------------------
# The Satisfaction Ratings API JSON is confirmed from Zendesk's API reference
# (developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/:
# `{"satisfaction_ratings": [{id, url, assignee_id, group_id, requester_id, ticket_id,
# score, comment, reason, reason_id, reason_code, created_at, updated_at}]}`, score "offered",
# "unoffered", "good" or "bad") and public API clients (justeat/ZendeskApiClient). The ticket
# CSV's `Satisfaction Score` column and its Excel re-saves are guessed from the issue.

_UNANSWERED = {"offered": "offered", "unoffered": "unoffered", "not offered": "unoffered"}


def _zendesk_unanswered(row: Mapping[str, str]) -> str | None:
    score = cell(row, "score") or cell(row, "Satisfaction Score")
    return _UNANSWERED.get(score.casefold())


def _zendesk_roles(headers: Sequence[str], _sample: Sequence[Cells]) -> Mapping[str, str]:
    # The ticket CSV has no rating time: the solve time is the nearest, then the last update.
    roles: dict[str, str] = {}
    for name in ("Solved at", "Updated at", "Created at"):
        if name in headers:
            roles[name] = "date" if "submitted_at" in roles.values() else "submitted_at"
    return roles


def _zendesk_finish(record: Record) -> Record:
    # A ticket's Group is both the touchpoint (as before agents) and the team.
    if record.team is None and record.touchpoint is not None:
        record.team = record.touchpoint
    return record


ZENDESK = Preset(
    name="zendesk",
    title="Zendesk (satisfaction ratings API JSON, or a ticket CSV export)",
    source="zendesk",
    detect=lambda headers, _rows: (
        has_headers(headers, "score", "ticket_id", "requester_id")
        or has_headers(headers, "Id", "Satisfaction Score")
    ),
    formats=("json", "csv"),
    roles={
        # API JSON
        "id": "external_id",
        "score": "csat:1-2",
        "comment": "comment",
        "created_at": "submitted_at",
        "updated_at": "date",
        "requester_id": "respondent",
        "ticket_id": "attribute",
        "assignee_id": "attribute",
        "group_id": "attribute",
        "reason": "attribute",
        "reason_id": "attribute",
        "reason_code": "attribute",
        "url": "attribute",
        # ticket CSV
        "Id": "external_id",
        "Satisfaction Score": "csat:1-2",
        "Satisfaction Comment": "comment",
        "Requester email": "respondent",
        "Via": "channel",
        "Group": "touchpoint",  # and the team: see _zendesk_finish
        "Assignee": "agent",
        "Requester id": "attribute",
        "Assignee id": "attribute",
        "Subject": "attribute",
        "Status": "attribute",
    },
    infer_roles=_zendesk_roles,
    unanswered=_zendesk_unanswered,
    finish=_zendesk_finish,
    counts_sent=True,
)

# --- Delighted ----------------------------------------------------------------------------
# The API JSON is confirmed from Delighted's survey response schema (a bare array of
# {id, person, survey_type, score, comment, permalink, created_at (Unix seconds),
# updated_at, person_properties, notes, tags, additional_answers}; `person` is an id, or an
# object with `expand[]=person`). The CSV export's headers are guessed from the issue.

_DELIGHTED_METRICS = {"nps": "nps", "enps": "nps", "csat": "csat:1-5", "smileys": "csat:1-5",
                      "ces": "ces", "5-star": "csat:1-5", "stars": "csat:1-5"}  # fmt: skip
_SEGMENT_KEYS = ("plan", "tier", "segment", "customer segment")


def _delighted_roles(headers: Sequence[str], sample: Sequence[Cells]) -> Mapping[str, str]:
    # The score's metric is the survey's type; a CSV with no type column is an NPS survey.
    score = "score" if "score" in headers else "Score" if "Score" in headers else None
    if score is None:
        return {}
    kind = next((h for h in headers if h.casefold() in ("survey_type", "survey type")), None)
    types: Counter[str] = Counter()
    if kind is not None:
        index = list(headers).index(kind)
        types.update(
            str(row[index]).strip().casefold()
            for row in sample
            if index < len(row) and not is_blank(row[index])
        )
    common = types.most_common(1)[0][0] if types else "nps"
    return {score: _DELIGHTED_METRICS.get(common, "nps")}


def _delighted_finish(record: Record) -> Record:
    person = record.respondent
    if person and person.startswith("{"):
        try:
            found = json.loads(person)
        except json.JSONDecodeError:
            found = None
        if isinstance(found, dict):
            record.respondent = str(found.get("email") or found.get("id") or person)
    properties = record.attributes.get("person_properties")
    if record.segment is None and isinstance(properties, str) and properties.startswith("{"):
        try:
            values = json.loads(properties)
        except json.JSONDecodeError:
            values = {}
        for key, value in values.items() if isinstance(values, dict) else ():
            if str(key).strip().casefold() in _SEGMENT_KEYS and value:
                record.segment = str(value)
                break
    return record


DELIGHTED = Preset(
    name="delighted",
    title="Delighted (CSV export, or the API's JSON)",
    source="delighted",
    detect=lambda headers, _rows: (
        has_headers(headers, "survey_type", "score", "permalink")
        or has_headers(headers, "Response ID", "Score", "Comment", "Created at")
    ),
    formats=("csv", "json"),
    roles={
        "id": "external_id",
        "created_at": "submitted_at",
        "updated_at": "date",
        "comment": "comment",
        "person": "respondent",
        "survey_type": "attribute",
        "permalink": "attribute",
        "person_properties": "attribute",
        "notes": "attribute",
        "tags": "attribute",
        "additional_answers": "attribute",
        "Response ID": "external_id",
        "Created at": "submitted_at",
        "Comment": "comment",
        "Email": "respondent",
        "Name": "attribute",
        "Tags": "attribute",
        "Notes": "attribute",
    },
    infer_roles=_delighted_roles,
    finish=_delighted_finish,
)

# --- Formbricks ---------------------------------------------------------------------------
# Confirmed from formbricks/formbricks' export tests (`getResponsesJson`): `No.`,
# `Response ID`, `Timestamp` as `2024-06-15 10:00:00`, `Finished` Yes/No, `Survey ID`,
# `Formbricks ID (internal)`, `User ID`, `Tags`, meta columns (`source`, `url`,
# `userAgent - …`), then `1. <question>` columns, hidden fields and variables. Its exporter
# writes an answer of 0 as an empty string, so an empty NPS cell is read as no answer.


def _formbricks_finish(record: Record) -> Record:
    if str(record.attributes.get("Finished", "")).strip().casefold() == "no":
        record.complete = False
    return record


FORMBRICKS = Preset(
    name="formbricks",
    title="Formbricks (CSV)",
    source="formbricks",
    signature=("No.", "Response ID", "Timestamp", "Finished"),
    roles={
        "Response ID": "external_id",
        "Timestamp": "submitted_at",
        "No.": "attribute",
        "Finished": "attribute",
        "Survey ID": "attribute",
        "Formbricks ID (internal)": "attribute",
        "User ID": "respondent",
        "Tags": "attribute",
        "source": "channel",
        "url": "attribute",
        "userAgent - browser": "attribute",
        "userAgent - os": "attribute",
        "userAgent - device": "attribute",
    },
    finish=_formbricks_finish,
)

# --- Chatwoot -----------------------------------------------------------------------------
# Confirmed from chatwoot/chatwoot: app/views/api/v1/accounts/csat_survey_responses/
# download.csv.erb and config/locales/en.yml (Agent Name, Rating, Feedback Comment, Contact
# Name, Contact Email Address, Contact Phone Number, Link to the conversation, Recorded date,
# [Review Notes]; a last line "Reporting period <since> to <until>").

CHATWOOT = Preset(
    name="chatwoot",
    title="Chatwoot CSAT report (CSV)",
    source="chatwoot",
    signature=("Agent Name", "Rating", "Feedback Comment"),
    roles={
        "Rating": "csat:1-5",
        "Feedback Comment": "comment",
        "Contact Email Address": "respondent",
        "Recorded date": "submitted_at",
        "Link to the conversation": "external_id",
        "Agent Name": "agent",
        "Contact Name": "attribute",
        "Contact Phone Number": "attribute",
        "Review Notes": "attribute",
    },
    footer=lambda cells: bool(cells) and str(cells[0]).strip().startswith("Reporting period"),
)

# --- Hotjar -------------------------------------------------------------------------------
# Guessed from the description (Number, User, Date Submitted, Country, Source URL,
# Device, Browser, OS, Hotjar User ID, the questions, `Tags for: <question>`); not
# confirmed from a public source. Rating questions are recognised by their values.

_HOTJAR_META = ("Number", "User", "Date Submitted", "Country", "Source URL", "Device",
                "Browser", "OS", "Hotjar User ID")  # fmt: skip


def _hotjar_roles(headers: Sequence[str], sample: Sequence[Cells]) -> Mapping[str, str]:
    roles: dict[str, str] = {}
    commented = False
    for index, header in enumerate(headers):
        if header in _HOTJAR_META:
            continue
        if header.startswith("Tags for:"):
            roles[header] = "attribute"
            continue
        values = [row[index] for row in sample if index < len(row) and not is_blank(row[index])]
        numbers = [n for n in map(whole_number, values) if n is not None]
        if values and len(numbers) * 2 >= len(values):
            wide = any(n == 0 or n > 5 for n in numbers)
            roles[header] = "nps" if wide else "csat:1-5"
        elif values and not commented:
            roles[header] = "comment"
            commented = True
    return roles


HOTJAR = Preset(
    name="hotjar",
    title="Hotjar survey responses (CSV)",
    source="hotjar",
    detect=lambda headers, _rows: (
        has_headers(headers, "Number", "Date Submitted")
        and (has_headers(headers, "Hotjar User ID") or has_headers(headers, "Source URL"))
    ),
    roles={
        "Number": "attribute",
        "User": "respondent",
        "Date Submitted": "submitted_at",
        "Country": "attribute",
        "Source URL": "touchpoint",
        "Device": "attribute",
        "Browser": "attribute",
        "OS": "attribute",
        "Hotjar User ID": "attribute",
    },
    infer_roles=_hotjar_roles,
    id_columns=("Number", "Date Submitted", "Hotjar User ID"),
)

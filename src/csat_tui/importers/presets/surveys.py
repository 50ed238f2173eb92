"""Presets for survey tools: SurveyMonkey, Qualtrics, Typeform, Google Forms and Sheets."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from csat_tui.importers.model import SKIP_PREVIEW, SKIP_TEST, Record
from csat_tui.importers.presets.base import Cells, Header, Preset, cell, has_headers
from csat_tui.importers.reading import dedupe_headers

# --- SurveyMonkey -------------------------------------------------------------------------
# Layout confirmed from public code that reads its exports, e.g. GitHub
# ggwash dc-election `parseResponse` ("Row 1: Respondent ID,Collector ID,Start Date,End Date,
# IP Address,Email Address,First Name,Last Name,Custom Data 1,<questions>", a blank row-1 cell
# continuing the question before it) and SurveyMonkey readers that merge the second row
# (`Response`, `Open-Ended Response`, or a choice label). The date format is not documented
# there: dates are inferred per column.

_SURVEYMONKEY_PLAIN = {"", "response", "open-ended response"}


def _surveymonkey_header(rows: Sequence[Sequence[str]]) -> Header:
    top = list(rows[0])
    sub = list(rows[1]) if len(rows) > 1 else []
    merged: list[str] = []
    question = ""
    open_ended: int | None = None
    for index in range(max(len(top), len(sub))):
        head = top[index].strip() if index < len(top) else ""
        label = sub[index].strip() if index < len(sub) else ""
        if head:
            question = head
        elif not question:
            question = f"Column {index + 1}"
        plain = label.casefold() in _SURVEYMONKEY_PLAIN or label == question
        merged.append(question if plain else f"{question} - {label}")
        if label.casefold() == "open-ended response" and open_ended is None:
            open_ended = index
    headers = dedupe_headers(merged)
    # The first open-ended question is the comment, whatever its wording.
    roles = {headers[open_ended]: "comment"} if open_ended is not None else {}
    return Header(headers, roles, rows=2 if len(rows) > 1 else 1)


SURVEYMONKEY = Preset(
    name="surveymonkey",
    title="SurveyMonkey (CSV or XLSX, two header rows)",
    source="surveymonkey",
    signature=("Respondent ID", "Collector ID"),
    formats=("csv", "xlsx"),
    roles={
        "Respondent ID": "external_id",
        "Collector ID": "attribute",
        "Start Date": "date",
        "End Date": "submitted_at",
        "IP Address": "attribute",
        "Email Address": "respondent",
        "First Name": "attribute",
        "Last Name": "attribute",
        "Custom Data 1": "attribute",
    },
    header_rows=2,
    read_header=_surveymonkey_header,
)

# --- Qualtrics ----------------------------------------------------------------------------
# Layout confirmed from public code: GitHub davemosk/FinSL-signbank
# docs/validation_result_model.md and ropensci/excluder (three header rows: ids such as
# StartDate/Status/Finished/ResponseId, question texts, then `{"ImportId":…,"timeZone":…}`;
# `Status` is "Survey Preview" for previews, `Finished` True/False) and public analysis code
# that reads `Qn_NPS_GROUP` as the derived promoter/passive/detractor group.

_QUALTRICS_META = {
    "startdate": "date",
    "enddate": "date",
    "status": "attribute",
    "ipaddress": "attribute",
    "progress": "attribute",
    "duration (in seconds)": "attribute",
    "finished": "attribute",
    "recordeddate": "submitted_at",
    "responseid": "external_id",
    "recipientlastname": "attribute",
    "recipientfirstname": "attribute",
    "recipientemail": "respondent",
    "externalreference": "attribute",
    "externaldatareference": "attribute",
    "locationlatitude": "attribute",
    "locationlongitude": "attribute",
    "distributionchannel": "channel",
    "userlanguage": "attribute",
    "q_recaptchascore": "attribute",
}
# Status codes in numeric exports: 1 Survey Preview, 2 Survey Test, 9 Preview Spam,
# 17 Offline Survey Preview; the text export writes the words.
_QUALTRICS_PREVIEWS = {"1", "9", "17"}
"""Qualtrics' numeric Status of a preview: survey preview, preview spam, offline preview."""
_QUALTRICS_TESTS = {"2"}
"""…and of a generated test response."""
_NPS_GROUP = "_NPS_GROUP"


def _import_ids(row: Sequence[str]) -> list[dict[str, object]] | None:
    # The third header row: one JSON object per column, or None when the row is data.
    parsed: list[dict[str, object]] = []
    for text in row:
        if not text.strip().startswith("{"):
            parsed.append({})
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            return None
        parsed.append(value if isinstance(value, dict) else {})
    return parsed if any("ImportId" in p for p in parsed) else None


def _qualtrics_header(rows: Sequence[Sequence[str]]) -> Header:
    ids = [i.strip().lstrip("\ufeff") for i in rows[0]]
    texts = list(rows[1]) if len(rows) > 1 else []
    imports = _import_ids(rows[2]) if len(rows) > 2 else None
    named = []
    for index, qid in enumerate(ids):
        text = texts[index].strip() if index < len(texts) else ""
        # Metadata columns keep their ids (stable across languages); questions their text.
        named.append(qid if qid.casefold() in _QUALTRICS_META or not text else text)
    headers = dedupe_headers(named)
    groups = {qid[: -len(_NPS_GROUP)] for qid in ids if qid.upper().endswith(_NPS_GROUP)}
    roles: dict[str, str] = {}
    for qid, header in zip(ids, headers, strict=True):
        if qid.upper().endswith(_NPS_GROUP):
            roles[header] = "attribute"  # derived from the NPS answer: not another rating
        elif qid in groups:
            roles[header] = "nps"
        elif qid.casefold() in _QUALTRICS_META:
            roles[header] = _QUALTRICS_META[qid.casefold()]
    zone = next((str(p["timeZone"]) for p in imports or () if p.get("timeZone")), None)
    used = 3 if imports is not None else min(len(rows), 2)
    return Header(headers, roles, zone, used)


def _qualtrics_skip(row: Mapping[str, str]) -> tuple[str, str] | None:
    status = cell(row, "Status")
    folded = status.casefold()
    if status in _QUALTRICS_PREVIEWS or "preview" in folded:
        return SKIP_PREVIEW, f"a Qualtrics preview response (Status {status})"
    if status in _QUALTRICS_TESTS or "test" in folded:
        return SKIP_TEST, f"a Qualtrics test response (Status {status})"
    return None


def _qualtrics_finish(record: Record) -> Record:
    finished = str(record.attributes.get("Finished", "")).strip().casefold()
    if finished in ("false", "0"):
        record.complete = False
    return record


QUALTRICS = Preset(
    name="qualtrics",
    title="Qualtrics (CSV or TSV, three header rows)",
    source="qualtrics",
    detect=lambda headers, _rows: has_headers(headers, "StartDate", "ResponseId"),
    formats=("csv", "tsv"),
    header_rows=3,
    read_header=_qualtrics_header,
    skip=_qualtrics_skip,
    finish=_qualtrics_finish,
)

# --- Typeform -----------------------------------------------------------------------------
# Layout confirmed from public code reading Typeform CSV exports (`#` token column, then the
# questions and hidden fields, then `Response Type` completed/partial, `Start Date (UTC)`,
# `Stage Date (UTC)`, `Submit Date (UTC)` as `2024-10-05 02:39:31`, `Network ID`).


def _typeform_finish(record: Record) -> Record:
    kind = str(record.attributes.get("Response Type", "")).strip().casefold()
    if kind in ("partial", "started"):
        record.complete = False
    if record.submitted_at is None:
        for name in ("Stage Date (UTC)", "Start Date (UTC)"):
            value = record.attributes.get(name)
            if isinstance(value, str) and value.endswith("Z"):
                record.submitted_at = value
                break
    return record


TYPEFORM = Preset(
    name="typeform",
    title="Typeform (CSV)",
    source="typeform",
    detect=lambda headers, _rows: (
        has_headers(headers, "#")
        and (has_headers(headers, "Submit Date (UTC)") or has_headers(headers, "Network ID"))
    ),
    roles={
        "#": "external_id",
        "Submit Date (UTC)": "submitted_at",
        "Start Date (UTC)": "date",
        "Stage Date (UTC)": "date",
        "Response Type": "attribute",
        "Network ID": "attribute",
        "Tags": "attribute",
    },
    timezone="UTC",
    finish=_typeform_finish,
)

# --- Google Forms and Google Sheets -------------------------------------------------------
# Guessed from the description, not confirmed from a public source: the Forms
# download quotes every field and writes `Timestamp` as `2026/10/01 2:17:43 PM EDT`; a
# response sheet downloaded as CSV writes it in the sheet's locale with no zone.

TIMESTAMP_HEADERS = ("Timestamp", "Marca temporal", "Zeitstempel", "Horodateur",
                     "Tidstämpel", "Carimbo de data/hora", "Informazioni cronologiche",
                     "Tijdstempel")  # fmt: skip
_FORMS_TIME = re.compile(
    r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}:\d{2}(?: [AP]M)?"
    r" (?:[A-Z]{2,5}|GMT[+-]\d{1,2}(?::?\d{2})?)"
)


def _first_is_timestamp(headers: Sequence[str]) -> bool:
    return bool(headers) and str(headers[0]).strip().lstrip("\ufeff") in TIMESTAMP_HEADERS


def _forms_time(rows: Sequence[Cells]) -> bool:
    firsts = [str(row[0]).strip() for row in rows if row and str(row[0]).strip()]
    return bool(firsts) and all(_FORMS_TIME.fullmatch(f) for f in firsts)


_GOOGLE_ROLES = {name: "submitted_at" for name in TIMESTAMP_HEADERS}

GOOGLE_FORMS = Preset(
    name="google-forms",
    title="Google Forms (Download responses as .csv)",
    source="google_forms",
    detect=lambda headers, rows: _first_is_timestamp(headers) and _forms_time(rows),
    roles=_GOOGLE_ROLES,
)

GOOGLE_SHEETS = Preset(
    name="google-sheets",
    title="Google Sheets response sheet (File → Download → CSV)",
    source="google_sheets",
    detect=lambda headers, rows: _first_is_timestamp(headers) and not _forms_time(rows),
    roles=_GOOGLE_ROLES,
)

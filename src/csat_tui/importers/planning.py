"""Planning a file's columns: roles from `--map`, a preset or the headers, checked against a
sample of values; a scale for each rating column and a format for the date column."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import cast

from csat_tui.importers.dates import DateReader, infer_date_reader
from csat_tui.importers.free_text import could_be_comment, measure
from csat_tui.importers.model import ColumnPlan, Role
from csat_tui.importers.roles import (
    NAMES,
    RATING_ROLES,
    MapRole,
    guess_roles,
    is_closed_question,
    normalise,
    read_mapping,
)
from csat_tui.importers.values import (
    LABEL_SETS,
    NO_LABELS,
    best_label_set,
    integer,
    is_blank,
    label_key,
    labels_for,
    whole_number,
)
from csat_tui.scoring.scales import NPS_SCALE, Metric, Scale, rule_for

SAMPLE_TOPS: tuple[int, ...] = (5, 7, 10)
"""Tops of the 1–N scales a CSAT column is fitted to from its values, narrowest first."""

WIDER_MIN_DISTINCT = 2
WIDER_MIN_SHARE = 0.15
"""A wider scale is chosen only on evidence that answers go above the narrower top: those
answers hold at least WIDER_MIN_DISTINCT different values and WIDER_MIN_SHARE of the
numeric answers, and the wider scale takes in at least half of them (6 and 7 for 1–7 over
1–5; 11, 42 and 99 are no evidence for any scale). A few strays stay rejects: 0, 6, 11 and
-1 beside 14 answers of a 1–5 column are 2 values above 5 in 11 % of 18."""

ZERO_MIN_SHARE = 0.05
ZERO_MIN_COUNT = 2
"""A 1–10 column is 0–10 when zeros are at least this share and count of its numeric
answers: 0 is offered on an eleven-point question, and no tool writes it on a 1–10 one."""

ZONELESS = "times have no zone: read as UTC; --timezone ZONE if they are local time"
"""Said once per file whose dates have no zone, when neither the export nor --timezone
gives one."""

OUTSIDE = "outside, rejected"

REJECT_WARN_SHARE = 0.05
"""A rating column with more than this share of its answers rejected gets a warning."""

NO_COMMENT = "no comment column found: the queue and themes need one; --map COLUMN=comment names it"
"""The note for a file with no comment column, so an empty triage queue is not a mystery."""

_RANGE_HINT = re.compile(r"\b([01])\s*(?:-|–|—|to)\s*(\d{1,2})\b")
_OUT_OF_HINT = re.compile(r"\bout of\s*(\d{1,2})\b|/\s*(\d{1,2})\b")


@dataclass(slots=True)
class Column:
    """One source column as the record builder reads it."""

    index: int
    header: str
    role: Role | None
    how: str
    scale: Scale | None = None
    labels: Mapping[str, int] = field(default_factory=lambda: NO_LABELS)
    dates: DateReader | None = None
    from_values: bool = False

    def plan(self) -> ColumnPlan:
        """The column as reported in the FilePlan."""
        return ColumnPlan(
            header=self.header,
            role=self.role,
            scale=self.scale.name if self.scale else None,
            date_format=self.dates.name if self.dates else None,
            how=self.how,
            from_values=self.from_values,
        )


def header_scale(metric: Metric, header: str) -> Scale | None:
    """A scale the header states ("1-10", "(1–7)", "out of 7"), if the metric uses it."""
    found: list[Scale] = []
    for match in _RANGE_HINT.finditer(header):
        found.append(Scale(int(match[1]), int(match[2])))
    for match in _OUT_OF_HINT.finditer(header):
        found.append(Scale(1, int(match[1] or match[2])))
    for scale in found:
        try:
            rule_for(metric, scale)
        except ValueError:
            continue
        return scale
    return None


def choose_scale(
    metric: Metric,
    header: str,
    values: Sequence[object],
    given: Scale | None = None,
    given_by: str = "--map",
) -> tuple[Scale, Mapping[str, int], str]:
    """The scale of a rating column, its answer labels, and why it was chosen."""
    if given is not None:
        return given, labels_for(metric, given, values), f"scale {given.name} from {given_by}"
    if metric == "nps":
        return NPS_SCALE, NO_LABELS, "NPS is always 0–10"
    if metric == "ces":
        return Scale(1, 7), labels_for(metric, Scale(1, 7), values), "CES is 1–7"
    hinted = header_scale(metric, header)
    if hinted is not None:
        return hinted, labels_for(metric, hinted, values), f"header says {hinted.low}–{hinted.high}"
    numbers = [n for n in map(integer, values) if n is not None]
    label_set, hits = best_label_set(values, metric)
    if label_set is not None and hits > len(numbers):
        labels = labels_for(metric, label_set.scale, values)
        return label_set.scale, labels, f"answers are {label_set.name} labels"
    if not numbers:
        return Scale(1, 5), labels_for(metric, Scale(1, 5)), "default 1–5"
    scale, why = scale_from_numbers(numbers)
    return scale, labels_for(metric, scale), why


def scale_from_numbers(numbers: Sequence[int]) -> tuple[Scale, str]:
    """The CSAT scale numeric answers are on, weighed by how often each value occurs, and why:
    "1–5: 14 of 18 numeric answers; 4 outside, rejected"."""
    counts = Counter(numbers)
    total = len(numbers)
    top = SAMPLE_TOPS[0]
    evidence: list[str] = []
    for wider in SAMPLE_TOPS[1:]:
        above = [n for n in counts if n > top]
        above_count = sum(counts[n] for n in above)
        taken = sum(counts[n] for n in above if n <= wider)
        if (
            len(above) >= WIDER_MIN_DISTINCT
            and above_count >= WIDER_MIN_SHARE * total
            and taken * 2 >= above_count
        ):
            evidence.append(
                f"{len(above)} different values above {top} in {above_count / total:.0%} of them"
            )
            top = wider
    low = 1
    if top == 10 and counts[0] >= ZERO_MIN_COUNT and counts[0] >= ZERO_MIN_SHARE * total:
        low = 0
        evidence.append(f"0 in {counts[0] / total:.0%} of them")
    scale = Scale(low, top)
    fit = sum(count for n, count in counts.items() if n in scale)
    why = f"{low}–{top}: {fit} of {total} numeric answers"
    if evidence:
        why += f" ({'; '.join(evidence)})"
    if fit < total:
        why += f"; {total - fit} {OUTSIDE}"
    return scale, why


def _score_share(metric: Metric, values: Sequence[object]) -> tuple[int, int]:
    labels = {key for s in LABEL_SETS if s.metric == metric for key in s.labels}
    answered = [v for v in values if not is_blank(v)]
    good = sum(
        whole_number(v) is not None or (isinstance(v, str) and label_key(v) in labels)
        for v in answered
    )
    return good, len(answered)


def _check(
    role: Role,
    named: bool,
    values: Sequence[object],
    day_first: bool | None,
    zone: tzinfo | None,
) -> tuple[bool, DateReader | None, str]:
    # Does the sample bear the header's suggestion out? (ok, date reader, why not)
    if role in RATING_ROLES:
        good, answered = _score_share(cast(Metric, role), values)
        if answered == 0:
            return named, None, "" if named else "no values to confirm it"
        if (named and good) or good * 2 >= answered:
            return True, None, ""
        return False, None, "its values are not scores"
    if role == "submitted_at":
        reader, share = infer_date_reader(values, day_first, zone)
        if share >= 0.5:
            return True, reader, ""
        return False, None, "its values are not dates"
    if role == "comment":
        given = [v for v in values if not is_blank(v)]
        numbers = sum(whole_number(v) is not None for v in given)
        if given and numbers * 2 > len(given) and not named:
            return False, None, "its values are numbers, not text"
        why_not = None if named else measure(values).why_not()
        if why_not is not None:
            return False, None, why_not
    return True, None, ""


def plan_columns(
    path: str,
    headers: Sequence[str],
    sample: Sequence[Sequence[object]],
    mapping: Mapping[str, str],
    preset_roles: Mapping[str, str],
    day_first: bool | None,
    zone: tzinfo | None,
    notes: list[str] | None = None,
) -> list[Column]:
    """Every column's role, scale and date format; ImportFileError for a bad `--map`.

    With no comment column named, the column that reads most like free text becomes the
    comment; what was guessed, or that there is no comment, is added to `notes`.
    """
    present = {h: r for h, r in preset_roles.items() if h in headers}
    given: dict[int, tuple[MapRole, Scale | None, str]] = {
        i: (role, scale, "preset")
        for i, (role, scale) in read_mapping(path, headers, present).items()
    }
    for i, (role, scale) in read_mapping(path, headers, mapping).items():
        given[i] = (role, scale, "--map")
    taken: dict[Role, str] = {}
    for i, (role, _, _) in given.items():
        if role not in RATING_ROLES and role not in ("ignore", "attribute", "date"):
            taken.setdefault(cast(Role, role), headers[i])
    columns: list[Column] = []
    unnamed: dict[int, list[object]] = {}
    said: list[str] = []
    dated: Column | None = None
    if "submitted_at" not in taken:
        dated, date_note = _survey_date(headers, sample, given, day_first, zone)
        if dated is not None:
            taken["submitted_at"] = dated.header
            said.extend(date_note)
    opened: Column | None = None
    if "comment" not in taken:
        opened, comment_note = _open_question(headers, sample, given, taken, day_first, zone)
        if opened is not None:
            taken["comment"] = opened.header
            said.extend(comment_note)
    for index, header in enumerate(headers):
        values = [row[index] if index < len(row) else None for row in sample]
        if index in given:
            role, scale, how = given[index]
            column = _given(index, header, role, how, values, day_first, zone)
        elif dated is not None and index == dated.index:
            column = dated
        elif opened is not None and index == opened.index:
            column = opened
        else:
            column = _guess(index, header, values, taken, day_first, zone)
            scale, how = None, ""
            if column.role is None:
                unnamed[index] = values
        if column.role in RATING_ROLES:
            metric = cast(Metric, column.role)
            column.scale, column.labels, why = choose_scale(metric, header, values, scale, how)
            column.how = f"{column.how}; {why}"
            if why.endswith(OUTSIDE):
                said.append(f"'{header}' read on {why} (in the first rows)")
        if (
            column.role == "external_id"
            and index not in given
            and normalise(header) in CODE_IDS
            and _repeated(values)
        ):
            column.role = None
            column.how = (
                f"{column.how}; but '{_repeated(values)}' is the id of several rows: "
                "not a response id (a respondent's code?), kept as an attribute"
            )
            taken.pop("external_id", None)
        if column.role == "external_id" and _mangled(values):
            column.role = None
            column.how = (
                f"{column.how}; but ids such as '{_mangled(values)}' were shortened by a "
                "spreadsheet and cannot tell responses apart: a content hash is used instead"
            )
        columns.append(column)
    found = [] if "comment" in taken else _comment_from_values(columns, unnamed)
    if zone is None and _zoneless(columns, sample):
        said.append(ZONELESS)
    if notes is not None:
        notes.extend(said)
        notes.extend(found)
        if not any(column.role == "comment" for column in columns):
            notes.append(NO_COMMENT)
    return columns


def _comment_from_values(columns: list[Column], unnamed: Mapping[int, list[object]]) -> list[str]:
    # No header names the comment: the column with the most free text is the comment.
    measured = [
        (columns[i], measure(values))
        for i, values in unnamed.items()
        if could_be_comment(columns[i].header)
    ]
    free = sorted(((c, m) for c, m in measured if m.is_free_text), key=lambda cm: -cm[1].characters)
    if not free:
        return []
    chosen, evidence = free[0]
    chosen.role = "comment"
    chosen.from_values = True
    chosen.how = f"guessed from its text: {evidence.describe()}"
    if len(free) == 1:
        return []
    for other, _ in free[1:]:
        other.how = f"reads as free text too, but '{chosen.header}' has more: kept as an attribute"
    others = ", ".join(f"'{other.header}'" for other, _ in free[1:])
    return [
        f"'{chosen.header}' is the comment, guessed from its text: it has more text than "
        f"{others}; --map COLUMN=comment names another"
    ]


COMMENT_HEADER = re.compile(
    r"\b(?:comment\w*|feedback|remarks?|why|reasons?|explain\w*|anything else|any other"
    r"|kommentar\w*|synpunkt\w*|varför|något annat|övrig\w*"
    r"|anmerkung\w*|bemerkung\w*|warum|sonst noch|sonstige\w*|rückmeldung\w*"
    r"|remarques?|commentaires?|pourquoi|autre chose"
    r"|comentarios?|observaciones|por qué|algo más"
    r"|comentários?|observações|por que|por quê|porquê|algo mais"
    r"|commenti|osservazioni|perché|qualcos altro"
    r"|opmerking\w*|commentaar|toelichting|waarom|nog iets)\b"
)
"""Header words that ask for the comment itself (comments, feedback, why, anything else), as
against other open questions ("Tell us about your use case", "What could we improve?")."""


def _comment_rank(header: str, named: bool) -> tuple[int, str]:
    # 2: named outright or asks for comments, feedback, why, anything else; 1: another
    # open question.
    if named:
        return 2, f"its header is '{header}'"
    found = COMMENT_HEADER.search(normalise(header))
    if found:
        return 2, f"its header says '{found[0]}'"
    return 1, "its header asks an open question"


def _open_question(
    headers: Sequence[str],
    sample: Sequence[Sequence[object]],
    given: Mapping[int, object],
    taken: Mapping[Role, str],
    day_first: bool | None,
    zone: tzinfo | None,
) -> tuple[Column | None, list[str]]:
    """Among several columns whose headers make them the comment, the one asking for comments
    (comments, feedback, why, anything else) before other open questions, then the first."""
    found: list[tuple[tuple[int, int], Column, str]] = []
    for index, header in enumerate(headers):
        if index in given or not any(role == "comment" for role, _, _ in guess_roles(header)):
            continue
        values = [row[index] if index < len(row) else None for row in sample]
        column = _guess(index, header, values, dict(taken), day_first, zone)
        if column.role != "comment":
            continue
        named = normalise(header) in NAMES
        rank, why = _comment_rank(header, named)
        found.append(((rank, -index), column, why))
    if len(found) < 2:
        return None, []
    found.sort(key=lambda item: item[0], reverse=True)
    (rank, _), column, why = found[0]
    if all(key[0] == rank for key, _, _ in found[1:]):
        return None, []  # nothing to prefer: the first, as for one candidate
    others = ", ".join(f"'{other.header}'" for _, other, _ in found[1:])
    note = (
        f"'{column.header}' is the comment ({why}); other open questions kept as attributes: "
        f"{others}; --map COLUMN=comment picks another"
    )
    return column, [note]


SURVEY_TIME = re.compile(
    r"\b(?:respon\w*|respond\w*|survey\w*|submi\w*|complet\w*|record\w*|answer\w*|rated"
    r"|feedback|svar\w*|enkät\w*|antwort\w*|umfrage\w*|réponse\w*|enquête\w*|respuesta\w*"
    r"|encuesta\w*|resposta\w*|pesquisa\w*|risposta\w*|sondaggio\w*|antwoord\w*)\b"
)
"""Header words naming the survey's own time: response, survey, submission, completion…"""

OTHER_TIME = re.compile(
    r"\b(?:creat\w*|order\w*|issue\w*|ticket\w*|updat\w*|modif\w*|clos\w*|resolv\w*|"
    r"solv\w*|open\w*|assign\w*|due|ship\w*|deliver\w*|purchas\w*|birth\w*|sent|invit\w*|"
    r"start\w*|signup|sign up|join\w*|last)\b"
)
"""Header words naming another event's time: created, order, issue, ticket, updated…"""

MOSTLY_EMPTY = 0.5
"""A date column filled in fewer than this share of rows never beats a fuller one."""


def _date_rank(header: str) -> tuple[int, str]:
    # 2: names the survey's time; 1: says nothing, or both; 0: names another event.
    key = normalise(header)
    survey = SURVEY_TIME.search(key)
    other = OTHER_TIME.search(key)
    if survey and not other:
        return 2, f"its header names the response ('{survey[0]}')"
    if other and not survey:
        return 0, f"its header names another event ('{other[0]}')"
    if other:
        return 1, f"its header names another event too ('{other[0]}')"
    return 1, "its header names no event"


def _is_date_candidate(
    header: str, values: Sequence[object], day_first: bool | None, zone: tzinfo | None
) -> DateReader | None:
    # The header suggests submitted_at before any role the values bear out, and it is dates.
    for role, _, _ in guess_roles(header):
        if role == "submitted_at":
            reader, share = infer_date_reader(values, day_first, zone)
            return reader if share >= 0.5 else None
        if role not in RATING_ROLES or _check(role, False, values, day_first, zone)[0]:
            return None
    return None


def _survey_date(
    headers: Sequence[str],
    sample: Sequence[Sequence[object]],
    given: Mapping[int, object],
    day_first: bool | None,
    zone: tzinfo | None,
) -> tuple[Column | None, list[str]]:
    """Among several date columns, the survey's own: a full one before a mostly empty one,
    then one naming the response or survey before one naming no event, before one naming
    another event (order, ticket, created…), then the fuller, then the first."""
    rows = len(sample)
    found: list[tuple[tuple[bool, int, int, int], int, DateReader, str]] = []
    for index, header in enumerate(headers):
        if index in given:
            continue
        values = [row[index] if index < len(row) else None for row in sample]
        reader = _is_date_candidate(header, values, day_first, zone)
        if reader is None:
            continue
        filled = sum(not is_blank(v) for v in values)
        rank, why = _date_rank(header)
        key = (filled >= MOSTLY_EMPTY * rows, rank, filled, -index)
        found.append((key, index, reader, f"{why}, filled in {filled} of {rows} rows"))
    if len(found) < 2:
        return None, []
    found.sort(reverse=True)
    _, index, reader, why = found[0]
    column = Column(index, headers[index], "submitted_at", f"the response date: {why}")
    column.dates = reader
    others = "; ".join(f"'{headers[i]}' ({w})" for _, i, _, w in found[1:])
    note = (
        f"'{headers[index]}' is the response date ({why}); other dates kept as attributes: "
        f"{others}; --map COLUMN=submitted_at picks another"
    )
    return column, [note]


def _zoneless(columns: Sequence[Column], sample: Sequence[Sequence[object]]) -> bool:
    # Does any date read (the response date, or a date kept as an attribute) lack a zone?
    for column in columns:
        reader = column.dates
        if reader is None or (column.role is not None and column.role != "submitted_at"):
            continue
        i = column.index
        if any(reader.zoneless(row[i]) for row in sample[:200] if i < len(row)):
            return True
    return False


CODE_IDS = frozenset(("unique id", "uniqueid"))
"""Id headers that respondents may fill in themselves (a made-up code): when a value repeats
in the sample, the column is no response id, and using it would merge different responses."""


def _repeated(values: Sequence[object]) -> str | None:
    # A response id is never given to two different rows of one export.
    seen: set[str] = set()
    for value in values:
        if is_blank(value):
            continue
        text = str(value).strip()
        if text in seen:
            return text
        seen.add(text)
    return None


_EXCEL_NUMBER = re.compile(r"\d(?:[.,]\d+)?E\+\d+", re.IGNORECASE)


def _mangled(values: Sequence[object]) -> str | None:
    # Excel shows long numbers as 9.9959E+12 and saves them so: the digits are lost.
    for value in values:
        if isinstance(value, str) and _EXCEL_NUMBER.fullmatch(value.strip()):
            return value.strip()
    return None


def _given(
    index: int,
    header: str,
    role: MapRole,
    how: str,
    values: Sequence[object],
    day_first: bool | None,
    zone: tzinfo | None,
) -> Column:
    if role == "attribute":
        return Column(index, header, None, f"{how}: kept as an attribute")
    if role == "date":
        reader, _ = infer_date_reader(values, day_first, zone)
        return Column(index, header, None, f"{how}: a date, kept as an attribute", dates=reader)
    column = Column(index, header, role, how)
    if role == "submitted_at":
        column.dates, _ = infer_date_reader(values, day_first, zone)
    return column


def _guess(
    index: int,
    header: str,
    values: Sequence[object],
    taken: dict[Role, str],
    day_first: bool | None,
    zone: tzinfo | None,
) -> Column:
    notes: list[str] = []
    for role, why, named in guess_roles(header):
        if role in taken:
            notes.append(f"{why}, but '{taken[role]}' is the {role} column")
            continue
        if role == "comment" and not named and is_closed_question(header):
            notes.append(f"{why}, but it asks to pick an option: a closed question")
            continue
        ok, reader, why_not = _check(role, named, values, day_first, zone)
        if not ok:
            notes.append(f"{why}, but {why_not}")
            continue
        if role not in RATING_ROLES:
            taken[role] = header
        return Column(index, header, role, why, dates=reader)
    how = "; ".join(notes) + "; kept as an attribute" if notes else "no role: kept as an attribute"
    return Column(index, header, None, how)

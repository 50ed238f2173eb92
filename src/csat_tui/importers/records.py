"""Turning planned rows into `Record`s, and bad cells into `Problem`s beside them."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from hashlib import sha1
from typing import cast

from csat_tui.importers.agent_names import agent_name
from csat_tui.importers.dates import DateError, DateReader
from csat_tui.importers.model import Answer, Problem, Record, Role
from csat_tui.importers.planning import REJECT_WARN_SHARE, Column
from csat_tui.importers.presets import Preset
from csat_tui.importers.reading import TRUNCATED, Row
from csat_tui.importers.roles import RATING_ROLES
from csat_tui.importers.values import read_score
from csat_tui.scoring.scales import Metric

FIELD_ROLES: tuple[Role, ...] = ("comment", "respondent", "touchpoint", "segment", "channel")
PEOPLE_ROLES: tuple[Role, ...] = ("agent", "team")
"""Roles stored in a `Record` field and kept in `attributes` as read too (an agent's
`Name (email)` is stored as Name, and the cell stays a dimension under its header)."""
"""Roles stored in a `Record` field of the same name, as text."""


def cell_text(value: object) -> str:
    """A cell as text: JSON values other than strings are written as JSON ("4", "true")."""
    kind = type(value)
    if kind is str:
        return cast(str, value)
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is float and math.isfinite(cast(float, value)):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return json.dumps(value, ensure_ascii=False, default=str)


def content_id(cells: Iterable[str]) -> str:
    """An id for a record with none: the SHA-1 of its raw cells, stable across imports."""
    return "sha1:" + sha1("\x1f".join(cells).encode("utf-8", "surrogatepass")).hexdigest()


def repeated_note(count: int) -> str:
    """The rule for identical rows that nothing tells apart, said when it applied."""
    rows = "1 row repeats" if count == 1 else f"{count:,} rows repeat"
    return (
        f"{rows} an earlier row's answers with no id, date, respondent or comment to tell them "
        "apart: counted as other respondents giving the same answers (common in a ratings-only "
        "survey), numbered so that importing the file again adds nothing"
    )


_NO_ANSWER = object()
_UNKNOWN = Answer("csat", "", -1, "")
"""Not among a rating column's prebuilt answers (a label, a number with spaces…)."""
_FIELD_SLOTS = ("respondent", "touchpoint", "segment", "channel", "comment")
"""The text fields in the order `Record` takes them, after `submitted_at`."""


class _Rating:
    """A rating column, with its Answers prebuilt: Answer is frozen, so they are shared."""

    __slots__ = ("answers", "given", "header", "index", "labels", "metric", "rejected", "scale")

    def __init__(self, column: Column) -> None:
        assert column.scale is not None
        self.index = column.index
        self.header = column.header
        self.metric = cast(Metric, column.role)
        self.scale = column.scale
        self.labels = column.labels
        self.given = 0
        """Non-blank cells read (answers and rejects)."""
        self.rejected = 0
        scale = column.scale
        self.answers: dict[object, Answer | None] = {"": None}
        for score in range(scale.low, scale.high + 1):
            answer = Answer(self.metric, column.header, score, scale.name)
            self.answers[str(score)] = answer
            self.answers[score] = answer

    def answer(self, value: object) -> Answer | str | None:
        """The Answer of a cell, a reason to reject it, or None when blank."""
        kind = type(value)
        if kind is str or kind is int:  # not bool or float: True == 1 and 4.5 would mislead
            found = self.answers.get(value, _NO_ANSWER)
            if found is not _NO_ANSWER:
                return cast("Answer | None", found)
        score = read_score(value, self.scale, self.labels)
        if isinstance(score, int):
            return self.answers[score]
        return score


class RecordBuilder:
    """Builds records from rows according to the column plan; one per import."""

    def __init__(
        self,
        headers: Sequence[str],
        columns: Sequence[Column],
        textual: bool,
        preset: Preset,
        notes: list[str] | None = None,
    ) -> None:
        self.headers = list(headers)
        self.notes = notes
        """Where warnings found while reading go (a column with many rejects), at the end."""
        self.textual = textual
        """Cells are always str (delimited text), so no conversion is needed."""
        self.preset = preset
        self.ratings = [_Rating(c) for c in columns if c.role in RATING_ROLES and c.scale]
        self.fields = [
            (c.index, _FIELD_SLOTS.index(cast(str, c.role)))
            for c in columns
            if c.role in FIELD_ROLES
        ]
        """(cell index, slot in `_FIELD_SLOTS`) of the columns stored in a Record field."""
        self.attributes = [
            (c.index, c.header)
            for c in columns
            if (c.role is None and c.dates is None) or c.role in PEOPLE_ROLES
        ]
        self.people = [(c.index, c.role == "agent") for c in columns if c.role in PEOPLE_ROLES]
        """(cell index, is the agent) of the agent and team columns."""
        self.date_attributes: list[tuple[int, str, DateReader]] = [
            (c.index, c.header, c.dates) for c in columns if c.role is None and c.dates
        ]
        """Columns of dates kept in `attributes`, as UTC times (raw text if unreadable)."""
        self.id_columns = [i for i, h in enumerate(self.headers) if h in preset.id_columns]
        dates = [c for c in columns if c.role == "submitted_at" and c.dates is not None]
        self.date_column = dates[0] if dates else None
        ids = [c.index for c in columns if c.role == "external_id"]
        self.id_index = ids[0] if ids else None
        self.repeated = 0
        """Rows read as another respondent's same answers (see `repeated_note`)."""

    def _locate(self, problem: Problem) -> Problem:
        """A truncated record's problem names the column its open quote starts in."""
        if problem.reason != TRUNCATED or problem.column is not None or not problem.value:
            return problem
        delimiter = "\t" if "\t" in problem.value and "," not in problem.value else ","
        cells = next(csv.reader([problem.value + '"'], delimiter=delimiter), [])
        index = len(cells) - 1
        if 0 <= index < len(self.headers):
            return replace(problem, column=self.headers[index])
        return problem

    def records(self, rows: Iterable[Row | Problem]) -> Iterator[Record | Problem]:
        """Each row's record, followed by the problems found in its cells."""
        width = len(self.headers)
        textual = self.textual
        id_index = self.id_index
        fields = self.fields
        attribute_columns = self.attributes
        rating_cells = [(rating.index, rating.answers, rating) for rating in self.ratings]
        dates = self.date_column.dates if self.date_column else None
        date_index = self.date_column.index if self.date_column else 0
        date_header = self.date_column.header if self.date_column else None
        skip, finish = self.preset.skip, self.preset.finish
        unanswered = self.preset.unanswered
        hooked = skip is not None or unanswered is not None
        date_attributes = self.date_attributes
        people = self.people
        id_columns = self.id_columns
        headers = self.headers
        anonymous: dict[int, int] = {}
        """Rows with no id, date, respondent or comment: how often each content was seen."""
        for row in rows:
            if type(row) is not tuple:
                yield self._locate(cast(Problem, row))
                continue
            line, cells, extra = row
            if len(cells) < width:
                cells = [*cells, *([""] * (width - len(cells)))]
            texts = cells if textual else [cell_text(v) for v in cells]
            external_id = texts[id_index].strip() if id_index is not None else ""
            hashed = False
            if not external_id:
                raw = [texts[i] for i in id_columns] if id_columns else texts
                if extra:
                    raw = [*raw, *(f"{k}={cell_text(v)}" for k, v in extra.items())]
                external_id = content_id(raw)
                hashed = not id_columns
            values: list[str | None] = [None, None, None, None, None]
            for index, slot in fields:
                text = texts[index]
                if text and not text.isspace():
                    values[slot] = text
            respondent, touchpoint, segment, channel, comment = values
            record = Record(
                line, external_id, None, respondent, touchpoint, segment, channel, comment
            )
            attributes = record.attributes
            for index, header in attribute_columns:
                if texts[index]:
                    attributes[header] = texts[index]
            for index, is_agent in people:
                if is_agent:
                    record.agent = agent_name(texts[index])
                else:
                    record.team = texts[index].strip() or None
            if date_attributes:
                _read_date_attributes(date_attributes, cells, texts, attributes)
            if len(cells) > width:
                for offset, text in enumerate(texts[width:], 1):
                    if text:
                        attributes[f"_extra_{offset}"] = text
            if extra:
                for key, value in extra.items():
                    if value is not None and value != "":
                        attributes[key] = cell_text(value)
            problems: list[Problem] | None = None
            if hooked:
                named = dict(zip(headers, texts, strict=False))
                left_out = skip(named) if skip is not None else None
                if left_out is not None:
                    record.skip_reason, record.skip_detail = left_out
                record.unanswered = unanswered(named) if unanswered is not None else None
            answers = record.answers
            # A record left out (a test, a survey not answered) has no answers to check.
            for index, known, rating in (
                rating_cells if not (record.skip_reason or record.unanswered) else ()
            ):
                value = cells[index]
                # Most cells are a score as text ("4") or blank: one lookup.
                found = known.get(value, _UNKNOWN) if textual else _UNKNOWN
                answer = rating.answer(value) if found is _UNKNOWN else found
                if answer is None:
                    continue
                rating.given += 1
                if type(answer) is str:
                    rating.rejected += 1
                    problem = Problem(line, rating.header, texts[index], answer, external_id)
                    problems = [*(problems or ()), problem]
                else:
                    answers.append(answer)  # type: ignore[arg-type]  # str is ruled out
            if dates is not None:
                try:
                    record.submitted_at = dates.read(cells[date_index])
                except DateError as error:
                    reason = str(error)
                    problem = Problem(line, date_header, texts[date_index], reason, external_id)
                    problems = [*(problems or ()), problem]
            if finish is not None:
                record = finish(record)
            if hashed and not (record.submitted_at or record.comment or record.respondent):
                # Nothing tells two such rows apart from a copy: the nth gets "#n".
                digest = int(external_id[5:21], 16)
                seen = anonymous[digest] = anonymous.get(digest, 0) + 1
                if seen > 1:
                    record.external_id = f"{external_id}#{seen}"
                    self.repeated += 1
                    if problems:
                        problems = [replace(p, external_id=record.external_id) for p in problems]
            yield record
            if problems:
                yield from problems
        if self.notes is not None:
            if self.repeated:
                self.notes.append(repeated_note(self.repeated))
            self.notes.extend(self.reject_warnings())

    def reject_counts(self) -> dict[str, tuple[int, int]]:
        """Per rating column read so far: (cells rejected, non-blank cells)."""
        return {rating.header: (rating.rejected, rating.given) for rating in self.ratings}

    def reject_warnings(self) -> list[str]:
        """A warning for each rating column with more than REJECT_WARN_SHARE of it rejected."""
        warnings = []
        for rating in self.ratings:
            if rating.rejected and rating.rejected > REJECT_WARN_SHARE * rating.given:
                share = rating.rejected / rating.given
                warnings.append(
                    f"'{rating.header}': {rating.rejected} of {rating.given} answers "
                    f"({share:.0%}) are not scores on {rating.scale.low}–{rating.scale.high} and "
                    f"were rejected; if the scale is wrong, --map '{rating.header}="
                    f"{rating.metric}:LOW-HIGH' gives it"
                )
        return warnings


def _read_date_attributes(
    columns: list[tuple[int, str, DateReader]],
    cells: Sequence[object],
    texts: Sequence[str],
    attributes: dict[str, object],
) -> None:
    for index, header, reader in columns:
        if not texts[index]:
            continue
        try:
            attributes[header] = reader.read(cells[index]) or texts[index]
        except DateError:
            attributes[header] = texts[index]

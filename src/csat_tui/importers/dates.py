"""Reading a date column into ISO 8601 UTC, with its format inferred once per column.

Each value goes through a fast path for the inferred format (`datetime.fromisoformat`, a
regular expression, epoch arithmetic); only values that do not fit it reach dateutil.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any, Literal

from dateutil import parser as dateutil_parser

from csat_tui.importers.values import is_blank

Kind = Literal["iso", "numeric", "unix_s", "unix_ms", "excel", "text"]


def _fixed(hours: float, name: str) -> timezone:
    return timezone(timedelta(hours=hours), name)


ZONE_ABBREVIATIONS: dict[str, tzinfo] = {
    name: _fixed(hours, name)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "Z": 0,
        "EDT": -4,
        "EST": -5,
        "CDT": -5,
        "CST": -6,
        "MDT": -6,
        "MST": -7,
        "PDT": -7,
        "PST": -8,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
    }.items()
}
"""Zone abbreviations read as fixed offsets (EDT is always −4 h, whatever the date)."""

_EXCEL_EPOCH = datetime(1899, 12, 30)
_MISSING_PARTS = datetime(2000, 1, 1)  # not today's date, so a reading never depends on when
_EXCEL_RANGE = (20000.0, 80000.0)  # 1954 to 2119: other numbers are not Excel dates
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])(\d{1,2}):?(\d{2})?\b", re.IGNORECASE)
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_LOOKS_DATED = re.compile(
    r"\d{4}|\d{1,2}\D+\d{1,2}\D+\d{2}|\d{1,2}[\s./-]*[^\W\d_]{3,}\.?[\s./,-]*\d{2}"
)
"""Something like a date: a year, three numbers, or a day, a month's name and a year."""

_DAY_MONTH_NAME = re.compile(r"\d{1,2}(?:st|nd|rd|th)?[\s./-]*[^\W\d_]{3,}\.?[\s./,-]*\d{2}")
_MONTH_NAME_DAY = re.compile(r"[^\W\d_]{3,}\.?\s*\d{1,2}(?:st|nd|rd|th)?\b(?!:)")
"""A month's name after the day ("01-Aug-23") or before it ("Aug 1, 2023")."""
_OFFSET = re.compile(r"([+-])(\d{1,2}):?(\d{2})?")

# Day, month and year in some order, an optional time and an optional zone.
_NUMERIC_DATE = re.compile(
    r"(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})"
    r"(?:(?:[ T]|,\s*)\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,9})?)?"
    r"(?:\s*(?P<ampm>[AaPp])\.?[Mm]\.?)?"
    r"(?:\s*(?P<zone>[Zz]|[A-Za-z]{3,4}|(?:(?:GMT|UTC)\s*)?[+-]\d{1,2}(?::?\d{2})?))?)?"
)


def human_format(name: str) -> str:
    """A date format name as a person reads it: "%d/%m/%Y %H:%M" → "dd/mm/yyyy hh:mm"."""
    text = name
    for code, word in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%y", "yy")):
        text = text.replace(code, word)
    for code, word in (("%H", "hh"), ("%I", "hh"), ("%M", "mm"), ("%S", "ss"), ("%p", "AM")):
        text = text.replace(code, word)
    return text


class DateError(ValueError):
    """A value that is not a date in its column; the message is the reason."""


def _zone(text: str) -> tzinfo | None:
    upper = text.upper()
    if upper in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[upper]
    match = _OFFSET.search(upper)
    if match is None:
        return None
    sign = -1 if match[1] == "-" else 1
    return timezone(sign * timedelta(hours=int(match[2]), minutes=int(match[3] or 0)))


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True, slots=True)
class DateReader:
    """Reads one column's values; `name` is the inferred format, as shown in the plan."""

    kind: Kind
    name: str
    day_first: bool
    zone: tzinfo | None
    """For times with no zone; None: UTC."""
    order: str = "ymd"
    """For `numeric`: which of the three date fields is day, month and year."""
    guessed: bool = False
    """Day or month first was a guess: no value in the sample settled it."""

    @property
    def human(self) -> str:
        """The format as a person reads it: "dd/mm/yyyy"."""
        return human_format(self.name)

    def _utc(self, moment: datetime) -> str:
        # Written for speed (this runs once per row): replace() and strftime() are slow.
        if moment.tzinfo is None:
            if self.zone is None:
                return moment.isoformat()[:19] + "Z"  # read as UTC, as the import says
            offset = self.zone.utcoffset(moment)
            if offset:
                moment -= offset
            return moment.isoformat()[:19] + "Z"
        return moment.astimezone(UTC).isoformat()[:19] + "Z"

    def read(self, value: object) -> str | None:
        """The value as `YYYY-MM-DDTHH:MM:SSZ`, None when blank; DateError if not a date."""
        if type(value) is str:
            text = value.strip()
            if not text:
                return None
            kind = self.kind
            if kind == "iso":
                try:
                    moment = datetime.fromisoformat(text)
                except ValueError:
                    pass
                else:
                    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
                        return text  # already YYYY-MM-DDTHH:MM:SSZ, and a valid date
                    return self._utc(moment)
            elif kind == "numeric":
                numeric = self._numeric(text)
                if numeric is not None:
                    return self._utc(numeric)
            elif kind != "text" and _NUMBER.fullmatch(text):
                return self._epoch(float(text) if "." in text else int(text), value)
            return self._fallback(text)
        if value is None:
            return None
        if isinstance(value, datetime):
            return self._utc(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._epoch(value, value)
        if is_blank(value):
            return None
        raise DateError(self._reason(repr(value)))

    def zoneless(self, value: object) -> bool:
        """True for a time (or date) written without a zone, so `zone` decides its moment."""
        if isinstance(value, datetime):
            return value.tzinfo is None
        if not isinstance(value, str):
            return self.kind == "excel" and not isinstance(value, bool)
        text = value.strip()
        if not text:
            return False
        if self.kind == "iso":
            try:
                return datetime.fromisoformat(text).tzinfo is None
            except ValueError:
                pass
        elif self.kind == "numeric":
            match = _NUMERIC_DATE.fullmatch(text)
            if match is not None:
                return not match["zone"]
        elif _NUMBER.fullmatch(text):
            return self.kind == "excel"
        moment = parse_free_text(text, self.day_first)
        return moment is not None and moment.tzinfo is None

    def _reason(self, shown: str) -> str:
        return f"'{_shown(shown)}' is not a date (column format {self.human})"

    def _epoch(self, number: float, raw: object) -> str:
        try:
            if self.kind == "unix_ms":
                return self._utc(datetime.fromtimestamp(number / 1000, UTC))
            if self.kind == "excel" or _EXCEL_RANGE[0] <= number <= _EXCEL_RANGE[1]:
                moment = _EXCEL_EPOCH + timedelta(seconds=round(number * 86400))
                return self._utc(moment)
            return self._utc(datetime.fromtimestamp(number, UTC))
        except (OverflowError, OSError, ValueError):
            raise DateError(self._reason(str(raw).strip())) from None

    def _numeric(self, text: str) -> datetime | None:
        match = _NUMERIC_DATE.fullmatch(text)
        if match is None:
            return None
        fields = dict(zip(self.order, (match["a"], match["b"], match["c"]), strict=True))
        year = int(fields["y"])
        if len(fields["y"]) == 2:
            year += 2000 if year < 70 else 1900
        elif len(fields["y"]) != 4:
            return None
        hour = int(match["H"] or 0)
        if match["ampm"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match["ampm"] in "Pp" else 0)
        zone = None
        if match["zone"]:
            zone = _zone(match["zone"])
            if zone is None:
                return None
        try:
            return datetime(
                year,
                int(fields["m"]),
                int(fields["d"]),
                hour,
                int(match["M"] or 0),
                int(match["S"] or 0),
                tzinfo=zone,
            )
        except ValueError:
            return None

    def _fallback(self, text: str) -> str:
        moment = parse_free_text(text, self.day_first)
        if moment is None:
            raise DateError(self._reason(text))
        return self._utc(moment)


def _dateutil_zone(name: str | None, offset: int | None) -> tzinfo | None:
    # Called by dateutil for every value; an unknown zone name is an error, not a naive time.
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    if name is None:
        return None
    found = ZONE_ABBREVIATIONS.get(name.upper())
    if found is None:
        raise ValueError(f"unknown time zone {name!r}")
    return found


def parse_free_text(text: str, day_first: bool) -> datetime | None:
    """dateutil's reading of a messy date (zone abbreviations, `GMT+0100`), or None."""
    if not _LOOKS_DATED.search(text):
        return None  # dateutil would read "5" as the 5th of this month
    # JavaScript's Date.toString(): dateutil inverts the sign of GMT+0100, and chokes on
    # the zone's name in brackets.
    text = _TRAILING_NOTE.sub("", text)
    text = _GMT_OFFSET.sub(lambda m: f" {m[1]}{int(m[2]):02d}:{m[3] or '00'}", text)
    try:
        moment: datetime = dateutil_parser.parse(text, dayfirst=day_first, tzinfos=_dateutil_zone)
    except (ValueError, OverflowError):
        return None
    return moment


def day_first_from_values(samples: Sequence[str]) -> bool | None:
    """Whether a column's dates are day first, from its values; None when none tells.

    A day above 12 in the first place of `01/08/2023` (or in the second) settles it; else a
    month's name after the day (`01-Aug-23`) or before it (`Aug 1, 2023`): a tool that
    writes one writes its numeric dates in the same order.
    """
    matches = [m for m in map(_NUMERIC_DATE.fullmatch, samples) if m and len(m["a"]) < 4]
    day_over = any(int(m["a"]) > 12 for m in matches)
    month_over = any(int(m["b"]) > 12 for m in matches)
    if day_over != month_over:
        return day_over
    day_named = sum(bool(_DAY_MONTH_NAME.match(text)) for text in samples)
    month_named = sum(bool(_MONTH_NAME_DAY.match(text)) for text in samples)
    if day_named != month_named:
        return day_named > month_named
    return None


def _numeric_format(
    samples: Sequence[str], day_first: bool | None, zone: tzinfo | None
) -> DateReader | None:
    matches = [m for m in map(_NUMERIC_DATE.fullmatch, samples) if m]
    if not matches:
        return None
    first = matches[0]
    sep = first["sep"]
    guessed = False
    if len(first["a"]) == 4:
        order, fmt = "ymd", f"%Y{sep}%m{sep}%d"
    else:
        if day_first is None:
            # Decided once for the column: dateutil alone would flip per value.
            decided = day_first_from_values(samples)
            day_first = bool(decided)
            guessed = decided is None
        year = "%Y" if len(first["c"]) == 4 else "%y"
        order = "dmy" if day_first else "mdy"
        fmt = f"%d{sep}%m{sep}{year}" if day_first else f"%m{sep}%d{sep}{year}"
    if first["H"]:
        clock = "%I" if first["ampm"] else "%H"
        fmt += f" {clock}:%M" + (":%S" if first["S"] else "") + (" %p" if first["ampm"] else "")
    return DateReader("numeric", fmt, order == "dmy", zone, order, guessed)


def _epoch_reader(texts: Sequence[object], zone: tzinfo | None) -> DateReader | None:
    numbers: list[float] = []
    for value in texts:
        if (isinstance(value, str) and _NUMBER.fullmatch(value)) or (
            isinstance(value, int | float) and not isinstance(value, bool)
        ):
            numbers.append(float(value))
        else:
            return None
    digits = {len(str(int(n))) for n in numbers if n.is_integer() and n > 0}
    if digits == {13}:
        return DateReader("unix_ms", "unix milliseconds", False, zone)
    if digits == {10}:
        return DateReader("unix_s", "unix seconds", False, zone)
    if all(_EXCEL_RANGE[0] <= n <= _EXCEL_RANGE[1] for n in numbers):
        return DateReader("excel", "Excel serial date", False, zone)
    return None


def infer_date_reader(
    values: Sequence[object], day_first: bool | None, zone: tzinfo | None
) -> tuple[DateReader, float]:
    """The best reader for a column's sample values, and the share of them it reads."""
    texts = [v.strip() if isinstance(v, str) else v for v in values if not is_blank(v)][:500]
    iso = DateReader("iso", "ISO 8601", bool(day_first), zone)
    if not texts:
        return iso, 1.0
    strings = [t for t in texts if isinstance(t, str)]
    candidates = [
        reader
        for reader in (_epoch_reader(texts, zone), iso, _numeric_format(strings, day_first, zone))
        if reader is not None
    ]
    best, best_share = iso, -1.0
    for candidate in candidates:
        share = _share_fast(candidate, texts)
        if share > best_share:
            best, best_share = candidate, share
    if best_share >= 0.5:
        return best, best_share
    # Text dates ("Mar 5, 2024 2:17 PM EDT"): dateutil on every value, slow but rare.
    if day_first is None:
        decided = day_first_from_values(strings)
        text_reader = DateReader("text", "free text", bool(decided), zone, guessed=False)
    else:
        text_reader = DateReader("text", "free text", day_first, zone)
    share = _share(text_reader, texts[:100])
    return (text_reader, share) if share > best_share else (best, best_share)


def _share_fast(reader: DateReader, values: Sequence[Any]) -> float:
    # The share of values the reader's fast path reads, without dateutil.
    fast = 0
    for value in values:
        if reader.kind == "iso":
            if isinstance(value, str):
                try:
                    datetime.fromisoformat(value)
                    fast += 1
                except ValueError:
                    pass
        elif reader.kind == "numeric":
            fast += isinstance(value, str) and reader._numeric(value) is not None
        else:
            fast += _share(reader, [value]) == 1.0
    return fast / len(values)


def _share(reader: DateReader, values: Sequence[Any]) -> float:
    ok = 0
    for value in values:
        try:
            reader.read(value)
            ok += 1
        except DateError:
            pass
    return ok / len(values) if values else 0.0

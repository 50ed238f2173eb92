"""Reading one score cell: a whole number on a scale, or a choice label that stands for one."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from csat_tui.scoring.scales import Metric, Scale


@dataclass(frozen=True, slots=True)
class LabelSet:
    """Choice labels (lower-case, single-spaced) that stand for scores on one scale."""

    name: str
    metric: Metric
    scale: Scale
    labels: Mapping[str, int]


def label_key(text: str) -> str:
    """A label as looked up: trimmed, single-spaced, case-folded, accents composed (NFC)."""
    key = " ".join(text.split()).casefold()
    return key if key.isascii() else unicodedata.normalize("NFC", key)


def _satisfaction(
    name: str, very_bad: str, bad: str, neutral: str, good: str, very_good: str
) -> LabelSet:
    labels = {very_bad: 1, bad: 2, neutral: 3, good: 4, very_good: 5}
    return LabelSet(f"satisfaction ({name})", "csat", Scale(1, 5), labels)


def _quality(name: str, *points: tuple[str, ...]) -> LabelSet:
    # Quality labels, worst first: each tuple holds the words for one point of 1–5.
    labels = {label_key(w): score for score, words in enumerate(points, 1) for w in words}
    return LabelSet(f"quality ({name})", "csat", Scale(1, 5), labels)


LABEL_SETS: tuple[LabelSet, ...] = (
    LabelSet(
        "satisfaction",
        "csat",
        Scale(1, 5),
        {
            "very dissatisfied": 1,
            "extremely dissatisfied": 1,
            "dissatisfied": 2,
            "somewhat dissatisfied": 2,
            "neutral": 3,
            "neither satisfied nor dissatisfied": 3,
            "neither satisfied or dissatisfied": 3,
            "satisfied": 4,
            "somewhat satisfied": 4,
            "very satisfied": 5,
            "extremely satisfied": 5,
        },
    ),
    # Qualtrics' seven-point satisfaction scale.
    LabelSet(
        "satisfaction (7 points)",
        "csat",
        Scale(1, 7),
        {
            "extremely dissatisfied": 1,
            "moderately dissatisfied": 2,
            "slightly dissatisfied": 3,
            "neither satisfied nor dissatisfied": 4,
            "slightly satisfied": 5,
            "moderately satisfied": 6,
            "extremely satisfied": 7,
        },
    ),
    _satisfaction("German", "sehr unzufrieden", "unzufrieden", "neutral", "zufrieden",
                  "sehr zufrieden"),
    _satisfaction("French", "très insatisfait", "insatisfait", "neutre", "satisfait",
                  "très satisfait"),
    _satisfaction("Spanish", "muy insatisfecho", "insatisfecho", "neutral", "satisfecho",
                  "muy satisfecho"),
    _satisfaction("Portuguese", "muito insatisfeito", "insatisfeito", "neutro", "satisfeito",
                  "muito satisfeito"),
    _satisfaction("Italian", "molto insoddisfatto", "insoddisfatto", "neutrale", "soddisfatto",
                  "molto soddisfatto"),
    _satisfaction("Dutch", "zeer ontevreden", "ontevreden", "neutraal", "tevreden",
                  "zeer tevreden"),
    _satisfaction("Swedish", "mycket missnöjd", "missnöjd", "neutral", "nöjd", "mycket nöjd"),
    LabelSet("good/bad", "csat", Scale(1, 2), {"bad": 1, "good": 2}),
    # Five-point quality scales: after good/bad, so a column of only "Good" and "Bad" stays
    # 1–2, and one that also has "OK" or "Excellent" reads as 1–5.
    _quality("horrible–excellent", ("horrible",), ("bad",), ("ok", "okay"), ("good",),
             ("excellent",)),
    _quality("very poor–excellent", ("very poor",), ("poor",), ("fair",), ("good",),
             ("excellent",)),
    _quality("poor–excellent", ("poor",), ("fair",), ("good",), ("very good",), ("excellent",)),
    _quality("terrible–excellent", ("terrible", "awful"), ("poor",), ("average",), ("good",),
             ("excellent",)),
    _quality("very bad–very good", ("very bad",), ("bad",), ("neutral", "ok", "okay"),
             ("good",), ("very good",)),
    _quality("German", ("sehr schlecht", "ungenügend"), ("schlecht", "mangelhaft"),
             ("mittelmäßig", "befriedigend", "okay", "ok"), ("gut",),
             ("sehr gut", "ausgezeichnet", "hervorragend")),
    _quality("French", ("très mauvais", "très mauvaise", "médiocre"), ("mauvais", "mauvaise"),
             ("moyen", "moyenne", "passable", "correct"), ("bon", "bonne", "bien"),
             ("très bon", "très bonne", "très bien", "excellent", "excellente")),
    _quality("Spanish", ("muy malo", "muy mala", "pésimo", "pésima"), ("malo", "mala"),
             ("regular", "normal"), ("bueno", "buena"),
             ("muy bueno", "muy buena", "excelente")),
    _quality("Portuguese", ("muito ruim", "péssimo", "péssima"), ("ruim",),
             ("regular", "razoável"), ("bom", "boa"),
             ("muito bom", "muito boa", "ótimo", "ótima", "excelente")),
    _quality("Italian", ("pessimo", "pessima", "molto scarso"), ("scarso", "scarsa"),
             ("sufficiente", "discreto"), ("buono", "buona"),
             ("ottimo", "ottima", "eccellente")),
    _quality("Dutch", ("zeer slecht", "heel slecht"), ("slecht",), ("matig", "redelijk"),
             ("goed",), ("zeer goed", "heel goed", "uitstekend")),
    _quality("Swedish", ("mycket dåligt", "mycket dålig"), ("dåligt", "dålig"),
             ("godkänt", "okej", "varken bra eller dåligt"), ("bra",),
             ("mycket bra", "utmärkt")),
    LabelSet(
        "agreement",
        "ces",
        Scale(1, 7),
        {
            "strongly disagree": 1,
            "disagree": 2,
            "somewhat disagree": 3,
            "neither agree nor disagree": 4,
            "somewhat agree": 5,
            "agree": 6,
            "strongly agree": 7,
        },
    ),
    LabelSet(
        "ease",
        "ces",
        Scale(1, 7),
        {
            "very difficult": 1,
            "extremely difficult": 1,
            "difficult": 2,
            "somewhat difficult": 3,
            "neither easy nor difficult": 4,
            "somewhat easy": 5,
            "easy": 6,
            "very easy": 7,
            "extremely easy": 7,
        },
    ),
)  # fmt: skip
"""Every label vocabulary the importer knows."""

NO_LABELS: Mapping[str, int] = MappingProxyType({})

_SHOWN = 40


def labels_for(metric: Metric, scale: Scale, values: Iterable[object] = ()) -> Mapping[str, int]:
    """All labels that mean a score of `metric` on `scale`.

    Where two vocabularies give one label different scores ("Good" is 3 of Poor, Fair, Good,
    Very good, Excellent and 4 of Very poor, Poor, Fair, Good, Excellent), the first set
    listed wins, except that the set most of `values` come from goes first."""
    sets = [s for s in LABEL_SETS if s.metric == metric and s.scale == scale]
    keys = [label_key(v) for v in values if isinstance(v, str)]
    if keys and len(sets) > 1:
        hits = [sum(key in s.labels for key in keys) for s in sets]
        best = max(range(len(sets)), key=lambda i: (hits[i], -i))
        if hits[best]:
            sets.insert(0, sets.pop(best))
    merged: dict[str, int] = {}
    for label_set in sets:
        for label, score in label_set.labels.items():
            merged.setdefault(label, score)
    return MappingProxyType(merged) if merged else NO_LABELS


def best_label_set(values: Iterable[object], metric: Metric) -> tuple[LabelSet | None, int]:
    """The label set of `metric` that matches the most values, and how many it matches."""
    keys = [label_key(v) for v in values if isinstance(v, str)]
    best: tuple[LabelSet | None, int] = (None, 0)
    for label_set in LABEL_SETS:
        if label_set.metric != metric:
            continue
        hits = sum(key in label_set.labels for key in keys)
        if hits > best[1]:
            best = (label_set, hits)
    return best


def is_blank(value: object) -> bool:
    """True for a cell that holds no answer: None, or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def integer(value: object) -> int | None:
    """A whole number with its sign ("-1" too), as scale evidence; else `whole_number`."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] == "-" and text[1:].isdigit() and text.isascii():
            number = whole_number(text[1:])
            return None if number is None else -number
    return whole_number(value)


def whole_number(value: object) -> int | None:
    """The whole number a cell holds ("4", " 4 ", 4, 4.0), or None; ASCII digits only."""
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            digits = text.lstrip("0") or "0"
            # Long digit strings are off any scale; int() of thousands of digits would fail.
            return int(digits) if len(digits) <= 9 else 10**9
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _shown(value: object) -> str:
    text = value.strip() if isinstance(value, str) else repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def off_scale(score: int, scale: Scale) -> str:
    """The reason for a score outside its scale: "6 is outside the 1–5 scale"."""
    shown = str(score) if score < 10**9 else "a number this long"
    return f"{shown} is outside the {scale.low}–{scale.high} scale"


def not_a_score(value: object, scale: Scale, labels: Mapping[str, int] = NO_LABELS) -> str:
    """The reason for a cell that is not a score at all."""
    expected = f"a whole number {scale.low}–{scale.high}"
    if labels:
        top = max(labels.values())
        example = next(k for k, v in labels.items() if v == top)  # English comes first
        expected += f" or an answer such as '{example.capitalize()}'"
    return f"'{_shown(value)}' is not a score: expected {expected}"


def read_score(
    value: object, scale: Scale, labels: Mapping[str, int] = NO_LABELS
) -> int | str | None:
    """A cell's score: an int on `scale`, a reason (str) to reject it, or None for no answer."""
    if type(value) is str:
        text = value.strip()
        if text.isdigit() and text.isascii():
            score = int(text) if len(text) <= 9 else 10**9
        elif not text:
            return None
        else:
            found = labels.get(label_key(text)) if labels else None
            if found is None:
                return not_a_score(value, scale, labels)
            score = found
    elif value is None:
        return None
    else:
        number = whole_number(value)
        if number is None:
            return not_a_score(value, scale, labels)
        score = number
    if scale.low <= score <= scale.high:
        return score
    return off_scale(score, scale)


_CHOICE_PHRASES: tuple[str, ...] = (
    # Agreement (Likert), en sv de fr es pt it nl
    "strongly agree", "agree", "somewhat agree", "slightly agree", "tend to agree",
    "mostly agree", "completely agree", "strongly disagree", "disagree", "somewhat disagree",
    "slightly disagree", "tend to disagree", "mostly disagree", "completely disagree",
    "neither agree nor disagree", "neither agree or disagree", "neutral", "undecided",
    "instämmer helt", "instämmer delvis", "instämmer", "instämmer inte", "instämmer inte alls",
    "håller helt med", "håller med", "håller delvis med", "håller inte med",
    "håller inte alls med", "varken eller", "tar avstånd", "tar helt avstånd",
    "stimme voll und ganz zu", "stimme voll zu", "stimme zu", "stimme eher zu", "teils teils",
    "teils/teils", "weder noch", "stimme eher nicht zu", "stimme nicht zu",
    "stimme überhaupt nicht zu", "stimme gar nicht zu",
    "tout à fait d'accord", "d'accord", "plutôt d'accord", "ni d'accord ni pas d'accord",
    "plutôt pas d'accord", "pas d'accord", "pas du tout d'accord",
    "totalmente de acuerdo", "muy de acuerdo", "de acuerdo", "ni de acuerdo ni en desacuerdo",
    "en desacuerdo", "muy en desacuerdo", "totalmente en desacuerdo",
    "concordo totalmente", "concordo", "concordo parcialmente", "nem concordo nem discordo",
    "discordo parcialmente", "discordo", "discordo totalmente",
    "completamente d'accordo", "molto d'accordo", "d'accordo", "né d'accordo né in disaccordo",
    "in disaccordo", "per niente d'accordo", "completamente in disaccordo",
    "helemaal mee eens", "mee eens", "eens", "neutraal", "niet mee eens", "oneens",
    "helemaal niet mee eens", "helemaal oneens", "niet eens niet oneens",
    # Frequency
    "never", "almost never", "rarely", "seldom", "sometimes", "occasionally", "often",
    "very often", "usually", "most of the time", "almost always", "always", "daily", "weekly",
    "monthly", "every day", "once a week", "once a month", "a few times a week",
    "a few times a month", "less than once a month",
    "aldrig", "sällan", "ibland", "ofta", "mycket ofta", "alltid", "dagligen", "varje vecka",
    "nie", "selten", "manchmal", "oft", "häufig", "sehr oft", "immer", "täglich", "wöchentlich",
    "jamais", "rarement", "parfois", "souvent", "très souvent", "toujours",
    "nunca", "casi nunca", "rara vez", "a veces", "a menudo", "con frecuencia", "casi siempre",
    "siempre", "raramente", "às vezes", "frequentemente", "muitas vezes", "quase sempre",
    "sempre", "mai", "a volte", "spesso", "molto spesso",
    "nooit", "zelden", "soms", "vaak", "heel vaak", "altijd",
    # Quality, likelihood, importance
    "excellent", "very good", "good", "fair", "average", "poor", "very poor", "bad",
    "very bad", "terrible", "outstanding", "above average", "below average",
    "unsatisfied", "very unsatisfied", "extremely likely", "very likely", "likely",
    "somewhat likely", "unlikely", "very unlikely", "not at all likely", "not likely",
    "very important", "important", "somewhat important", "not important",
    "not at all important",
)  # fmt: skip

_OPEN_ANSWERS = frozenset(("ok", "okay", "okej", "normal", "correct", "bien"))
"""Labels of a scale that are common answers to an open question too."""

CHOICE_LABELS: frozenset[str] = (
    frozenset((*_CHOICE_PHRASES, *(key for s in LABEL_SETS for key in s.labels))) - _OPEN_ANSWERS
)
"""Answers of closed questions (agreement, frequency, satisfaction, quality…), in the
languages the importer knows: a column of these is a choice, never the comment. "Yes", "No"
and "OK" are not among them: they are common answers to an open question too."""


def is_choice_label(text: str) -> bool:
    """True for an answer from a known closed-question vocabulary ("Strongly agree", "Nie")."""
    return label_key(text).replace("’", "'").rstrip(".!") in CHOICE_LABELS

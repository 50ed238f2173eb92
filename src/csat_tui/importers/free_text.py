"""Finding the comment column from its values when no header names one.

A survey's open question has arbitrary wording ("Anything else?"), so its header may say
nothing. Its answers do: sentences, mostly different from each other, where other text
columns hold names, codes, addresses or a few repeated choice labels.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from csat_tui.importers.roles import is_closed_question, normalise
from csat_tui.importers.values import is_blank, is_choice_label

MIN_PROSE_SHARE = 0.75
"""At least this share of a column's answers must be prose (not numbers, codes, dates…)."""

MIN_MEAN_WORDS = 3.0
"""Answers average at least this many words…"""

LONG_WORDS = 5
LONG_SHARE = 0.25
"""…or at least this share of them have LONG_WORDS words or more."""

READ_CHARS = 500
"""Only the start of a long answer is read for its words (a sample may hold megabytes)."""

CHOICE_MAX_DISTINCT = 8
"""A column with this many distinct answers or fewer, each given again and again, is a choice
(unless they are sentences: LONG_WORDS words on average)."""

MIN_DISTINCT_SHARE = 0.5
REPEAT_WORDS = 2
REPEAT_MIN_ANSWERS = 10
"""Comments rarely repeat word for word: among answers of REPEAT_WORDS words or more (when
there are REPEAT_MIN_ANSWERS of them), fewer than MIN_DISTINCT_SHARE different means titles
or names given again and again (35 session titles over 124 rows), not comments. One-word
answers ("No", "None") repeat in real comment columns, so they are not counted."""

MAX_LABEL_SHARE = 0.5
LABEL_MIN_ANSWERS = 4
"""A column where at least this share of answers are closed-question labels ("Strongly
agree", "Sometimes", "Very satisfied"…, in the languages the importer knows) is a choice."""

_NOT_COMMENT_WORDS = frozenset(
    ("name", "names", "address", "street", "city", "country", "company", "organisation",
     "organization", "phone", "url", "link", "website", "browser", "device", "agent", "title",
     "subject")
)  # fmt: skip
"""Words of a short header (≤ 3 words) for text that is not feedback: names, addresses…"""


@dataclass(frozen=True, slots=True)
class FreeText:
    """How much a column's values read like free text, and whether they do."""

    answers: int
    """Non-blank values in the sample."""
    prose: int
    """Values that are words (not numbers, dates, e-mail or web addresses, codes)."""
    mean_words: float
    distinct: int
    characters: int
    """Characters of prose in the sample: the column with most is the comment."""
    is_free_text: bool
    labels: int = 0
    """Answers that are closed-question labels ("Agree", "Never")."""
    phrases: int = 0
    """Answers of REPEAT_WORDS words or more…"""
    distinct_phrases: int = 0
    """…and how many of them differ."""
    example: str = ""
    """The most frequent answer, to show why the column is no comment."""

    @property
    def is_labels(self) -> bool:
        """Mostly answers of a closed question."""
        return self.answers >= LABEL_MIN_ANSWERS and self.labels >= MAX_LABEL_SHARE * self.answers

    @property
    def is_repeated(self) -> bool:
        """Mostly the same few phrases again and again: titles or names."""
        return (
            self.phrases >= REPEAT_MIN_ANSWERS
            and self.distinct_phrases < MIN_DISTINCT_SHARE * self.phrases
        )

    def why_not(self) -> str | None:
        """Why these values are no comment (labels, repeated titles), or None."""
        if self.is_labels:
            return f"its answers are choice labels such as '{_clip(self.example)}'"
        if self.is_repeated:
            return (
                f"its answers repeat ({self.distinct_phrases} different in {self.phrases}, "
                f"such as '{_clip(self.example)}'): titles or names, not comments"
            )
        return None

    def describe(self) -> str:
        """The evidence in words, for the plan's "why"."""
        return (
            f"{self.prose} of {self.answers} sample answers are text, "
            f"{self.mean_words:.1f} words on average, {self.distinct} different"
        )


_EMAIL = re.compile(r"[^\s@<>()]{1,64}@[^\s@<>()]+\.\w+")
"""An e-mail address anywhere in a value: "Anna <anna@example.com>" is contact data."""

_JOINERS = frozenset("'’-‐")
"""Characters allowed inside a word ("don't", "e-mail")."""


def _edge_stripped(token: str) -> str:
    # Without leading and trailing punctuation and symbols: "(great!)" → "great".
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return token[start:end]


def _is_word(bare: str) -> bool:
    # Letters (and their combining marks) only: not "example.com", "x64", "R_1a2b" or "10:00".
    if bare.isalpha():
        return True
    return any(c.isalpha() for c in bare) and all(
        c.isalpha() or c in _JOINERS or unicodedata.category(c)[0] == "M" for c in bare
    )


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
"""Wide (East Asian) characters: scripts written without spaces between words."""

_WIDE_PUNCTUATION = re.compile(
    "[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
"""Ideographic and full-width punctuation ("，", "。", "！"), which separates words."""


def words_in(text: str) -> tuple[int, bool]:
    """(word count, reads as prose) of one value.

    Prose has at least half its words made of letters only, and no e-mail address: numbers,
    dates, contacts, web addresses, ids and user-agent strings are not prose. Text in scripts
    written without spaces counts a word per two wide characters.
    """
    if "@" in text and _EMAIL.search(text):
        return len(text.split()), False
    if text.isascii():  # the common case, without a Unicode lookup per character
        stripped = [t.strip(string.punctuation) for t in text.split()]
        kept = [t for t in stripped if t]
        lettered = sum(t.replace("'", "").replace("-", "").isalpha() for t in kept)
        return len(kept), bool(kept) and lettered * 2 >= len(kept)
    words = 0
    lettered = 0
    for token in _WIDE_PUNCTUATION.sub(" ", text).split():
        bare = _edge_stripped(token)
        if not bare:
            continue
        wide = len(_WIDE.findall(bare))
        count = max(1, wide // 2) if wide else 1
        words += count
        if _is_word(bare):
            lettered += count
    return words, words > 0 and lettered * 2 >= words


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def measure(values: Sequence[object]) -> FreeText:
    """Measure a column's sample values (cells of any type; blanks are skipped)."""
    answers = 0
    labels = 0
    prose: list[tuple[str, int]] = []
    phrases: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    for value in values:
        if is_blank(value):
            continue
        answers += 1
        if not isinstance(value, str):
            continue  # a typed number, date or boolean from JSON or a workbook
        text = value.strip()
        if len(text) <= 60 and is_choice_label(text):
            labels += 1
            shown[text] += 1
        count, is_prose = words_in(text[:READ_CHARS])
        if count >= REPEAT_WORDS:
            phrases[" ".join(text[:READ_CHARS].casefold().split())] += 1
            shown[text[:READ_CHARS]] += 1
        if is_prose:
            prose.append((text, count))
    example = shown.most_common(1)[0][0] if shown else ""
    distinct_phrases = len(phrases)
    phrase_count = sum(phrases.values())
    if not prose:
        return FreeText(
            answers, 0, 0.0, 0, 0, False, labels, phrase_count, distinct_phrases, example
        )
    mean = sum(count for _, count in prose) / len(prose)
    long = sum(count >= LONG_WORDS for _, count in prose)
    distinct = len({" ".join(text.casefold().split()) for text, _ in prose})
    wordy = mean >= MIN_MEAN_WORDS or long >= LONG_SHARE * len(prose)
    choice = distinct <= CHOICE_MAX_DISTINCT and distinct * 2 < len(prose) and mean < LONG_WORDS
    free = len(prose) >= MIN_PROSE_SHARE * answers and wordy and not choice
    characters = sum(len(text) for text, _ in prose)
    measured = FreeText(
        answers, len(prose), mean, distinct, characters, free, labels, phrase_count,
        distinct_phrases, example,
    )  # fmt: skip
    if free and measured.why_not() is not None:
        measured = replace(measured, is_free_text=False)
    return measured


def could_be_comment(header: str) -> bool:
    """False for a short header naming text that is not feedback ("Full name", "Address"),
    and for a closed question ("Which option…", "select all that apply")."""
    words = normalise(header).split()
    if len(words) <= 3 and _NOT_COMMENT_WORDS.intersection(words):
        return False
    return not is_closed_question(header)

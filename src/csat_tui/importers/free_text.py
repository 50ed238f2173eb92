"""Finding the comment column from its values when no header names one.

A survey's open question has arbitrary wording ("Anything else?"), so its header may say
nothing. Its answers do: sentences, mostly different from each other, where other text
columns hold names, codes, addresses or a few repeated choice labels.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from csat_tui.importers.roles import normalise
from csat_tui.importers.values import is_blank

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


def measure(values: Sequence[object]) -> FreeText:
    """Measure a column's sample values (cells of any type; blanks are skipped)."""
    answers = 0
    prose: list[tuple[str, int]] = []
    for value in values:
        if is_blank(value):
            continue
        answers += 1
        if not isinstance(value, str):
            continue  # a typed number, date or boolean from JSON or a workbook
        text = value.strip()
        count, is_prose = words_in(text[:READ_CHARS])
        if is_prose:
            prose.append((text, count))
    if not prose:
        return FreeText(answers, 0, 0.0, 0, 0, False)
    mean = sum(count for _, count in prose) / len(prose)
    long = sum(count >= LONG_WORDS for _, count in prose)
    distinct = len({" ".join(text.casefold().split()) for text, _ in prose})
    wordy = mean >= MIN_MEAN_WORDS or long >= LONG_SHARE * len(prose)
    choice = distinct <= CHOICE_MAX_DISTINCT and distinct * 2 < len(prose) and mean < LONG_WORDS
    free = len(prose) >= MIN_PROSE_SHARE * answers and wordy and not choice
    characters = sum(len(text) for text, _ in prose)
    return FreeText(answers, len(prose), mean, distinct, characters, free)


def could_be_comment(header: str) -> bool:
    """False for a short header naming text that is not feedback ("Full name", "Address")."""
    words = normalise(header).split()
    return not (len(words) <= 3 and _NOT_COMMENT_WORDS.intersection(words))

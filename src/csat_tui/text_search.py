"""How comment text is searched: one normalisation for the index and for queries, and the syntax.

Pure functions, shared by the store (index and SQL) and the screens (highlighting).
Comments come in many languages at once: text is NFKC-normalised and case-folded
(with the dot of Turkish/Azerbaijani İ dropped, so İstanbul finds istanbul), and every
Chinese/Japanese character becomes a token of its own, so a word of any length,
one character included, is found as a phrase.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f])")
_TOKEN = re.compile(r"[^\W_]+")
_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def normalize(text: str) -> str:
    """Text as the index holds it: NFKC, case-folded, CJK characters spaced apart."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u0307", "")
    return _CJK.sub(r" \1 ", folded)


def tokens(text: str) -> list[str]:
    """The index tokens of a text (letters and digits; each CJK character alone)."""
    return _TOKEN.findall(normalize(text))


@dataclass(frozen=True)
class SearchQuery:
    """What a search box said: phrases to find and phrases to leave out."""

    include: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable was typed (only punctuation, say)."""
        return not self.include and not self.exclude

    @staticmethod
    def _match(phrases: tuple[tuple[str, ...], ...], joiner: str) -> str:
        # Tokens hold only letters and digits, so quoting them as FTS5 strings is safe.
        return joiner.join('"' + " ".join(p) + '"' for p in phrases)

    def match_include(self) -> str:
        """FTS5 MATCH text: every included phrase."""
        return self._match(self.include, " AND ")

    def match_exclude(self) -> str:
        """FTS5 MATCH text: any excluded phrase."""
        return self._match(self.exclude, " OR ")


def parse_query(text: str) -> SearchQuery:
    """Read a search: words, "quoted phrases", and -word or -"phrase" to exclude.

    Every word must be there (AND); a word of several tokens (jätte-bra, 退款) is a phrase.
    """
    include: list[tuple[str, ...]] = []
    exclude: list[tuple[str, ...]] = []
    for match in _TERM.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        phrase = match.group(2) if match.group(2) is not None else match.group(4)
        found = tuple(tokens(phrase))
        if found:
            (exclude if negated else include).append(found)
    return SearchQuery(tuple(include), tuple(exclude))


_CJK_CLASS = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"
_TOKEN_AT = re.compile(f"{_CJK_CLASS}|(?:(?!{_CJK_CLASS})[^\\W_])+")


def match_spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Where the query's included phrases occur in `text`: sorted, merged (start, end) spans.

    For highlighting. Positions are in the original text; each character is normalised
    on its own, so a decomposed accent may go unhighlighted (never mis-highlighted).
    """
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).casefold().replace("\u0307", ""):
            folded.append(piece)
            origin.append(index)
    found = [(m.group(0), m.start(), m.end()) for m in _TOKEN_AT.finditer("".join(folded))]
    words = [w for w, _, _ in found]
    spans: list[tuple[int, int]] = []
    for phrase in query.include:
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == phrase:
                first, last = found[start][1], found[start + size - 1][2] - 1
                spans.append((origin[first], origin[last] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

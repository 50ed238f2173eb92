"""Themes: the words that set low-score comments apart from the others.

For each term (a word, or a two-character sequence in Chinese/Japanese) we count the
comments that hold it among low-score comments and among the others, and rank by a
smoothed log-odds ratio divided by its standard error (a z-score), so a term must be
both distinctive and common enough to rank high.

On a large store the terms are counted in a fixed sample of the comments (`SAMPLE_SIZE`),
and the report carries the sample's share and the margin of error of each term's shares.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from csat_tui.filters import Filter
from csat_tui.services.stopwords import CJK_STOP_CHARS, STOPWORDS
from csat_tui.store.aggregates import score_counts
from csat_tui.store.db import Store
from csat_tui.store.queue import iter_comments
from csat_tui.text_search import tokens

_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
_CJK_CHAR = re.compile("^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")
SMOOTHING = 0.5
"""Added to every cell of each term's 2×2 table (Haldane–Anscombe)."""


@dataclass(frozen=True, slots=True)
class Theme:
    """A term and how strongly it leans towards low-score comments."""

    term: str
    low: int
    """Low-score comments that hold it."""
    other: int
    """Other comments that hold it."""
    log_odds: float
    z: float


@dataclass(frozen=True, slots=True)
class ThemeReport:
    """The distinctive terms of low-score comments, with what stands behind them."""

    themes: list[Theme]
    low_comments: int
    other_comments: int
    min_comments: int
    """Terms in fewer comments than this are left out."""
    sample: float = 1.0
    """The share of the filtered comments counted (1: all; less on a large store)."""
    in_scope: int = 0
    """How many responses the filter lets through (comments are a part of them)."""

    @property
    def margins(self) -> tuple[float, float] | None:
        """When sampled: the 95 % margin of error of a term's share of low-score comments
        and of other comments, in percentage points (at worst, a share of one half)."""
        if self.sample >= 1:
            return None

        def margin(n: int) -> float:
            return 100 * 1.96 * math.sqrt(0.25 / n) if n else 100.0

        return margin(self.low_comments), margin(self.other_comments)


def comment_terms(comment: str) -> set[str]:
    """The distinct terms of one comment: words (no stop-words) and CJK bigrams."""
    terms = {
        t
        for t in tokens(comment)
        if len(t) > 1 and not t.isdigit() and t not in STOPWORDS and not _CJK_CHAR.match(t)
    }
    folded = unicodedata.normalize("NFKC", comment).casefold()
    for run in _CJK_RUN.findall(folded):
        pairs = (run[i : i + 2] for i in range(len(run) - 1))
        terms.update(pair for pair in pairs if not CJK_STOP_CHARS.intersection(pair))
    return terms


def rank_terms(
    comments: Iterable[tuple[str, bool]], top: int = 20, min_comments: int | None = None
) -> ThemeReport:
    """Rank terms of (comment, is_low) pairs by how much they lean towards low scores."""
    low_counts: Counter[str] = Counter()
    other_counts: Counter[str] = Counter()
    n_low = n_other = 0
    for text, is_low in comments:
        terms = comment_terms(text)
        if is_low:
            n_low += 1
            low_counts.update(terms)
        else:
            n_other += 1
            other_counts.update(terms)
    threshold = min_comments or max(5, math.ceil((n_low + n_other) * 0.002))
    a = SMOOTHING
    themes = []
    for term, low in low_counts.items():
        other = other_counts.get(term, 0)
        if low + other < threshold:
            continue
        log_odds = math.log((low + a) / (n_low - low + a)) - math.log(
            (other + a) / (n_other - other + a)
        )
        variance = (
            1 / (low + a) + 1 / (n_low - low + a) + 1 / (other + a) + 1 / (n_other - other + a)
        )
        themes.append(Theme(term, low, other, log_odds, log_odds / math.sqrt(variance)))
    themes.sort(key=lambda t: (-t.z, t.term))
    return ThemeReport(themes[:top], n_low, n_other, threshold)


SAMPLE_SIZE = 20_000
"""Above this many filtered responses, themes count the comments of a sample of about this
many: reading the terms of a comment costs about 40 µs (24 s for a million responses), a
sample's well under a second, and a common term's rank hardly moves."""


def themes(
    store: Store, flt: Filter, top: int = 20, min_comments: int | None = None
) -> ThemeReport:
    """The themes of the filtered responses' comments: all of them, or those of a fixed
    sample of about SAMPLE_SIZE responses on a large store (the report says which, and its
    error)."""
    responses = score_counts(store, flt).responses
    sample = 1.0 if responses <= SAMPLE_SIZE else SAMPLE_SIZE / responses
    report = rank_terms(iter_comments(store, flt, sample), top, min_comments)
    return replace(report, sample=sample, in_scope=responses)

"""The real-file corpus: what a person decides on reading each file, and totals counted apart.

Each file under `fixtures/real/` came from a public repository (see `fixtures/real/PROVENANCE.md`).
`EXPECTED` says, per file, which column holds the survey's own date, which holds the comment, and
which is the main rating (metric and scale), as a person assigns them by reading the file.
`count_rating` counts that column's answers straight from the cells with the `csv` module, so
the test compares the importer with a reader that shares none of its code.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

REAL = Path(__file__).parent / "fixtures" / "real"

NO_LABELS: Mapping[str, int] = {}


@dataclass(frozen=True)
class Expected:
    """What a person decides about one real file."""

    name: str
    encoding: str
    """How the test's own reader decodes the file (`utf-8-sig` drops a byte order mark)."""
    rating: str
    """The main rating column, as headed in the file."""
    metric: str
    """`csat` or `nps`."""
    scale: tuple[int, int]
    submitted_at: str | None
    """The column holding when the response was given, or None when the file has none."""
    comments: frozenset[str | None]
    """The columns a person would accept as the comment (None: no column is the comment)."""
    guessed: bool = True
    """False when the headers give no ground to guess a rating: the import must ask for --map."""
    labels: Mapping[str, int] = field(default_factory=lambda: NO_LABELS)
    """Answer labels of the rating column and the score each stands for."""
    same_metric: tuple[str, ...] = ()
    """Other columns a person reads as ratings of the same metric: pinned to `attribute` when
    the totals are checked, so `scores` counts the main column alone."""
    delimiter: str = ","

    @property
    def path(self) -> Path:
        return REAL / self.name

    @property
    def role(self) -> str:
        """The rating's role in `--map` syntax: `nps:0-10`."""
        return f"{self.metric}:{self.scale[0]}-{self.scale[1]}"


@dataclass(frozen=True)
class Totals:
    """Counts a separate reader finds in the main rating column."""

    records: int
    n: int
    """Answers on the scale."""
    strays: int
    """Non-blank cells that are not an answer on the scale."""
    high: int
    """Satisfied (CSAT: the top two points of 1–5) or promoters (NPS: 9–10)."""
    low: int
    """NPS detractors (0–6); for CSAT, answers below the top two points."""

    @property
    def pct(self) -> float:
        """CSAT %: satisfied of the answers."""
        return 100 * self.high / self.n

    @property
    def nps(self) -> float:
        """NPS: promoters % minus detractors %."""
        return 100 * (self.high - self.low) / self.n


def read_rows(expected: Expected) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of a file, read by the `csv` module."""
    text = expected.path.read_bytes().decode(expected.encoding)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=expected.delimiter))
    return rows[0], rows[1:]


def count_rating(expected: Expected) -> Totals:
    """Count the main rating column's answers from the raw cells."""
    header, rows = read_rows(expected)
    index = header.index(expected.rating)
    low_end, high_end = expected.scale
    scores: list[int] = []
    strays = 0
    for row in rows:
        cell = row[index].strip()
        if not cell:
            continue
        score = expected.labels.get(cell.casefold())
        if score is None and cell.isascii() and cell.isdigit():
            score = int(cell)
        if score is None or not low_end <= score <= high_end:
            strays += 1
            continue
        scores.append(score)
    if expected.metric == "nps":
        high = sum(s >= 9 for s in scores)
        low = sum(s <= 6 for s in scores)
    else:
        high = sum(s >= high_end - 1 for s in scores)
        low = len(scores) - high
    return Totals(len(rows), len(scores), strays, high, low)


_R_2019_LIKES = "¿Qué es lo que más te gusta de usar R?"
_R_2019_DISLIKES = "¿Qué es lo que menos te gusta de usar R?"
_OHBM = (
    "Virtual Meeting Website Navigation",
    "Suitability of scheduling to optimize your participation in live events",
    "Quality of audio/video experience for the program sessions",
    "Quality of your experience virtually interacting with speakers and other attendees "
    "(e.g. chat functions, social lounges, roundtables, etc.)",
    "Experience accessing pre-recorded content in the Screening Room",
    "Asynchronous nature of the program (e.g. view content on your own, use live sessions "
    "for questions and moderated discussion)",
)
_SPACK = "How would you rate the overall quality of ... [{}]"

EXPECTED: tuple[Expected, ...] = (
    # A support team's post-contact survey: the survey date is Survey_response_Date (every row);
    # order_date_time is the customer's order, filled in 10 of 66 rows.
    Expected(
        "ecommerce_support_csat.csv",
        "utf-8",
        rating="CSAT Score",
        metric="csat",
        scale=(1, 5),
        submitted_at="Survey_response_Date",
        comments=frozenset({"Customer Remarks"}),
    ),
    # Session feedback of an online conference: no date, no free text; `session` is the title
    # of the session rated (35 titles over 124 rows).
    Expected(
        "carpentrycon_2020_sessions.csv",
        "utf-8",
        rating="nps",
        metric="nps",
        scale=(0, 10),
        submitted_at=None,
        comments=frozenset({None}),
    ),
    # Post-training survey: agreement labels in many columns, one sparse free-text "other"
    # answer, a 0-10 recommend question; dates are month first (6/26/18 19:42).
    Expected(
        "carpentries_instructor_training_2018.csv",
        "utf-8",
        rating="LikelyToRecommend",
        metric="nps",
        scale=(0, 10),
        submitted_at="Date",
        comments=frozenset({None, "CompleteTrainingOther"}),
    ),
    # A Google Forms survey in Spanish: recommend R (0-10), and later the same for Python.
    Expected(
        "r_community_survey_2019_es.csv",
        "utf-8",
        rating="¿Qué tan probable es que recomiendes R a un colega, amiga/o o un familiar?",
        metric="nps",
        scale=(0, 10),
        submitted_at="Timestamp",
        comments=frozenset({_R_2019_DISLIKES, _R_2019_LIKES}),
        same_metric=(
            "¿Qué tan probable es que recomiendes Python a un colega, amiga/o o un familiar?",
        ),
    ),
    # A Google Forms user survey: quality rated with five labels in a grid; the overall
    # question is the one on Spack itself; one open question asks for other comments.
    Expected(
        "spack_user_survey_2020.csv",
        "utf-8-sig",
        rating=_SPACK.format("Spack"),
        metric="csat",
        scale=(1, 5),
        submitted_at="Timestamp",
        comments=frozenset({"Do you have any other comments for us?"}),
        labels={"horrible": 1, "bad": 2, "ok": 3, "good": 4, "excellent": 5},
        same_metric=tuple(
            _SPACK.format(part) for part in ("Spack documentation", "Spack community",
                                             "Spack packages")
        ),
    ),
    # A meeting evaluation: six 1-5 ratings (1 very poor, 5 excellent) headed by topic only,
    # none of them the overall satisfaction; no date, no comment. The person picks a column.
    Expected(
        "ohbm2021_meeting_eval.csv",
        "utf-8",
        rating=_OHBM[0],
        metric="csat",
        scale=(1, 5),
        submitted_at=None,
        comments=frozenset({None}),
        guessed=False,
        same_metric=_OHBM[1:],
    ),
)  # fmt: skip

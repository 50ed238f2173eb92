"""The comment column only from free text: never choice labels, never titles given again and
again, whatever the header says (unless it names the comment outright)."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from csat_tui.importers.free_text import measure
from csat_tui.importers.planning import NO_COMMENT

Load = Callable[..., Any]

AGREEMENT = ["Strongly Disagree", "Disagree", "Neutral", "Agree", "Strongly Agree"]
TITLES = [
    f"{topic}: {part}"
    for topic in ("Opening keynote", "Data pipelines in practice", "Scaling the support team",
                  "Writing better surveys", "Security for everyone", "Closing panel",
                  "Hands on with the new API")
    for part in ("part one", "part two", "the workshop", "questions and answers", "live demo")
]  # fmt: skip
COMMENTS = [
    "The room was far too small for the number of people who came",
    "Loved the live demo, please share the slides",
    "Audio kept cutting out in the second half",
    "More time for questions next year would be great",
    "Speaker was clear and the examples were practical",
]


def _csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def _event_rows(count: int = 124, seed: int = 3, comments: bool = True) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for i in range(count):
        comment = ""
        if comments and rng.random() < 0.5:
            comment = f"{rng.choice(COMMENTS)} (row {i})"
        rows.append([rng.randint(1, 5), rng.choice(TITLES), rng.choice(AGREEMENT), comment])
    return rows


def test_the_title_fixture_is_35_titles_repeated() -> None:
    titles = [row[1] for row in _event_rows()]
    assert len(titles) == 124
    assert len(set(titles)) <= 35


@pytest.mark.parametrize(
    ("title_header", "agreement_header"),
    [
        ("Which session did you attend?", "The session met my expectations"),
        # Headers whose words suggest a comment: the values still decide.
        ("Which session is this feedback about?", "Why did you come? The content was useful"),
    ],
)
def test_labels_and_titles_are_never_the_comment(
    load: Load, title_header: str, agreement_header: str
) -> None:
    headers = ["Overall satisfaction", title_header, agreement_header, "Your thoughts"]
    result = load("event.csv", _csv(headers, _event_rows()))
    assert result.column(title_header).role is None
    assert result.column(agreement_header).role is None
    assert result.column("Your thoughts").role == "comment"
    assert all(r.comment is None or "(row " in r.comment for r in result.records)


def test_without_free_text_there_is_no_comment(load: Load) -> None:
    headers = ["Overall satisfaction", "Which session is this feedback about?", "Why? (agree)"]
    rows = [row[:3] for row in _event_rows(comments=False)]
    result = load("event.csv", _csv(headers, rows))
    assert {c.header: c.role for c in result.plan.columns} == {
        "Overall satisfaction": "csat",
        "Which session is this feedback about?": None,
        "Why? (agree)": None,
    }
    assert NO_COMMENT in result.plan.notes
    how = result.column("Why? (agree)").how
    assert "its answers are choice labels such as '" in how
    titles = result.column("Which session is this feedback about?").how
    assert "titles or names, not comments" in titles


@pytest.mark.parametrize(
    "labels",
    [
        AGREEMENT,
        ["Stimme voll zu", "Stimme zu", "Teils/teils", "Stimme nicht zu", "Stimme gar nicht zu"],
        ["Tout à fait d’accord", "Plutôt d'accord", "Pas d'accord", "Pas du tout d'accord"],
        ["Instämmer helt", "Instämmer delvis", "Varken eller", "Tar avstånd"],
        ["Never", "Rarely", "Sometimes", "Often", "Always"],
        ["Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied"],
        ["Muy de acuerdo", "De acuerdo", "Ni de acuerdo ni en desacuerdo", "En desacuerdo"],
    ],
)
def test_label_sets_are_not_free_text(labels: list[str]) -> None:
    rng = random.Random(1)
    measured = measure([rng.choice(labels) for _ in range(60)])
    assert measured.is_labels
    assert not measured.is_free_text
    assert (measured.why_not() or "").startswith("its answers are choice labels such as '")


def test_comments_with_many_no_answers_are_still_free_text() -> None:
    values = ["No", "None", "N/A"] * 20 + [f"{c} (visit {i})" for i, c in enumerate(COMMENTS * 8)]
    measured = measure(values)
    assert measured.is_free_text
    assert measured.why_not() is None


def test_repeated_titles_are_not_free_text() -> None:
    rng = random.Random(5)
    measured = measure([rng.choice(TITLES) for _ in range(124)])
    assert measured.is_repeated and not measured.is_free_text


def test_a_header_naming_the_comment_is_preferred_to_more_text(load: Load) -> None:
    headers = ["csat", "Session notes from the organiser", "Any other comments?"]
    rng = random.Random(9)
    rows = [
        [
            rng.randint(1, 5),
            f"{rng.choice(COMMENTS)}; and then a much longer note that goes on ({i})",
            f"Short remark number {i}",
        ]
        for i in range(40)
    ]
    result = load("two.csv", _csv(headers, rows))
    assert result.column("Any other comments?").role == "comment"
    assert result.column("Session notes from the organiser").role is None
    assert NO_COMMENT not in result.plan.notes


def test_a_column_named_comment_outright_is_trusted(load: Load) -> None:
    result = load("c.csv", "csat,Comment\n" + "4,Agree\n5,Strongly agree\n" * 10)
    assert result.column("Comment").role == "comment"

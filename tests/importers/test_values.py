"""Score cells: what is a score, what is rejected and why, and choice labels."""

from __future__ import annotations

import pytest

from csat_tui.importers.values import labels_for, read_score
from csat_tui.scoring.scales import NPS_SCALE, Scale

ONE_TO_FIVE = Scale(1, 5)


@pytest.mark.parametrize(
    ("cell", "score"),
    [("4", 4), (" 4 ", 4), ("\t5", 5), ("05", 5), (4, 4), (4.0, 4), (1, 1), ("1", 1)],
)
def test_whole_numbers_are_scores(cell: object, score: int) -> None:
    assert read_score(cell, ONE_TO_FIVE) == score


@pytest.mark.parametrize("cell", ["", "   ", None])
def test_blank_is_no_answer(cell: object) -> None:
    assert read_score(cell, ONE_TO_FIVE) is None


@pytest.mark.parametrize(
    "cell",
    [
        "4.5",
        "4,0",
        "five",
        "N/A",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "1e1",
        "0x5",
        "+3",
        "-1",
        "3/5",
        "5 stars",
        "４",  # full-width
        "٣",  # Arabic-Indic
        "⑤",  # circled
        "²",
        "4 5",
        4.5,
        float("nan"),
        float("inf"),
        True,
        [4],
    ],
)
def test_rejects_are_reasons(cell: object) -> None:
    reason = read_score(cell, ONE_TO_FIVE)
    assert isinstance(reason, str)
    assert "is not a score: expected a whole number 1–5" in reason


def test_reject_reason_quotes_the_trimmed_cell() -> None:
    assert read_score(" five ", ONE_TO_FIVE) == "'five' is not a score: expected a whole number 1–5"


def test_reject_reason_of_a_long_cell_is_shortened() -> None:
    reason = read_score("x" * 500, ONE_TO_FIVE)
    assert isinstance(reason, str)
    assert len(reason) < 100
    assert "…" in reason


@pytest.mark.parametrize(
    ("cell", "scale", "reason"),
    [
        ("6", ONE_TO_FIVE, "6 is outside the 1–5 scale"),
        ("0", ONE_TO_FIVE, "0 is outside the 1–5 scale"),
        (6, ONE_TO_FIVE, "6 is outside the 1–5 scale"),
        (6.0, ONE_TO_FIVE, "6 is outside the 1–5 scale"),
        ("11", NPS_SCALE, "11 is outside the 0–10 scale"),
        (-1, NPS_SCALE, "-1 is outside the 0–10 scale"),
        ("8", Scale(1, 7), "8 is outside the 1–7 scale"),
        ("9" * 5000, ONE_TO_FIVE, "a number this long is outside the 1–5 scale"),
    ],
)
def test_off_scale(cell: object, scale: Scale, reason: str) -> None:
    assert read_score(cell, scale) == reason


@pytest.mark.parametrize(
    ("cell", "score"),
    [
        ("Very dissatisfied", 1),
        ("Extremely dissatisfied", 1),
        ("dissatisfied", 2),
        ("Neutral", 3),
        ("Neither satisfied nor dissatisfied", 3),
        ("  SATISFIED ", 4),
        ("Very  satisfied", 5),
        ("Extremely satisfied", 5),
        ("3", 3),
    ],
)
def test_satisfaction_labels(cell: str, score: int) -> None:
    assert read_score(cell, ONE_TO_FIVE, labels_for("csat", ONE_TO_FIVE)) == score


def test_good_bad_labels() -> None:
    good_bad = Scale(1, 2)
    labels = labels_for("csat", good_bad)
    assert read_score("Good", good_bad, labels) == 2
    assert read_score("bad", good_bad, labels) == 1
    assert read_score("meh", good_bad, labels) == (
        "'meh' is not a score: expected a whole number 1–2 or an answer such as 'Good'"
    )


def test_labels_are_not_read_without_a_label_table() -> None:
    assert isinstance(read_score("Satisfied", ONE_TO_FIVE), str)

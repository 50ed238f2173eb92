"""The data-quality rules: which headers say a scale runs backwards, what is a test entry."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csat_tui.filters import Filter
from csat_tui.services.quality import check, says_reversed, show, why_test_entry
from csat_tui.store.db import Store
from csat_tui.store.quality import Listed
from tests.helpers import record, write


@pytest.mark.parametrize(
    "header",
    [
        "Satisfaction (1 = very satisfied, 5 = very dissatisfied)",
        "How did we do? 1=Excellent 5=Poor",
        "Rating (1: best)",
        "Effort, where 7 = very difficult",
        "Score: one means extremely happy",
        "Likelihood (10 = very unlikely)",
    ],
)
def test_reversed_headers(header: str) -> None:
    assert says_reversed(header)


@pytest.mark.parametrize(
    "header",
    [
        "How satisfied were you?",
        "Satisfaction (1 = very dissatisfied, 5 = very satisfied)",
        "Rate us 1-5 (5 = excellent)",
        "CES (1 = very difficult, 7 = very easy)",
        "Q11 = satisfied?",
        "Score 0.1 = good",
        "How likely are you to recommend us (0 = not likely, 10 = extremely likely)?",
    ],
)
def test_headers_in_the_usual_direction(header: str) -> None:
    assert not says_reversed(header)


@given(
    st.sampled_from(["very ", "extremely ", ""]),
    st.sampled_from(["dissatisfied", "unhappy", "poor", "bad", "unlikely"]),
)
def test_a_bad_low_end_is_never_reversed(very: str, word: str) -> None:
    assert not says_reversed(f"Score (1 = {very}{word}, 5 = {very}satisfied)")


def _listed(respondent: str | None = None, comment: str | None = None,
            attributes: str = "{}") -> Listed:  # fmt: skip
    return Listed(1, None, "generic", respondent, comment, attributes)


@pytest.mark.parametrize(
    ("respondent", "comment", "attributes", "reason"),
    [
        ("test@acme.com", None, "{}", "test address"),
        ("Test+3@acme.com", None, "{}", "test address"),
        ("anna@example.com", None, "{}", "example address"),
        ("bo@mail.example.org", None, "{}", "example address"),
        ("x@shop.test", None, "{}", "example address"),
        ("test", None, "{}", "test name"),
        ("Test User", None, "{}", "test name"),
        ("ann@acme.com", " Testing! ", "{}", "test comment"),
        (None, "great", '{"Status": "Survey Preview"}', "Status: Survey Preview"),
        ("tester.anna@acme.com", None, "{}", "test address"),
        ("contest@acme.com", "the test of time", "{}", None),
        ("attestation@acme.com", None, '{"Plan": "Testing tier"}', None),
        ("anna@examples.com", None, "{}", None),
    ],
)
def test_test_entries(
    respondent: str | None, comment: str | None, attributes: str, reason: str | None
) -> None:
    assert why_test_entry(_listed(respondent, comment, attributes)) == reason


def test_preview_rows_the_store_keeps_are_test_entries(store: Store) -> None:
    write(
        store,
        [
            record(5, respondent="a@acme.com", attributes={"Status": "Survey Preview"}),
            record(4, respondent="b@acme.com", attributes={"Status": "IP Address"}),
            record(2, respondent="c@acme.com", attributes={"Mode": "preview"}),
        ],
    )
    (finding,) = [f for f in check(store, Filter()).findings if f.kind == "tests"]
    assert finding.count == 2
    assert [why for _, why in show(store, Filter(), "tests")] == [
        "Status: Survey Preview",
        "Mode: preview",
    ]


def test_repeats_need_the_same_day(store: Store) -> None:
    write(
        store,
        [
            record(5, respondent="a@acme.com", at="2026-10-01T08:00:00Z"),
            record(4, respondent="A@acme.com", at="2026-10-01T23:59:00Z"),
            record(4, respondent="a@acme.com", at="2026-10-02T00:01:00Z"),
            record(3, respondent="b@acme.com", at="2026-10-02T09:00:00Z"),
            record(3, respondent=None, at="2026-10-02T09:00:00Z"),
            record(3, respondent=None, at="2026-10-02T10:00:00Z"),
        ],
    )
    (finding,) = [f for f in check(store, Filter()).findings if f.kind == "repeats"]
    assert finding.count == 2
    assert [row.respondent for row, _ in show(store, Filter(), "repeats")] == [
        "a@acme.com",
        "A@acme.com",
    ]


def test_two_surveys_on_one_day_are_not_repeats(store: Store) -> None:
    write(
        store,
        [
            record(5, respondent="a@acme.com", touchpoint="billing", at="2026-10-01T08:00:00Z"),
            record(4, respondent="a@acme.com", touchpoint="support", at="2026-10-01T09:00:00Z"),
        ],
    )
    assert [f.kind for f in check(store, Filter()).findings] == []


def test_example_addresses_everywhere_are_made_up_data_not_tests(store: Store) -> None:
    rows = [record(5, respondent=f"c{i}@example.com", at=f"2026-10-{1 + i:02d}T08:00:00Z")
            for i in range(6)]  # fmt: skip
    write(store, [*rows, record(4, respondent="test@acme.com")])
    (finding,) = check(store, Filter()).findings
    assert (finding.kind, finding.count) == ("tests", 1)

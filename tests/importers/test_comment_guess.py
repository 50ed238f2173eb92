"""The comment column when no header says "comment": open-question wording, then free text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from csat_tui.importers.free_text import could_be_comment, measure, words_in
from csat_tui.importers.planning import NO_COMMENT
from csat_tui.importers.roles import guess_roles
from tests.importers.forms_data import comment_count, forms_csv

Load = Callable[..., Any]


def _comments(result: Any) -> list[str]:
    return [r.comment for r in result.records if r.comment]


def test_the_google_forms_file_gets_its_comment(load: Load) -> None:
    text = forms_csv()
    result = load("support_survey_responses.csv", text)
    assert result.plan.preset in ("google-forms", "google-sheets")
    column = result.column("Anything else?")
    assert (column.role, column.how) == ("comment", "header says 'anything else'")
    assert len(_comments(result)) == comment_count(text) > 80
    assert all("Anything else?" not in r.attributes for r in result.records)
    assert NO_COMMENT not in result.plan.notes


def test_a_free_text_column_with_an_unknown_question_is_the_comment(load: Load) -> None:
    header = "Is there something you would like to share?"
    assert guess_roles(header) == []
    text = forms_csv(header)
    result = load("share.csv", text)
    column = result.column(header)
    assert column.role == "comment"
    assert column.from_values is True
    assert column.how.startswith("guessed from its text: ")
    assert len(_comments(result)) == comment_count(text)
    assert NO_COMMENT not in result.plan.notes
    # The other columns keep the roles their headers gave them.
    assert result.column("Email Address").role == "respondent"
    assert result.column("Timestamp").role == "submitted_at"


CHOICE_CSV = "Which plan are you on?,How satisfied are you?\n" + "".join(
    f"{plan},{score}\n" for plan, score in [("Basic", 4), ("Pro", 5), ("Team", 2)] * 20
)


def test_a_choice_column_is_not_a_comment(load: Load) -> None:
    result = load("plans.csv", CHOICE_CSV)
    assert result.column("Which plan are you on?").role is None
    assert not _comments(result)
    assert NO_COMMENT in result.plan.notes


def test_a_choice_column_of_several_words_is_not_a_comment(load: Load) -> None:
    labels = ["Customer support", "Billing team", "Sales", "Technical support team"]
    rows = "".join(f"{labels[i % 4]},{i % 5 + 1}\n" for i in range(40))
    result = load("teams.csv", "Who helped you?,How satisfied are you?\n" + rows)
    assert result.column("Who helped you?").role is None
    assert NO_COMMENT in result.plan.notes


@pytest.mark.parametrize(
    "contact", ["person.{i}@example.com", '"Anna Maria Svensson {i} <anna.{i}@example.com>"']
)
def test_an_email_column_is_never_a_comment(load: Load, contact: str) -> None:
    rows = "".join(f"{contact.format(i=i)},{i % 5 + 1}\n" for i in range(30))
    result = load("mails.csv", "Where can we reach you?,How satisfied are you?\n" + rows)
    assert result.column("Where can we reach you?").role is None
    assert not _comments(result)
    assert NO_COMMENT in result.plan.notes


def test_names_ids_and_dates_are_not_comments(load: Load) -> None:
    rows = "".join(
        f"Anna Maria Svensson {i},R_{i:04x}9z,2026-10-{i % 28 + 1:02d},"
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.{i},{i % 5 + 1}\n"
        for i in range(30)
    )
    result = load(
        "meta.csv", "Full name,Token,Visited on,UA string,How satisfied are you?\n" + rows
    )
    assert [c.role for c in result.plan.columns] == [None, None, None, None, "csat"]


@pytest.mark.parametrize("role", ["attribute", "ignore"])
def test_map_keeps_the_guessed_column_out(load: Load, role: str) -> None:
    header = "Is there something you would like to share?"
    result = load("share.csv", forms_csv(header), mapping={header: role})
    column = result.column(header)
    assert column.role == (None if role == "attribute" else "ignore")
    assert not _comments(result)
    assert NO_COMMENT in result.plan.notes


def test_map_names_another_comment_column(load: Load) -> None:
    text = "Which plan?,Say more,csat\n" + "Pro,The export button is hard to find,4\n" * 3
    result = load("m.csv", text, mapping={"Which plan?": "comment"})
    assert result.column("Which plan?").role == "comment"
    assert result.column("Say more").role is None
    assert result.records[0].comment == "Pro"
    assert result.records[0].attributes == {"Say more": "The export button is hard to find"}


def test_of_two_free_text_columns_the_one_with_more_text_wins(load: Load) -> None:
    rows = "".join(
        f"{score},Fine thanks a lot {i},"
        f'"The reply took {i} days and I had to explain the billing problem twice"\n'
        for i, score in enumerate([1, 2, 3, 4, 5] * 4)
    )
    result = load("two.csv", "csat,Short answer,Long answer\n" + rows)
    assert result.column("Long answer").role == "comment"
    short = result.column("Short answer")
    assert short.role is None
    assert short.how == "reads as free text too, but 'Long answer' has more: kept as an attribute"
    assert any(
        "'Long answer' is the comment" in note and "'Short answer'" in note
        for note in result.plan.notes
    )
    assert result.records[0].comment is not None
    assert result.records[0].comment.startswith("The reply took 0 days")


def test_a_header_that_names_the_comment_wins_over_more_text(load: Load) -> None:
    rows = '4,ok,"A long story about the billing problem and the reply that took days"\n' * 3
    result = load("h.csv", "csat,feedback,Story\n" + rows)
    assert result.column("feedback").role == "comment"
    assert result.column("Story").role is None
    assert NO_COMMENT not in result.plan.notes


def test_an_open_question_header_of_numbers_is_not_a_comment(load: Load) -> None:
    result = load("n.csv", "csat,What could we improve? (count)\n4,3\n5,2\n3,1\n")
    column = result.column("What could we improve? (count)")
    assert column.role is None
    assert "its values are numbers, not text" in column.how


@pytest.mark.parametrize(
    "header",
    [
        "Anything else?",
        "Why?",
        "What could we do better?",
        "Any other thoughts",
        "Tell us more",
        "Reason for your score",
        "Något annat du vill säga?",
        "Varför gav du det betyget?",
        "Gibt es sonst noch etwas?",
        "Warum?",
        "Y a-t-il autre chose ?",
        "Pourquoi ?",
        "¿Algo más?",
        "¿Por qué?",
        "Algo mais?",
        "Por quê?",
        "Qualcos'altro?",
        "Perché?",
        "Nog iets?",
        "Waarom?",
        "Opmerkingen",
    ],
)
def test_open_question_headers_suggest_the_comment(header: str) -> None:
    assert guess_roles(header)[0][0] == "comment"


def test_rating_words_still_come_first() -> None:
    assert guess_roles("How likely are you to recommend us, and why?")[0][0] == "nps"


def test_measure_reads_prose() -> None:
    assert words_in("Very slow, had to repeat myself twice") == (7, True)
    assert words_in("user@example.com")[1] is False
    assert words_in("Anna Maria Svensson <anna@example.com>")[1] is False
    assert words_in("https://example.com/help?q=1")[1] is False
    assert words_in("2026-10-01 14:00")[1] is False
    assert words_in("服务很好，谢谢你们的帮助")[1] is True
    chinese = measure(["客服回复太慢了，等了三天", "退款还没有到账，请尽快处理", None, ""] * 3)
    assert chinese.is_free_text
    assert (chinese.answers, chinese.prose) == (6, 6)
    assert not measure([4, 5, 3]).is_free_text
    assert not measure(["Basic", "Pro", "Team"] * 10).is_free_text


def test_short_headers_for_names_and_addresses_are_not_comments() -> None:
    assert not could_be_comment("Full name")
    assert not could_be_comment("Shipping address")
    assert could_be_comment("What is the name of the feature you miss most?")
    assert could_be_comment("Is there something you would like to share?")

"""Roles from headers and values, scale choice, and --map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csat_tui.errors import ImportFileError
from csat_tui.importers import ImportOptions, open_file
from csat_tui.importers.planning import choose_scale, header_scale
from csat_tui.importers.roles import guess_roles, normalise, parse_role
from csat_tui.scoring.scales import Scale

Load = Callable[..., Any]
Write = Callable[..., Path]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("csat", "csat"),
        ("CSAT Score", "csat"),
        ("nps", "nps"),
        ("CES", "ces"),
        ("comment", "comment"),
        ("touchpoint", "touchpoint"),
        ("segment", "segment"),
        ("Plan", "segment"),
        ("tier", "segment"),
        ("channel", "channel"),
        ("email", "respondent"),
        ("respondent", "respondent"),
        ("Customer", "respondent"),
        ("response_id", "external_id"),
        ("ResponseID", "external_id"),
        ("id", "external_id"),
        ("Response ID", "external_id"),
        ("submitted_at", "submitted_at"),
        ("submittedAt", "submitted_at"),
        ("Date", "submitted_at"),
        ("timestamp", "submitted_at"),
        ("Created at", "submitted_at"),
        ("How satisfied were you with our support?", "csat"),
        ("Overall satisfaction (1-5)", "csat"),
        ("How likely are you to recommend us to a friend?", "nps"),
        ("How easy was it to solve your issue?", "ces"),
        ("Customer effort", "ces"),
        ("Any other feedback?", "comment"),
        ("Reason for your score", "comment"),
        ("Why?", "comment"),
        ("Date submitted", "submitted_at"),
        ("Completion time", "submitted_at"),
    ],
)
def test_header_guesses(header: str, role: str) -> None:
    assert guess_roles(header)[0][0] == role


def test_unrelated_headers_have_no_role() -> None:
    assert guess_roles("Region") == []
    assert guess_roles("Score") == []


def test_normalise() -> None:
    assert normalise("  Submitted_At ") == "submitted at"
    assert normalise("responseId") == "response id"


def test_how_says_why(load: Load) -> None:
    result = load(
        "h.csv",
        "How satisfied were you?,Why are you dissatisfied?,csat,date,notes\n"
        "5,slow,4,soon,x\n4,,5,later,y\n",
    )
    how = {c.header: (c.role, c.how) for c in result.plan.columns}
    assert how["How satisfied were you?"] == (
        "csat",
        "header says 'satisfied'; 1–5: 2 of 2 numeric answers",
    )
    assert how["Why are you dissatisfied?"] == (
        "comment",
        "header says 'why'",
    )
    assert how["csat"] == ("csat", "header is 'csat'; 1–5: 2 of 2 numeric answers")
    assert how["date"] == (
        None,
        "header is 'date', but its values are not dates; kept as an attribute",
    )
    assert how["notes"] == (None, "no role: kept as an attribute")


def test_single_roles_go_to_the_first_column(load: Load) -> None:
    result = load("s.csv", "csat,comment,feedback\n5,a,b\n")
    assert [c.role for c in result.plan.columns] == ["csat", "comment", None]
    assert result.plan.columns[2].how == (
        "header is 'feedback', but 'comment' is the comment column; kept as an attribute"
    )
    assert result.records[0].comment == "a"
    assert result.records[0].attributes == {"feedback": "b"}


def test_a_csat_column_of_text_is_not_a_rating(load: Load) -> None:
    result = load("t.csv", "csat,nps\ngreat,9\nbad service,8\n")
    assert result.column("csat").role is None
    assert result.records[0].attributes == {"csat": "great"}


def test_a_named_csat_column_with_some_junk_stays_a_rating(load: Load) -> None:
    result = load("j.csv", "csat\nN/A\nN/A\n4\n")
    assert result.column("csat").role == "csat"
    assert len(result.problems) == 2


# --- scales -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        (["1", "2", "5", "4"], "1-5"),
        (["1", "5", "4", "6"], "1-5"),  # one stray value: rejected, not a wider scale
        (["1", "5", "6", "7"], "1-7"),
        (["1", "5", "9", "10"], "1-10"),
        (["3", "8", "6", "7", "11"], "1-10"),
        ([], "1-5"),
        (["", " "], "1-5"),
        ([4.0, 5.0, 7.0, 6.0], "1-7"),
    ],
)
def test_csat_scale_from_values(values: list[object], scale: str) -> None:
    assert choose_scale("csat", "csat", values)[0].name == scale


def test_stray_value_is_rejected_as_off_scale(load: Load) -> None:
    result = load("s.csv", "csat\n" + "5\n4\n3\n6\n" * 10)
    assert result.column("csat").scale == "1-5"
    assert {p.reason for p in result.problems} == {"6 is outside the 1–5 scale"}


@pytest.mark.parametrize(
    ("header", "scale"),
    [
        ("Satisfaction (1-7)", "1-7"),
        ("Satisfaction (1–10)", "1-10"),
        ("How satisfied? 1 to 3", "1-3"),
        ("Satisfaction out of 7", "1-7"),
        ("CSAT score /10", "1-10"),
        ("csat", None),
        ("Satisfaction (1-4)", None),
    ],
)
def test_header_scale_hints(header: str, scale: str | None) -> None:
    found = header_scale("csat", header)
    assert (found.name if found else None) == scale


def test_header_hint_wins_over_values() -> None:
    scale, _, how = choose_scale("csat", "Satisfaction (1-10)", ["1", "2", "3"])
    assert (scale.name, how) == ("1-10", "header says 1–10")


def test_nps_and_ces_scales_are_fixed() -> None:
    assert choose_scale("nps", "nps", ["1", "2"])[0].name == "0-10"
    assert choose_scale("ces", "ces", ["1", "2"])[0].name == "1-7"


def test_label_columns_take_their_label_scale(load: Load) -> None:
    result = load("g.csv", "csat,satisfaction\ngood,Satisfied\nbad,Very dissatisfied\nGood,\n")
    assert result.column("csat").scale == "1-2"
    assert result.column("satisfaction").scale == "1-5"
    assert [[(a.scale, a.score) for a in r.answers] for r in result.records] == [
        [("1-2", 2), ("1-5", 4)],
        [("1-2", 1), ("1-5", 1)],
        [("1-2", 2)],
    ]


# --- --map ---------------------------------------------------------------------------------


def test_map_sets_roles_and_scales(load: Load) -> None:
    result = load(
        "m.csv",
        "Score,Text,Region\n6,hi,EU\n",
        mapping={"score": "csat:1-7", "TEXT": "comment", "Region": "ignore"},
    )
    assert [(c.role, c.scale, c.how) for c in result.plan.columns] == [
        ("csat", "1-7", "--map; scale 1-7 from --map"),
        ("comment", None, "--map"),
        ("ignore", None, "--map"),
    ]
    record = result.records[0]
    assert record.answers[0].score == 6
    assert record.comment == "hi"
    assert record.attributes == {}


def test_map_without_scale_still_fits_the_values(load: Load) -> None:
    result = load("m.csv", "Score\n6\n7\n1\n", mapping={"Score": "csat"})
    assert result.column("Score").scale == "1-7"


def test_map_overrides_a_guess(load: Load) -> None:
    result = load("m.csv", "csat,nps\n5,9\n", mapping={"csat": "ignore"})
    assert [c.role for c in result.plan.columns] == ["ignore", "nps"]


def map_error(write: Write, mapping: dict[str, str]) -> str:
    path = write("m.csv", "Score,Text\n5,hi\n")
    with pytest.raises(ImportFileError) as caught:
        open_file(path, ImportOptions(mapping=mapping))
    return str(caught.value).removeprefix(f"{path}: ")


def test_map_unknown_column(write: Write) -> None:
    assert map_error(write, {"Rating": "csat"}) == (
        "--map names a column 'Rating' that is not in the file; its columns are: 'Score', 'Text'"
    )


def test_map_unknown_role(write: Write) -> None:
    assert map_error(write, {"Score": "happiness"}) == (
        "--map Score=happiness: unknown role 'happiness'; roles are: csat, nps, ces, comment, "
        "submitted_at, respondent, touchpoint, segment, channel, external_id, agent, team, ignore, "
        "attribute, date"
    )


def test_map_bad_scale(write: Write) -> None:
    assert map_error(write, {"Score": "csat:1-4"}) == (
        "--map Score=csat:1-4: 'csat:1-4': csat is not answered on a 1-4 scale"
    )
    assert map_error(write, {"Score": "nps:1-5"}) == (
        "--map Score=nps:1-5: 'nps:1-5': nps is not answered on a 1-5 scale"
    )
    assert map_error(write, {"Text": "comment:1-5"}) == (
        "--map Text=comment:1-5: 'comment:1-5': only csat, nps and ces take a scale"
    )


def test_map_one_single_role_twice(write: Write) -> None:
    path = write("two.csv", "a,b,csat\n1,2,5\n")
    with pytest.raises(ImportFileError) as caught:
        open_file(path, ImportOptions(mapping={"a": "comment", "b": "comment"}))
    assert str(caught.value) == (
        f"{path}: --map gives the role comment to both 'a' and 'b'; "
        "only rating roles may be given to several columns"
    )


def test_parse_role() -> None:
    assert parse_role("CSAT:1–7") == ("csat", Scale(1, 7))
    assert parse_role(" comment ") == ("comment", None)

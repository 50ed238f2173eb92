"""Reading rows: delimiters, line numbers, headers, truncation, huge cells, JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csat_tui.importers.reading import TRUNCATED, dedupe_headers, sniff_delimiter

Load = Callable[..., Any]


@pytest.mark.parametrize(
    ("head", "delimiter"),
    [
        ("id,csat,comment\n1,5,ok; fine\n2,4,x\n", ","),
        ('id;csat;comment\n1;5;"Doe, John, said ok"\n2;4;x\n', ";"),
        ("id\tcsat\tcomment\n1\t5\tok, fine; yes\n", "\t"),
        ("csat\n5\n4\n", ","),
    ],
)
def test_delimiter_is_sniffed(head: str, delimiter: str) -> None:
    assert sniff_delimiter(head, at_eof=True) == delimiter


def test_semicolon_file(load: Load) -> None:
    result = load("s.csv", "id;csat;comment\n1;5;Bra, tack\n2;4;ok\n")
    assert result.plan.format == "csv"
    assert [r.comment for r in result.records] == ["Bra, tack", "ok"]


def test_tab_file_with_txt_extension_is_tsv(load: Load) -> None:
    result = load("t.txt", "id\tcsat\n1\t5\n")
    assert result.plan.format == "tsv"
    assert result.records[0].answers[0].score == 5


def test_tsv_extension_forces_tabs(load: Load) -> None:
    result = load("t.tsv", "id\tcsat\tnote\n1\t5\ta,b;c\n")
    assert result.records[0].attributes == {"note": "a,b;c"}


def test_duplicate_and_blank_headers() -> None:
    assert dedupe_headers(["\ufeffQ1", "Q1", "Q1", "", "Q1 (2)"]) == [
        "Q1",
        "Q1 (2)",
        "Q1 (3)",
        "Column 4",
        "Q1 (2) (2)",
    ]


def test_duplicate_headers_survive_into_attributes(load: Load) -> None:
    result = load("d.csv", "csat,Q1,Q1\n5,first,second\n")
    assert result.records[0].attributes == {"Q1": "first", "Q1 (2)": "second"}


def test_line_numbers_count_the_header_and_multiline_cells(load: Load) -> None:
    text = 'id,csat,comment\n1,5,"two\nlines"\n\n2,4,x\r\n3,3,"a\r\nb\r\nc"\n4,2,y'
    result = load("l.csv", text)
    assert [(r.line, r.external_id) for r in result.records] == [
        (2, "1"),
        (5, "2"),
        (6, "3"),
        (9, "4"),
    ]
    assert result.records[2].comment == "a\r\nb\r\nc"


def test_blank_rows_are_skipped_silently(load: Load) -> None:
    result = load("b.csv", "\n\nid,csat\n\n1,5\n,\n   \n2,4\n")
    assert [r.line for r in result.records] == [5, 8]
    assert not result.problems


def test_truncated_csv_keeps_complete_records(load: Load) -> None:
    text = 'id,csat,comment\n1,5,ok\n2,4,"fine,\n ok"\n3,3,"never closed\nmore text'
    result = load("t.csv", text)
    assert [r.external_id for r in result.records] == ["1", "2"]
    assert result.records[1].comment == "fine,\n ok"
    (problem,) = result.problems
    assert problem.line == 5
    assert problem.column == "comment"  # where the open quote starts
    assert problem.value == '3,3,"never closed\nmore text'
    assert problem.reason == TRUNCATED
    assert TRUNCATED == "quoted field not closed before end of file: the file looks truncated"


def test_five_megabyte_comment(load: Load) -> None:
    comment = "word " * (1_050_000)
    result = load("big.csv", f'id,csat,comment\n1,5,"{comment}"\n2,4,short\n')
    assert len(result.records) == 2
    assert result.records[0].comment == comment
    assert len(comment) > 5_000_000


def test_five_megabyte_comment_in_json(load: Load) -> None:
    comment = "ord " * 1_300_000
    items = [{"id": 1, "csat": 5, "comment": comment}, {"id": 2, "csat": 4}]
    result = load("big.json", json.dumps(items))
    assert result.records[0].comment == comment
    assert [r.external_id for r in result.records] == ["1", "2"]


def test_short_and_long_rows(load: Load) -> None:
    result = load("r.csv", "id,csat,comment,region\n1,5\n2,4,ok,EU,extra,,more\n")
    first, second = result.records
    assert first.answers[0].score == 5
    assert first.comment is None
    assert first.attributes == {}
    assert second.attributes == {"region": "EU", "_extra_1": "extra", "_extra_3": "more"}
    assert not result.problems


def test_comments_are_kept_exactly_as_read(load: Load) -> None:
    text = 'csat,comment\n5,"  spaced  "\n4,"[bold]x[/bold] =1+1 \x1b[2J"\n3,"   "\n'
    result = load("c.csv", text)
    assert [r.comment for r in result.records] == [
        "  spaced  ",
        "[bold]x[/bold] =1+1 \x1b[2J",
        None,
    ]


def test_json_array(load: Load) -> None:
    items = [
        {"id": "a", "csat": 5, "submitted_at": "2024-03-05T14:17:43Z", "meta": {"k": [1]}},
        {"id": "b", "csat": 4.0, "late": True, "n": 1.5},
    ]
    result = load("a.json", json.dumps(items, indent=2))
    assert result.plan.format == "json"
    first, second = result.records
    assert (first.line, second.line) == (1, 2)
    assert first.attributes == {"meta": '{"k": [1]}'}
    assert second.answers[0].score == 4
    assert second.attributes == {"late": "true", "n": "1.5"}


def test_json_object_holding_the_records(load: Load) -> None:
    text = '{"count": 2, "next": null, "responses": [{"csat": 5}, {"csat": 3}], "x": [1]}'
    result = load("w.json", text)
    assert [r.answers[0].score for r in result.records] == [5, 3]


def test_json_items_that_are_not_objects(load: Load) -> None:
    result = load("n.json", '[{"csat": 5}, 7, {}, {"csat": 4}]')
    assert [r.line for r in result.records] == [1, 4]
    (problem,) = result.problems
    assert (problem.line, problem.value) == (2, "7")
    assert problem.reason == "not a JSON object: each record must be {…}"


def test_truncated_json_array(load: Load) -> None:
    result = load("t.json", '[{"csat": 5}, {"csat": 4}, {"csat": 3, "comment": "cut')
    assert [r.answers[0].score for r in result.records] == [5, 4]
    (problem,) = result.problems
    assert problem.line == 3
    assert problem.value == '{"csat": 3, "comment": "cut'
    assert problem.reason == (
        "the JSON ends before the list of records is closed: the file looks truncated"
    )


def test_broken_json_array(load: Load) -> None:
    result = load("b.json", '[{"csat": 5}, {"csat": 4,, }, {"csat": 3}]')
    assert len(result.records) == 1
    (problem,) = result.problems
    assert problem.reason.startswith("not valid JSON (")
    assert problem.reason.endswith("; the rest of the file was not read")


def test_jsonl(load: Load) -> None:
    text = '{"id": 1, "csat": 5}\n\n{"id": 2, "csat": 4}\nnot json\n{"id": 3, "csat": 3}\n'
    result = load("a.jsonl", text)
    assert result.plan.format == "jsonl"
    assert [(r.line, r.external_id) for r in result.records] == [(1, "1"), (3, "2"), (5, "3")]
    (problem,) = result.problems
    assert (problem.line, problem.value) == (4, "not json")
    assert problem.reason.startswith("not valid JSON (")


def test_json_extension_with_json_lines_content(load: Load) -> None:
    result = load("a.json", '{"csat": 5}\n{"csat": 4}\n')
    assert result.plan.format == "jsonl"
    assert len(result.records) == 2


def test_keys_first_seen_after_the_sample_go_to_attributes(load: Load) -> None:
    items = [{"csat": 5}] * 2500 + [{"csat": 4, "late_key": "x"}]
    result = load("k.json", json.dumps(items))
    assert result.records[-1].attributes == {"late_key": "x"}


def test_progress_counts_bytes(write: Callable[..., Path]) -> None:
    from csat_tui.importers import ImportOptions, open_file

    path = write("p.csv", "csat\n" + "5\n" * 200_000)
    with open_file(path, ImportOptions()) as opened:
        assert opened.size == path.stat().st_size
        iterator = iter(opened)
        next(iterator)
        assert 0 < opened.position() < opened.size
        for _ in iterator:
            pass
        assert opened.position() == opened.size


def test_last_quoted_field_without_a_final_newline_is_complete(load: Load) -> None:
    result = load("q.csv", 'csat,comment\n5,"all good"')
    assert result.records[0].comment == "all good"
    assert not result.problems


def test_old_mac_line_endings(load: Load) -> None:
    result = load("r.csv", "id,csat\r1,5\r2,4\r")
    assert [(r.line, r.external_id) for r in result.records] == [(2, "1"), (3, "2")]


def test_header_only_file_has_no_records(load: Load) -> None:
    result = load("h.csv", "id,csat,comment\n")
    assert result.items == []
    assert result.column("csat").role == "csat"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_json_in_other_encodings(load: Load, encoding: str) -> None:
    result = load("u.json", '[{"csat": 5, "comment": "Jättebra ’"}]', encoding)
    assert result.records[0].comment == "Jättebra ’"
    result = load("u.jsonl", '{"csat": 5, "comment": "Jättebra ’"}\n', encoding)
    assert result.records[0].comment == "Jättebra ’"

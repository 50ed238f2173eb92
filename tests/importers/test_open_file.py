"""open_file: file-level errors, records and problems, ids, encodings end to end."""

from __future__ import annotations

import codecs
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from csat_tui.errors import ImportFileError
from csat_tui.importers import PRESETS, Answer, ImportOptions, Record, open_file

Load = Callable[..., Any]
Write = Callable[..., Path]


def error_of(path: Path, **options: Any) -> str:
    with pytest.raises(ImportFileError) as caught:
        open_file(path, ImportOptions(**options))
    return str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    assert error_of(path) == f"{path}: no such file"


def test_a_folder(tmp_path: Path) -> None:
    assert error_of(tmp_path) == f"{tmp_path} is a folder, not a file"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\r\n  \n"])
def test_empty_file(write: Write, content: bytes) -> None:
    path = write("e.csv", content)
    assert error_of(path) == f"{path} is empty"


def test_binary_file(write: Write) -> None:
    path = write("b.csv", b"csat\n\x00\x01\x02\x00\xff\xfe\x00\x00binary")
    assert error_of(path) == f"{path} is a binary file, not CSV, TSV, XLSX or JSON text"


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert error_of(path).startswith(
        f"{path} is a zip or Office file but not a readable XLSX, XLS or ODS workbook ("
    )


def test_no_rating_column(write: Write) -> None:
    path = write("n.csv", "id,comment,Score\n1,hello,5\n")
    assert error_of(path) == (
        f"{path}: no column looks like a CSAT, NPS or CES rating; name one with "
        "--map COLUMN=csat (columns: 'id', 'comment', 'Score')"
    )


def test_no_rating_column_when_the_values_are_not_scores(write: Write) -> None:
    path = write("n.csv", "id,csat\n1,great\n2,meh\n")
    assert "no column looks like a CSAT, NPS or CES rating" in error_of(path)


def test_unknown_time_zone(write: Write) -> None:
    path = write("z.csv", "csat\n5\n")
    assert error_of(path, timezone="Mars/Olympus") == (
        "unknown time zone 'Mars/Olympus': give an IANA name such as Europe/Stockholm"
    )


def test_unknown_encoding(write: Write) -> None:
    path = write("z.csv", "csat\n5\n")
    assert error_of(path, encoding="klingon") == f"{path}: unknown encoding 'klingon'"


def test_unknown_preset(write: Write) -> None:
    path = write("z.csv", "csat\n5\n")
    assert error_of(path, preset="qualtrix") == (
        f"{path}: unknown preset 'qualtrix'; presets are: {', '.join(PRESETS)}"
    )
    assert list(PRESETS)[-1] == "generic"


def test_json_without_records(write: Write) -> None:
    path = write("x.json", json.dumps({"a": 1, "b": {"c": [2]}}, indent=2))
    assert error_of(path) == f"{path}: the JSON object holds no list of records"
    path = write("y.json", '"just a string"')
    assert error_of(path) == f"{path} is not JSON: it should hold a list of records"


def test_errors_come_before_any_record(write: Write) -> None:
    # The whole check happens in open_file, not lazily on the first next().
    path = write("late.csv", "id,comment\n" + "1,x\n" * 10)
    with pytest.raises(ImportFileError):
        open_file(path, ImportOptions())


def test_records_and_problems(load: Load) -> None:
    text = (
        "Response ID,Submitted,How satisfied were you?,NPS,Why?,Plan,Channel,Email,Region\n"
        "r1,2024-03-05T14:17:43Z,5,9,Quick,pro,chat,a@x.se,EU\n"
        "r2,2024-03-06T09:00:00Z,6,ten,,free,email,,\n"
    )
    result = load("r.csv", text)
    assert result.plan.preset == "generic"
    assert result.plan.source == "generic"
    assert result.plan.format == "csv"
    assert result.plan.encoding == "utf-8"
    roles = {c.header: c.role for c in result.plan.columns}
    assert roles == {
        "Response ID": "external_id",
        "Submitted": "submitted_at",
        "How satisfied were you?": "csat",
        "NPS": "nps",
        "Why?": "comment",
        "Plan": "segment",
        "Channel": "channel",
        "Email": "respondent",
        "Region": None,
    }
    assert result.items[0] == Record(
        line=2,
        external_id="r1",
        submitted_at="2024-03-05T14:17:43Z",
        respondent="a@x.se",
        segment="pro",
        channel="chat",
        comment="Quick",
        attributes={"Region": "EU"},
        answers=[
            Answer("csat", "How satisfied were you?", 5, "1-5"),
            Answer("nps", "NPS", 9, "0-10"),
        ],
    )
    second, *problems = result.items[1:]
    assert second.external_id == "r2"
    assert second.answers == []
    assert second.attributes == {}
    assert [(p.line, p.column, p.value, p.reason, p.external_id) for p in problems] == [
        (3, "How satisfied were you?", "6", "6 is outside the 1–5 scale", "r2"),
        (3, "NPS", "ten", "'ten' is not a score: expected a whole number 0–10", "r2"),
    ]


def test_content_ids_are_stable_across_imports(write: Write, run: Callable[..., Any]) -> None:
    path = write("h.csv", "csat,comment\n5,good\n4,ok\n5,good\n")
    first = [r.external_id for r in run(path).records]
    again = [r.external_id for r in run(path).records]
    assert first == again
    assert all(i.startswith("sha1:") and len(i) == 45 for i in first)
    assert first[0] != first[1]
    assert first[0] == first[2]  # the same content is the same response


def test_blank_id_falls_back_to_content_hash(load: Load) -> None:
    result = load("i.csv", "id,csat\n,5\n  7 ,4\n")
    assert result.records[0].external_id.startswith("sha1:")
    assert result.records[1].external_id == "7"


def test_content_id_does_not_depend_on_the_encoding(write: Write, run: Callable[..., Any]) -> None:
    text = "csat,comment\n5,Jättebra\n"
    utf8 = run(write("a.csv", text)).records[0].external_id
    utf16 = run(write("b.csv", text, "utf-16")).records[0].external_id
    assert utf8 == utf16


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("cp1252", b""),
    ],
)
def test_encodings_end_to_end(
    write: Write, run: Callable[..., Any], encoding: str, prefix: bytes
) -> None:
    text = "id,csat,comment\n1,5,It’s great – tack så mycket\n2,4,å\n"
    path = write("e.csv", prefix + text.encode(encoding))
    result = run(path)
    assert [r.comment for r in result.records] == ["It’s great – tack så mycket", "å"]
    assert result.plan.columns[0].header == "id"


def test_encoding_override(write: Write, run: Callable[..., Any]) -> None:
    path = write("o.csv", "csat,comment\n5,Ÿ\n".encode("cp1252"))
    result = run(path, encoding="latin-1")
    assert result.records[0].comment == "\x9f"


def test_cp1252_byte_after_the_sample_in_a_utf8_file(write: Write, run: Callable[..., Any]) -> None:
    padding = "5,plain\n" * 20_000  # beyond the 64 KiB the detection looks at
    data = ("csat,comment\n" + padding).encode() + "4,It’s late\n".encode("cp1252")
    result = run(write("late.csv", data))
    assert result.records[-1].comment == "It’s late"


def test_json_numbers_and_labels(load: Load) -> None:
    items = [
        {"id": 1, "satisfaction": "Very satisfied", "nps": 10},
        {"id": 2, "satisfaction": "Dissatisfied", "nps": 6.0},
        {"id": 3, "satisfaction": "meh", "nps": 7.5},
    ]
    result = load("l.json", json.dumps(items))
    assert [[a.score for a in r.answers] for r in result.records] == [[5, 10], [2, 6], []]
    assert [p.value for p in result.problems] == ["meh", "7.5"]


def test_several_rating_columns_of_one_metric(load: Load) -> None:
    text = "How satisfied with support?,How satisfied with the product?\n5,3\n,4\n"
    result = load("m.csv", text)
    assert [[(a.question, a.score) for a in r.answers] for r in result.records] == [
        [("How satisfied with support?", 5), ("How satisfied with the product?", 3)],
        [("How satisfied with the product?", 4)],
    ]


def test_no_print(load: Load, capsys: pytest.CaptureFixture[str]) -> None:
    load("p.csv", "date,csat\nMar 5 2024 14:17 XYZ,5\n2024-03-05,9\n")
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


def test_one_invalid_byte_near_the_top_keeps_accents_and_is_reported(
    write: Write, run: Callable[..., Any]
) -> None:
    data = b"id,csat,comment\n1,5,caf\xe9\n" + "2,4,café\n3,3,déjà vu\n".encode()
    opened_result = run(write("bad.csv", data))
    assert [r.comment for r in opened_result.records] == ["caf\ufffd", "café", "déjà vu"]
    assert "Ã" not in "".join(r.comment or "" for r in opened_result.records)
    assert "invalid byte sequence" in " ".join(opened_result.plan.notes)


def test_the_cells_with_replaced_bytes_are_named(write: Write) -> None:
    padding = "9,5,fine é\n" * 10_000  # the invalid byte comes after the 64 KiB sample
    data = ("id,csat,comment\n" + padding).encode() + b"10001,4,ol\xe9\n"
    with open_file(write("late.csv", data), ImportOptions(timezone="UTC")) as opened:
        records = [item for item in opened if isinstance(item, Record)]
        notes = opened.notes
    assert records[-1].comment == "ol\ufffd"
    assert notes == ["line 10002, column 'comment': bytes that are not UTF-8, read as \ufffd"]

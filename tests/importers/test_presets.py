"""Presets: the registry, detection, and a preset's roles, skip rule and hooks."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from csat_tui.importers import PRESETS, ImportOptions, Preset, Record
from csat_tui.importers.generic import open_generic
from csat_tui.importers.presets import GENERIC, Header, detect_preset, find_preset

Write = Callable[..., Path]


def test_registry_holds_generic() -> None:
    assert PRESETS["generic"] is GENERIC
    assert find_preset(" Generic ") is GENERIC
    assert find_preset("nope") is None
    assert detect_preset(["anything"]) is GENERIC


def test_signature_matching() -> None:
    preset = Preset("tool", "Tool", "tool", signature=("Respondent ID", "Collector ID"))
    assert preset.matches(["respondent id", "Collector ID", "Q1"])
    assert detect_preset(["Respondent ID", "Collector ID"]).name == "surveymonkey"
    assert not preset.matches(["Respondent ID"])


def _skip_tests(row: Mapping[str, Any]) -> tuple[str, str] | None:
    return (
        ("survey preview", "a preview (Status Preview)") if row.get("Status") == "Preview" else None
    )


def _merge(rows: Sequence[Sequence[str]]) -> Header:
    # Two header rows: a question, and under it the answer's label ("Response" or an option).
    merged, question = [], ""
    for top, sub in zip(rows[0], rows[1], strict=False):
        question = top or question
        merged.append(question if sub in ("", "Response") else f"{question} - {sub}")
    return Header(merged, rows=2)


def test_a_preset_built_from_data_and_hooks(write: Write) -> None:
    preset = Preset(
        name="tool",
        title="Some tool",
        source="tool",
        roles={"Overall": "csat:1-7", "Respondent ID": "external_id"},
        skip=_skip_tests,
        header_rows=2,
        read_header=_merge,
        finish=lambda r: dataclasses.replace(r, complete=r.comment is not None),
    )
    path = write(
        "t.csv",
        "Respondent ID,Status,Overall,Tell us more,\n"
        ",,Response,Response,Other\n"
        "11,Complete,7,Great,x\n"
        "12,Preview,2,,\n",
    )
    with open_generic(path, ImportOptions(timezone="UTC"), preset) as opened:
        items = list(opened)
        plan = opened.plan
    assert plan.preset == "tool"
    assert plan.source == "tool"
    assert [(c.header, c.role, c.how) for c in plan.columns] == [
        ("Respondent ID", "external_id", "preset"),
        ("Status", None, "no role: kept as an attribute"),
        ("Overall", "csat", "preset; scale 1-7 from preset"),
        ("Tell us more", "comment", "header says 'tell us'"),
        (
            "Tell us more - Other",
            None,
            "header says 'tell us', but 'Tell us more' is the comment column; kept as an attribute",
        ),
    ]
    first, second = items
    assert isinstance(first, Record) and isinstance(second, Record)
    assert (first.line, first.external_id, first.skip_reason) == (3, "11", None)
    assert first.answers[0].score == 7
    assert first.comment == "Great"
    assert first.attributes == {"Status": "Complete", "Tell us more - Other": "x"}
    assert (second.skip_reason, second.skip_detail) == (
        "survey preview",
        "a preview (Status Preview)",
    )
    assert second.complete is False


def test_map_wins_over_a_preset(write: Write) -> None:
    preset = Preset("tool", "Tool", "tool", roles={"A": "csat", "B": "nps"})
    path = write("m.csv", "A,B\n5,9\n")
    options = ImportOptions(mapping={"A": "ignore"})
    with open_generic(path, options, preset) as opened:
        assert [(c.role, c.how) for c in opened.plan.columns] == [
            ("ignore", "--map"),
            ("nps", "preset; NPS is always 0–10"),
        ]


def test_importers_do_not_import_the_ui_or_the_store() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import csat_tui.importers; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') "
        "or m.split('.')[:2] in (['csat_tui', 'store'], ['csat_tui', 'services'], "
        "['csat_tui', 'tui'], ['csat_tui', 'cli'])]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"

"""Every count explained: each README example shape imported twice, and dry-run, says why every
record was skipped and what every duplicate copies, in `--json` and in the summary."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.importers import ImportOptions, Record, open_file
from csat_tui.store.writer import (
    DUPLICATE_NO_ID,
    DUPLICATE_SAME_ID,
    DUPLICATE_STORED,
    REJECT_CHANGED,
    SKIP_FOOTER,
    SKIP_OFFERED,
    SKIP_UNOFFERED,
)

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"
runner = CliRunner()

# README "Your own data": `csat-tui import responses.csv`, columns detected from their headers;
# no id column, and one row exported twice.
README_RESPONSES = (
    "Submitted,Email,How satisfied were you?,Comment\n"
    "2026-10-01 10:00,a@example.com,5,Great\n"
    "2026-10-01 10:00,a@example.com,5,Great\n"
    "2026-10-02 11:00,b@example.com,2,Slow\n"
)
# With an id column: a row twice, an id reused with other answers, a score off the scale.
WITH_IDS = (
    "Response ID,Date,CSAT,Comment\n"
    "R_1,2026-10-01,5,Great\n"
    "R_1,2026-10-01,5,Great\n"
    "R_2,2026-10-02,4,Fine\n"
    "R_2,2026-10-02,1,Changed my mind\n"
    "R_3,2026-10-03,9,Bad cell\n"
)
SHAPES = [
    *sorted(p.name for p in FIXTURES.iterdir() if p.is_file()),
    "responses.csv",
    "with_ids.csv",
]


def shape(name: str, tmp_path: Path) -> Path:
    if name == "responses.csv":
        (tmp_path / name).write_text(README_RESPONSES, encoding="utf-8")
        return tmp_path / name
    if name == "with_ids.csv":
        (tmp_path / name).write_text(WITH_IDS, encoding="utf-8")
        return tmp_path / name
    return FIXTURES / name


def import_json(db: Path, path: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["import", str(path), "--db", str(db), "--json", *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    files: list[dict[str, Any]] = json.loads(result.stdout)["files"]
    assert len(files) == 1
    return files[0]


def import_table(db: Path, path: Path, *extra: str) -> tuple[dict[str, int], dict[str, Any]]:
    """The summary table's counts for the file, and its reason lines read back as numbers."""
    result = runner.invoke(app, ["import", str(path), "--db", str(db), *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    table = out.split("Import summary", 1)[1]  # a dry run shows its plan first
    rows = [line for line in table.splitlines() if line.startswith("│")]
    assert len(rows) == 1, out
    cells = [c.strip() for c in rows[0].strip("│").split("│")]
    headings = ("records", "new", "duplicates", "skipped", "rejects")
    counts = {h: int(v.replace(",", "")) for h, v in zip(headings, cells[2:7], strict=True)}
    reasons: dict[str, Any] = {}
    # Rich wraps at the terminal width (200 here): a reason line is one line of its own.
    for key in ("skipped", "duplicates"):
        found = [line for line in out.splitlines() if line.startswith(f"{path.name}: {key}: ")]
        assert len(found) <= 1, out
        if found:
            text = found[0].removeprefix(f"{path.name}: {key}: ")
            parts = [re.fullmatch(r"([\d,]+) (.+)", part) for part in text.split("; ")]
            assert all(parts), text
            reasons[key] = {m[2]: int(m[1].replace(",", "")) for m in parts if m}
    return counts, reasons


def explained(summary: dict[str, Any]) -> None:
    reasons = summary["reasons"]
    assert sum(reasons["skipped"].values()) == summary["skipped"]
    assert sum(reasons["duplicates"].values()) == summary["duplicates"]
    assert sum(reasons["rejects"].values()) == summary["rejects"]
    changed = reasons["rejects"].get(REJECT_CHANGED, 0)
    kept_apart = summary["imported"] + summary["duplicates"] + summary["skipped"] + changed
    assert summary["records"] == kept_apart


@pytest.mark.parametrize("name", SHAPES)
def test_every_skipped_and_duplicate_count_is_explained_in_json(
    name: str, tmp_path: Path, db_path: Path
) -> None:
    path = shape(name, tmp_path)
    dry = import_json(db_path, path, "--dry-run")
    explained(dry)
    assert dry["status"] == "dry-run"
    first = import_json(db_path, path)
    explained(first)
    # The dry run counts what the import then does, duplicates too.
    assert _counted(dry) == _counted(first)
    assert DUPLICATE_STORED not in first["reasons"]["duplicates"]
    dry_again = import_json(db_path, path, "--dry-run")
    again = import_json(db_path, path)
    explained(again)
    assert again["imported"] == 0
    assert again["reasons"]["skipped"] == first["reasons"]["skipped"]
    # Now every copy, the file's own repeats too, is a copy of what the first import stored.
    stored = first["imported"] + first["duplicates"]
    assert again["reasons"]["duplicates"] == {DUPLICATE_STORED: stored}
    assert _counted(dry_again) == _counted(again)


def _counted(summary: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("records", "imported", "duplicates", "skipped", "rejects", "reasons")
    return tuple(summary[key] for key in keys)


@pytest.mark.parametrize("name", SHAPES)
def test_every_skipped_and_duplicate_count_is_explained_in_the_summary(
    name: str, tmp_path: Path, db_path: Path
) -> None:
    path = shape(name, tmp_path)
    for extra in (("--dry-run",), (), ()):
        counts, reasons = import_table(db_path, path, *extra)
        for key in ("skipped", "duplicates"):
            assert sum(reasons.get(key, {}).values()) == counts[key], (extra, key, reasons)


def test_the_reasons_of_each_shape(tmp_path: Path, db_path: Path) -> None:
    got = {
        name: import_json(db_path, shape(name, tmp_path))["reasons"]
        for name in ("chatwoot.csv", "zendesk_tickets.csv", "qualtrics.csv")
    }
    assert got["chatwoot.csv"]["skipped"] == {SKIP_FOOTER: 1}
    assert got["zendesk_tickets.csv"]["skipped"] == {SKIP_OFFERED: 1, SKIP_UNOFFERED: 1}
    assert got["qualtrics.csv"]["skipped"] == {"survey preview": 1}
    readme = import_json(db_path, shape("responses.csv", tmp_path))
    assert readme["reasons"]["duplicates"] == {DUPLICATE_NO_ID: 1}
    ids = import_json(db_path, shape("with_ids.csv", tmp_path))
    assert ids["reasons"]["duplicates"] == {DUPLICATE_SAME_ID: 1}
    assert ids["reasons"]["rejects"] == {
        REJECT_CHANGED: 1,
        "cell or row not read (reasons in rejects)": 1,
    }
    assert (
        "id 'R_2' (line 5) appears twice in this file with a different comment, csat:"
        " the first one stays"
    ) in ids["messages"]


def test_a_changed_copy_of_a_stored_response_is_named(tmp_path: Path, db_path: Path) -> None:
    path = shape("with_ids.csv", tmp_path)
    import_json(db_path, path)
    path.write_text(WITH_IDS.replace("R_3,2026-10-03,9,", "R_3,2026-10-04,3,"), encoding="utf-8")
    named = (
        "id 'R_3' (line 6) already stored with a different submitted_at, csat: the stored one stays"
    )
    dry = import_json(db_path, path, "--dry-run")
    assert named in dry["messages"]
    again = import_json(db_path, path)
    assert named in again["messages"]
    assert _counted(dry) == _counted(again)
    assert dry["reasons"]["rejects"][REJECT_CHANGED] == 2


def test_skip_labels_are_short_and_the_details_are_in_the_messages(
    tmp_path: Path, db_path: Path
) -> None:
    # A Qualtrics export with a preview (Status "Survey Preview") and a test (Status 2).
    text = (FIXTURES / "qualtrics.csv").read_text("utf-8-sig")
    lines = text.splitlines(keepends=True)
    test_row = lines[3].replace("IP Address", "2", 1).replace("R_1aaaaaaaaaaaaaa", "R_9test")
    path = tmp_path / "qualtrics.csv"
    path.write_text("".join([*lines, test_row]), encoding="utf-8")
    summary = import_json(db_path, path)
    assert summary["reasons"]["skipped"] == {"survey preview": 1, "survey test": 1}
    assert (
        "1 left out as survey preview: a Qualtrics preview response (Status Survey Preview)"
        in (summary["messages"])
    )
    assert (
        "1 left out as survey test: a Qualtrics test response (Status 2)" in (summary["messages"])
    )
    zendesk = import_json(db_path, FIXTURES / "zendesk_tickets.csv")
    assert zendesk["reasons"]["skipped"] == {"offered, not answered": 1, "never offered": 1}
    assert any("counted toward the response rate" in m for m in zendesk["messages"])


def test_footer_lines_are_counted_from_the_importer_not_from_its_notes(
    tmp_path: Path, db_path: Path
) -> None:
    # Two footer lines: each is a record read and skipped, in a dry run and an import alike,
    # and the count comes from the importer's tally (OpenedFile.left_out).
    text = (FIXTURES / "chatwoot.csv").read_text("utf-8-sig")
    path = tmp_path / "chatwoot.csv"
    path.write_text(text + "Reporting period 2026-11-01 to 2026-11-30\n", encoding="utf-8")
    with open_file(path, ImportOptions()) as opened:
        records = sum(isinstance(item, Record) for item in opened)
        assert opened.left_out == {SKIP_FOOTER: 2}
    dry = import_json(db_path, path, "--dry-run")
    done = import_json(db_path, path)
    for summary in (dry, done):
        assert summary["reasons"]["skipped"] == {SKIP_FOOTER: 2}
        assert summary["records"] == records + 2
        explained(summary)

"""The CLI as a newcomer meets it: a store path with no store, wrong input, tables that
say what their numbers are, history that says what each action did, and the README's
JSON contract matching what the commands print."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.store.db import open_store
from tests.helpers import record, write

runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(db_path: Path) -> str:
    with open_store(db_path) as store:
        write(
            store,
            [
                record(1, 2, respondent="ann", comment="bad", at="2026-10-01T10:00:00Z"),
                record(2, None, respondent="ann", comment="worse", at="2026-10-02T10:00:00Z"),
                record(5, 10, respondent="bo", at="2026-10-03T11:00:00Z"),
            ],
        )
    return str(db_path)


# 1. A path with no store --------------------------------------------------------------

READERS = [
    ("scores",),
    ("responses",),
    ("export", "--format", "csv", "--output", "OUT"),
    ("customers",),
    ("followups",),
    ("history",),
    ("history", "1"),
    ("tags", "list"),
    ("views", "list"),
    ("views", "delete", "x"),
    ("hooks", "list"),
    ("check",),
    ("rejects",),
    ("themes",),
    ("tag", "1", "billing"),
    ("untag", "1", "billing"),
    ("followup", "1", "--owner", "kim"),
    ("triaged", "1"),
    ("undo",),
    ("scores", "--view", "mine"),
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_reading_command_on_no_store_says_so_and_creates_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    missing = tmp_path / "sub" / "none.db"
    args = tuple(str(tmp_path / "out.csv") if a == "OUT" else a for a in args)
    code, out, err = run(*args, "--db", str(missing))
    assert code == 1, err
    assert f"no store at {missing}" in err
    assert f"csat-tui import FILE --db {missing}" in err
    assert f"csat-tui demo --copy {missing}" in err
    assert out == ""
    assert not missing.exists() and not missing.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_store_named_before_the_command_is_checked_too(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, _, err = run("--db", str(missing), "scores")
    assert code == 1 and f"no store at {missing}" in err
    assert not missing.exists()


WRITERS = [
    ("views", "save", "lows", "--band", "low"),
    ("sent", "--count", "10", "--from", "2026-10-01", "--to", "2026-10-31"),
    ("hooks", "add", "alert", "--on", "low-score", "--run", "true"),
]


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_command_that_adds_to_a_store_creates_it(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "new.db"
    code, _, err = run(*args, "--db", str(path))
    assert code == 0, err
    assert path.exists()
    assert run("scores", "--db", str(path))[0] == 0


def test_import_creates_the_store(tmp_path: Path) -> None:
    source = tmp_path / "survey.csv"
    source.write_text("id,submitted_at,csat\nr1,2026-10-01T10:00:00Z,5\n", encoding="utf-8")
    path = tmp_path / "new.db"
    code, _, err = run("import", str(source), "--map", "csat=csat:1-5", "--db", str(path))
    assert code == 0, err
    assert path.exists()


# 2. A response that does not exist ----------------------------------------------------


def test_history_of_a_missing_response_fails_like_tag(db: str) -> None:
    tag_code, _, tag_err = run("tag", "999999", "x", "--db", db)
    code, out, err = run("history", "999999", "--db", db)
    assert (code, tag_code) == (1, 1)
    assert err == tag_err == "csat-tui: there is no response 999999\n"
    assert out == ""


def test_history_of_a_response_with_no_actions_is_empty_not_an_error(db: str) -> None:
    code, out, _ = run("history", "2", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out) == []


# 3. The scores table ------------------------------------------------------------------


def _scores_table(db: str, *args: str) -> str:
    code, out, err = run("scores", "--db", db, *args, env={"COLUMNS": "200"})
    assert code == 0, err
    return out


def _row(table: str, label: str) -> list[str]:
    line = next(x for x in table.splitlines() if x.split()[:1] == [label])
    return line.split()


def test_each_score_shows_the_answers_behind_it(db: str) -> None:
    # Three responses: three CSAT answers, two NPS, no CES.
    table = _scores_table(db)
    heading = " ".join(table.splitlines()[2:4])
    for word in ("responses", "CSAT", "NPS", "CES", "n"):
        assert word in heading.split()
    cells = _row(table, "all")
    # all | responses | CSAT n | CSAT % (CI) | mean | NPS n | NPS ±moe | CES n | …
    assert cells[1:3] == ["3", "3"]
    assert "2" in cells[5:7]


def test_the_dimmed_note_shows_only_when_something_is_dimmed(tmp_path: Path, db: str) -> None:
    assert "Dimmed: fewer than 30 answers" in _scores_table(db)
    big = tmp_path / "big.db"
    with open_store(big) as store:
        write(store, [record(4, 9, 6, at=f"2026-10-{1 + i % 28:02d}T10:00:00Z") for i in range(40)])
    assert "Dimmed" not in _scores_table(str(big))
    # A small group dims its row, and the note comes back.
    with open_store(big) as store:
        write(store, [record(5, touchpoint="tiny")], checksum="y")
    assert "Dimmed: fewer than 30 answers" in _scores_table(str(big), "--by", "touchpoint")


def test_the_scores_table_fits_80_columns_without_cutting_a_number(db: str) -> None:
    code, out, _ = run("scores", "--db", db, env={"COLUMNS": "80"})
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out


# 4. Usage errors in the product's words -----------------------------------------------

BAD = [
    (("history", "abc"), "ID must be a whole number"),
    (("tag", "abc", "billing"), "ID must be a whole number"),
    (("triaged", "1", "x"), "ID must be a whole number"),
    (("responses", "--limit", "x"), "--limit must be a whole number"),
    (("responses", "--limit", "0"), "--limit must be at least 1"),
    (("sent", "--count", "-1", "--from", "2026-10-01", "--to", "2026-10-02"),
     "--count must be at least 0"),
    (("scores", "--by", "planet"),
     "cannot break down by 'planet': use one of touchpoint, segment, channel, source, agent, "
     "team, day, week, month, or attribute:COLUMN"),
    (("followup", "1", "--status", "later"),
     "--status: 'later' is not one of open, in_progress, done, wont_do"),
    (("scores", "--since", "2026-13-01"), "--since: '2026-13-01' is not a date"),
    (("scores", "--until", "2026-02-30"), "--until: '2026-02-30' is not a date"),
    (("sent", "--count", "1", "--from", "x", "--to", "2026-10-02"), "--from: 'x' is not a date"),
    (("sent", "--count", "1", "--from", "2026-10-01", "--to", "y"), "--to: 'y' is not a date"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "words"), BAD, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_a_bad_value_is_a_usage_error_in_product_words(
    db: str, args: tuple[str, ...], words: str
) -> None:
    code, _, err = run(*args, "--db", db)
    assert code == 2, err
    said = " ".join(err.replace("│", " ").split())
    assert words in said
    for leak in ("Input should", "Value error", "unable to parse", "Invalid value for"):
        assert leak not in said


def test_a_missing_argument_keeps_its_clear_words(db: str) -> None:
    code, _, err = run("tag", "--db", db)
    assert code == 2 and "Missing argument 'ID'" in err


# 5. Customers -------------------------------------------------------------------------


def test_customers_table_speaks_words_and_never_cuts_an_email(tmp_path: Path) -> None:
    email = "maximilian.vandenberg-oosterhuis@customer-success.example.com"
    path = tmp_path / "c.db"
    with open_store(path) as store:
        write(
            store,
            [record(1, 2, respondent=email, at=f"2026-10-0{day}T10:00:00Z") for day in (1, 2, 3)],
        )
    code, out, err = run("customers", "--at-risk", "--db", str(path), env={"COLUMNS": "80"})
    assert code == 0, err
    assert email in out
    assert max(len(line) for line in out.splitlines()) <= 80
    _, out, _ = run("customers", "--at-risk", "--db", str(path), env={"COLUMNS": "120"})
    heading = out.splitlines()[2].split()
    assert heading == ["customer", "risk", "last", "CSAT", "NPS", "last", "seen", "responses"]
    assert f"{email} immediate 1/5 1/5 1/5 2 2026-10-03 3" in " ".join(out.split())
    for raw in ("respondent", "last_csat", "latest_nps", "last_response_at", "tier", "T10:"):
        assert raw not in out
    # JSON keeps the keys scripts rely on.
    _, out, _ = run("customers", "--at-risk", "--db", str(path), "--format", "json")
    assert set(json.loads(out)[0]) == {
        "respondent", "tier", "last_csat", "latest_nps", "last_response_at", "responses"
    }  # fmt: skip


# 6. README's JSON contract ------------------------------------------------------------


def _contract() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("### JSON contract") :]


def test_readme_names_every_key_import_json_prints(tmp_path: Path) -> None:
    source = tmp_path / "survey.csv"
    source.write_text(
        "id,submitted_at,csat,ordered\nr1,2026-10-01T10:00:00Z,5,2026-09-30\n", encoding="utf-8"
    )
    code, out, err = run(
        "import", str(source), "--map", "csat=csat:1-5", "--map", "ordered=date",
        "--db", str(tmp_path / "s.db"), "--json",
    )  # fmt: skip
    assert code == 0, err
    entry = json.loads(out)["files"][0]
    contract = _contract()
    for key in entry:
        assert f'"{key}"' in contract, key
    assert entry["columns"]["ordered"] == "date"
    assert "`date`" in contract


def test_readme_names_every_key_scores_json_prints(db: str) -> None:
    assert run("sent", "--count", "10", "--from", "2026-10-01", "--to", "2026-10-31",
               "--db", db)[0] == 0  # fmt: skip
    _, out, _ = run("scores", "--db", db, "--format", "json")
    report = json.loads(out)
    contract = _contract()
    keys = set(report) | set(report["response_rate"])
    for metric in ("csat", "nps", "ces"):
        keys |= set(report[metric])
    for key in keys:
        assert f'"{key}"' in contract, key


def test_readme_names_every_key_history_json_prints(db: str) -> None:
    run("tag", "1", "billing", "--db", db)
    run("followup", "1", "--owner", "kim", "--db", db)
    run("triaged", "1", "--db", db)
    run("tags", "rename", "billing", "bills", "--db", db)
    run("undo", "--db", db)
    _, out, _ = run("history", "--db", db, "--format", "json")
    contract = _contract()
    keys: set[str] = set()
    for entry in json.loads(out):
        keys |= set(entry) | set(entry["changes"])
        for change in entry["changes"].get("responses", []) + entry["changes"].get("tags", []):
            keys |= set(change)
    for key in keys:
        assert f'"{key}"' in contract, key


# 7. History says what each action did -------------------------------------------------


def test_history_table_says_what_each_action_changed(db: str) -> None:
    for args in (
        ("tag", "1", "billing", "refund"),
        ("untag", "1", "refund"),
        ("followup", "1", "--owner", "kim", "--due", "2026-12-01", "--note", "call back"),
        ("followup", "1", "--status", "done", "--owner", "ana"),
        ("triaged", "1", "2"),
        ("undo",),
        ("tags", "rename", "billing", "bills"),
    ):
        assert run(*args, "--db", db, "--user", "sam")[0] == 0, args
    code, out, _ = run("history", "--db", db, env={"COLUMNS": "200"})
    assert code == 0
    said = " ".join(out.split())
    for words in (
        "renamed the tag billing → bills",
        "undid #5: untriaged: back in the queue",
        "marked triaged",
        "changed the follow-up: status open → done, owner kim → ana",
        "opened a follow-up: status open, owner kim, due 2026-12-01, note 'call back'",
        "removed the tag refund",
        "added the tags billing, refund",
    ):
        assert words in said, words
    # One response's history tells only what happened to it.
    _, out, _ = run("history", "2", "--db", db, env={"COLUMNS": "200"})
    assert "follow-up" not in out and "marked triaged" in " ".join(out.split())


def test_history_json_has_each_field_before_and_after(db: str) -> None:
    run("followup", "1", "--owner", "kim", "--db", db)
    run("followup", "1", "--owner", "ana", "--status", "in_progress", "--db", db)
    run("tag", "1", "billing", "--db", db)
    _, out, _ = run("history", "--db", db, "--format", "json")
    tagged, changed, opened = json.loads(out)
    assert tagged["changes"] == {
        "responses": [
            {"response_id": 1, "tags_added": ["billing"], "tags_removed": [], "followup": {},
             "triaged": None},
        ]
    }  # fmt: skip
    assert changed["changes"]["responses"][0]["followup"] == {
        "status": {"before": "open", "after": "in_progress"},
        "owner": {"before": "kim", "after": "ana"},
    }
    assert opened["changes"]["responses"][0]["followup"] == {
        "status": {"before": None, "after": "open"},
        "owner": {"before": None, "after": "kim"},
    }


def test_history_shows_hostile_tag_names_as_text(db: str) -> None:
    hostile = "x\x1b]52;c;eA==\x07y"
    assert run("tag", "1", hostile, "--db", db)[0] == 0
    _, out, _ = run("history", "--db", db, env={"COLUMNS": "200"})
    assert "\x1b" not in out and "\x07" not in out
    assert "x␛]52;c;eA==␇y" in out
    _, out, _ = run("history", "--db", db, "--format", "json")
    assert "\x1b" not in out and "\\u001b" in out
    assert json.loads(out)[0]["changes"]["responses"][0]["tags_added"] == [hostile]


def test_every_history_line_goes_through_the_output_module() -> None:
    source = (Path(__file__).resolve().parents[2] / "src/csat_tui/cli/triage_lists.py").read_text(
        encoding="utf-8"
    )
    assert not re.search(r"\b(print|typer\.echo|sys\.stdout\.write)\(", source)

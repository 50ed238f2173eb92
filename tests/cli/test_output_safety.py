"""Stored text never reaches a terminal as control bytes, and the store keeps it exactly.

A real store holds hostile comments, touchpoints, names, tags and views; every command
that prints them is run and its output (stdout and stderr) searched for C0, DEL and C1
controls. JSON must give the exact text back; CSV keeps the bytes for a pipe and shows
them on a terminal (a real pseudo-terminal, in a subprocess).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import csat_tui
from csat_tui.cli import output
from csat_tui.cli.main import app
from csat_tui.store.db import open_store
from tests.helpers import record, write

OSC52 = "\x1b]52;c;eA==\x07"
"""Writes to the clipboard of many terminals."""
CSI8 = "\x9b2J"
"""8-bit CSI: clears the screen on a terminal that reads C1 controls."""
COMMENT = f"refund {OSC52} now{CSI8} and\x07 \u202eevil"
TOUCHPOINT = "bill\x1b[31ming"
RESPONDENT = "eve\x1b]0;pwned\x07"
ACTOR = "mallory\x9b1;1H"
TAG = OSC52
VIEW = "lows\x1b[2J"

CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""What must not reach a terminal: C0 (newline aside), DEL and C1."""

runner = CliRunner()
SRC = str(Path(csat_tui.__file__).resolve().parents[1])


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def db(db_path: Path) -> str:
    with open_store(db_path) as store:
        write(
            store,
            [
                record(1, 0, respondent=RESPONDENT, touchpoint=TOUCHPOINT, comment=COMMENT,
                       at="2026-10-01T10:00:00Z"),
                record(1, 2, respondent=RESPONDENT, touchpoint=TOUCHPOINT,
                       comment=f"=HYPERLINK(\"x\"){CSI8}", at="2026-10-02T10:00:00Z"),
                record(2, 1, respondent=RESPONDENT, touchpoint=TOUCHPOINT, comment="slow refund",
                       at="2026-10-03T10:00:00Z"),
                record(5, 10, respondent="bo", touchpoint="web", comment="fine",
                       at="2026-10-03T11:00:00Z"),
            ],
        )  # fmt: skip
    path = str(db_path)
    assert run("tag", "2", "billing", "--db", path)[0] == 0
    assert run("tag", "1", TAG, "--db", path, "--user", ACTOR)[0] == 0
    assert (
        run("followup", "1", "--owner", ACTOR, "--note", OSC52, "--db", path, "--user", ACTOR)[0]
        == 0
    )
    assert run("views", "save", VIEW, "--touchpoint", TOUCHPOINT, "--db", path)[0] == 0
    return path


def assert_no_control(text: str) -> None:
    found = CONTROL.findall(text)
    assert not found, f"raw control characters {found!r} in {text!r}"


CONFIRMATIONS = [
    (("tag", "2", TAG), "tagged 2: ␛]52;c;eA==␇"),
    (("untag", "1", TAG), "untagged 1: ␛]52;c;eA==␇"),
    (("undo",), "by mallory\\x9b1;1H"),
    (("tags", "rename", TAG, "x\x1b[2J"), "renamed ␛]52;c;eA==␇ to x␛[2J"),
    (("tags", "merge", TAG, "billing"), "merged ␛]52;c;eA==␇ into billing"),
    (("tags", "delete", TAG), "deleted ␛]52;c;eA==␇"),
    (("views", "save", "v\x9b1m", "--search", "re\x1bfund"), "saved view 'v\\x9b1m'"),
    (("views", "delete", VIEW), "deleted view 'lows\\x1b[2J'"),
    (("triaged", "1"), "marked triaged: 1"),
]


@pytest.mark.parametrize(("args", "shown"), CONFIRMATIONS, ids=lambda a: str(a)[:20])
def test_confirmations_show_controls_visibly(db: str, args: tuple[str, ...], shown: str) -> None:
    code, out = run(*args, "--db", db)
    assert code == 0, out
    assert shown in out
    assert_no_control(out)


def test_the_store_keeps_the_tag_exactly(db: str) -> None:
    _, out = run("tags", "list", "--db", db, "--format", "json")
    assert sorted(t["tag"] for t in json.loads(out)) == sorted([TAG, "billing"])
    _, out = run("history", "--db", db, "--format", "json")
    assert ACTOR in {e["actor"] for e in json.loads(out)}


READERS = [
    ("responses",),
    ("responses", "--format", "json"),
    ("responses", "--format", "jsonl"),
    ("responses", "--touchpoint", TOUCHPOINT),
    ("scores", "--by", "touchpoint"),
    ("scores", "--by", "touchpoint", "--format", "json"),
    ("scores", "--touchpoint", TOUCHPOINT, "--format", "json"),
    ("followups",),
    ("followups", "--format", "json"),
    ("customers", "--at-risk"),
    ("customers", "--at-risk", "--format", "json"),
    ("history",),
    ("history", "--format", "json"),
    ("tags", "list"),
    ("tags", "list", "--format", "json"),
    ("views", "list"),
    ("views", "list", "--json"),
    ("themes", "--min-comments", "1"),
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_tables_and_json_carry_no_control_bytes(db: str, args: tuple[str, ...]) -> None:
    code, out = run(*args, "--db", db)
    assert code == 0, out
    assert_no_control(out)
    assert out.strip()


def test_tables_show_what_was_neutralised(db: str) -> None:
    _, out = run("responses", "--db", db)
    assert "␛]52;c;eA==␇" in out and "\\x9b2J" in out and "<U+202E>" in out
    _, out = run("history", "--db", db)
    assert "mallory\\x9b1;1H" in out
    _, out = run("customers", "--at-risk", "--db", db)
    assert "eve␛]0;pwned␇" in out


def test_json_escapes_every_control_and_round_trips(db: str) -> None:
    _, out = run("responses", "--format", "json", "--db", db)
    assert "\\u009b" in out and "\\u001b" in out
    rows = json.loads(out)
    assert COMMENT in [r["comment"] for r in rows]
    assert {r["touchpoint"] for r in rows} == {TOUCHPOINT, "web"}
    _, out = run("responses", "--format", "jsonl", "--db", db)
    assert COMMENT in [json.loads(line)["comment"] for line in out.splitlines()]
    _, out = run("followups", "--format", "json", "--db", db)
    assert json.loads(out)[0]["owner"] == ACTOR and json.loads(out)[0]["note"] == OSC52
    _, out = run("views", "list", "--json", "--db", db)
    assert json.loads(out)[0]["name"] == VIEW


def test_csv_to_a_pipe_keeps_the_bytes_and_is_formula_safe(db: str) -> None:
    _, out = run("responses", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out)))
    comments = [r["comment"] for r in rows]
    assert COMMENT in comments
    assert f'\'=HYPERLINK("x"){CSI8}' in comments
    _, out = run("scores", "--by", "touchpoint", "--format", "csv", "--db", db)
    assert TOUCHPOINT in [r["key"] for r in csv.DictReader(io.StringIO(out))]


def test_csv_meant_for_a_terminal_shows_controls(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    for args in (
        ("responses", "--format", "csv"),
        ("scores", "--by", "touchpoint", "--format", "csv"),
        ("followups", "--format", "csv"),
        ("history", "--format", "csv"),
    ):
        code, out = run(*args, "--db", db)
        assert code == 0
        assert_no_control(out.replace("\r\n", "\n"))
    _, out = run("responses", "--format", "csv", "--db", db)
    comments = [r["comment"] for r in csv.DictReader(io.StringIO(out))]
    assert "refund ␛]52;c;eA==␇ now\\x9b2J and␇ <U+202E>evil" in comments
    assert '\'=HYPERLINK("x")\\x9b2J' in comments


def test_export_names_a_hostile_file_name_visibly(db: str, tmp_path: Path) -> None:
    target = tmp_path / "out\x1b[2J.jsonl"
    code, out = run("export", "--format", "jsonl", "-o", str(target), "--db", db)
    assert code == 0
    assert "out␛[2J.jsonl" in out
    assert_no_control(out)
    assert COMMENT in [json.loads(x)["comment"] for x in target.read_text("utf-8").splitlines()]


def test_fail_shows_controls_visibly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as raised:
        output.fail(f"no tag named {OSC52}")
    assert raised.value.exit_code == 1
    err = capsys.readouterr().err
    assert err == "csat-tui: no tag named ␛]52;c;eA==␇\n"


def test_store_errors_show_names_from_other_users_visibly(db: str) -> None:
    code, out = run("responses", "--view", "nosuch", "--db", db)
    assert code == 1
    assert "lows␛[2J" in out
    assert_no_control(out)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, "TERM": "xterm-256color", "NO_COLOR": "1"}


def test_tag_in_a_real_process_writes_no_escape(db: str) -> None:
    """`csat-tui tag 1 "$(printf '\\e]52;c;eA==\\a')" | cat -v` shows no `^[`."""
    done = subprocess.run(
        [sys.executable, "-m", "csat_tui", "tag", "1", OSC52, "--db", db],
        capture_output=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout + done.stderr
    assert "tagged 1: ␛]52;c;eA==␇" in done.stderr.decode("utf-8")


def run_on_terminal(*args: str) -> str:
    """Run the CLI with stdout on a pseudo-terminal; what the terminal received."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "csat_tui", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    os.close(follower)
    received = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    return received.decode("utf-8")


def test_csv_and_json_on_a_real_terminal(db: str) -> None:
    shown = run_on_terminal("responses", "--format", "csv", "--db", db)
    assert "refund ␛]52;c;eA==␇ now\\x9b2J" in shown
    assert_no_control(re.sub("\r+\n", "\n", shown))
    shown = run_on_terminal("responses", "--format", "json", "--db", db)
    assert "\\u009b" in shown
    assert_no_control(re.sub("\r+\n", "\n", shown))


def test_a_table_on_a_real_terminal_carries_no_hostile_sequence(db: str) -> None:
    shown = run_on_terminal("responses", "--db", db)
    assert "␛]52;c;eA==␇" in shown
    # Rich may style the table with its own CSI sequences; none of the stored ones get out.
    assert "\x1b]" not in shown and "\x9b" not in shown and "\x07" not in shown


PRINTING = re.compile(
    r"\btyper\.echo\(|\bjson\.dumps\(|\bsys\.stdout\b|\bcsv\.writer\(|(?<![.\w])print\("
)
"""Ways to write output that bypass `csat_tui.cli.output`."""
NOT_YET = {
    "main.py": "prints only the version",
}


def test_every_cli_module_prints_through_output() -> None:
    cli = Path(csat_tui.__file__).parent / "cli"
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(cli.glob("*.py"))
        if path.name != "output.py" and path.name not in NOT_YET
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if PRINTING.search(line)
    ]
    assert offenders == []

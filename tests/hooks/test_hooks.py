"""Hooks on new low scores: fired once per new low response, recorded, never harming the import."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csat_tui.cli.main import app
from csat_tui.filters import Filter
from csat_tui.importers.model import ImportOptions
from csat_tui.scoring.scales import band
from csat_tui.services import hooks
from csat_tui.services.importing import import_file
from csat_tui.store.browse import iter_export
from csat_tui.store.db import Store, open_store
from csat_tui.store.hooks import STDERR_TAIL, done_imports_after, low_response_ids, payloads
from tests.helpers import record, write
from tests.hooks.conftest import FIVE_LOW_IDS, Recording, export, python_command

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def import_and_fire(store: Store, path: Path) -> hooks.HookSummary:
    """What the lead wires after every import: import a file, then fire for what it added."""
    mark = hooks.import_mark(store)
    report = import_file(store, path, ImportOptions())
    assert report.status == "imported", report.messages
    return hooks.fire_for_imports(store, hooks.imports_since(store, mark, path))


def test_a_recording_hook_fires_once_per_new_low_response(
    store: Store, five: Path, recording: Recording
) -> None:
    hooks.add(store, "rec", run=recording.command)
    summary = import_and_fire(store, five)
    calls = recording.calls()
    assert sorted(c["external_id"] for c in calls) == sorted(FIVE_LOW_IDS)
    assert summary.responses == 3 and len(summary.runs) == 3 and summary.failed == 0
    # The same shape as `responses --format json`, plus the low answers.
    code, out, _ = invoke("responses", "--db", str(store.path), "--format", "json")
    assert code == 0
    listed = {row["id"]: row for row in json.loads(out)}
    for call in calls:
        low = call.pop("low")
        assert call == listed[call["id"]]
        assert low and all(band(a["metric"], a["scale"], a["score"]) == "low" for a in low)
    detractor = next(c for c in recording.calls() if c["external_id"] == "a3")
    assert detractor["low"] == [
        {"metric": "nps", "question": "How likely are you to recommend us?", "score": 3,
         "scale": "0-10"}
    ]  # fmt: skip

    again = import_and_fire(store, five)
    assert again.runs == [] and again.responses == 0
    assert len(recording.calls()) == 3


def test_payloads_have_the_export_shape(store: Store) -> None:
    write(store, [record(1, 2, 3, comment="bad", touchpoint="billing"), record(5, 10)])
    ids = [r for r, _ in low_response_ids(store, [1])]
    assert len(ids) == 1
    (payload,) = payloads(store, ids)
    low = payload.pop("low")
    exported = next(r for r in iter_export(store, Filter()) if r["id"] == ids[0])
    assert payload == exported
    assert [a["metric"] for a in low] == ["csat", "nps", "ces"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1, 5)),
            st.one_of(st.none(), st.integers(0, 10)),
            st.one_of(st.none(), st.integers(1, 7)),
        ).filter(lambda t: t != (None, None, None)),
        min_size=1,
        max_size=12,
    )
)
def test_low_responses_follow_the_scoring_rule(
    tmp_path: Path, answers: list[tuple[int | None, int | None, int | None]]
) -> None:
    path = tmp_path / f"prop-{time.monotonic_ns()}.db"
    with open_store(path) as store:
        write(store, [record(c, n, e) for c, n, e in answers])
        found = [r for r, _ in low_response_ids(store, [1])]
    expected = [
        i
        for i, (c, n, e) in enumerate(answers, 1)
        if (c is not None and band("csat", "1-5", c) == "low")
        or (n is not None and band("nps", "0-10", n) == "low")
        or (e is not None and band("ces", "1-7", e) == "low")
    ]
    assert found == expected


def test_failing_hanging_and_missing_hooks_leave_the_import_committed(
    store: Store, tmp_path: Path, recording: Recording
) -> None:
    path = export(tmp_path, "one-low.csv", [("x1", 1, 9, "awful"), ("x2", 5, 10, "great")])
    hooks.add(
        store, "exits3", run=python_command("import sys; sys.stderr.write('boom'); sys.exit(3)")
    )
    # `sleep` runs as a child of the shell: the whole group must be killed, not just the shell.
    hooks.add(store, "hangs", run="sleep 30; echo never", timeout=1)
    hooks.add(store, "missing", run="csat-tui-no-such-command --flag")
    hooks.add(store, "rec", run=recording.command)
    started = time.monotonic()
    summary = import_and_fire(store, path)
    assert time.monotonic() - started < 10
    assert store.conn.execute("SELECT count(*) FROM responses").fetchone()[0] == 2
    assert len(recording.calls()) == 1
    assert summary.failed == 3
    message = summary.message()
    assert message is not None and "3 of 4 runs failed" in message

    code, out, _ = invoke("hooks", "log", "--db", str(store.path), "--format", "json")
    assert code == 0
    runs = {r["hook"]: r for r in json.loads(out)}
    assert (runs["exits3"]["status"], runs["exits3"]["exit_code"]) == ("failed", 3)
    assert runs["exits3"]["stderr_tail"] == "boom"
    assert runs["hangs"]["status"] == "timeout"
    assert 0.9 < runs["hangs"]["duration"] < 5
    assert "killed after 1 s" in runs["hangs"]["stderr_tail"]
    assert (runs["missing"]["status"], runs["missing"]["exit_code"]) == ("failed", 127)
    assert runs["rec"]["status"] == "ok"
    assert {r["response_id"] for r in runs.values()} == {1}

    code, out, _ = invoke("hooks", "log", "--db", str(store.path))
    assert code == 0
    for text in ("exits3", "failed (exit 3)", "timed out", "exit 127", "boom"):
        assert text in out


def test_the_response_is_never_put_on_the_command_line(store: Store, tmp_path: Path) -> None:
    hostile = "$(touch PWNED) `touch PWNED2`; touch PWNED3"
    path = export(tmp_path, "hostile.csv", [("h1", 1, 0, hostile)])
    out = tmp_path / "stdin.json"
    hooks.add(store, "cat", run=f"cd {tmp_path} && cat > {out}")
    import_and_fire(store, path)
    assert json.loads(out.read_text("utf-8"))["comment"] == hostile
    assert not list(tmp_path.glob("PWNED*"))


def test_the_stderr_tail_is_bounded(store: Store, tmp_path: Path) -> None:
    path = export(tmp_path, "one.csv", [("s1", 1, 0, "")])
    code = "import sys; sys.stderr.write('x' * 200_000 + 'THE END'); sys.exit(1)"
    hooks.add(store, "noisy", run=python_command(code))
    (run,) = import_and_fire(store, path).runs
    assert len(run.stderr_tail) <= STDERR_TAIL
    assert run.stderr_tail.endswith("THE END")


def test_no_hooks_means_nothing_runs(store: Store, five: Path) -> None:
    summary = import_and_fire(store, five)
    assert (summary.runs, summary.message()) == ([], None)
    assert hooks.fire_for_imports(store, []).runs == []


def test_fire_for_imports_opens_a_path(db_path: Path, five: Path, recording: Recording) -> None:
    with open_store(db_path) as store:
        hooks.add(store, "rec", run=recording.command)
        report = import_file(store, five, ImportOptions())
        ids = done_imports_after(store, 0)
    assert report.imported == 5
    summary = hooks.fire_for_imports(db_path, ids)
    assert summary.responses == 3 and len(recording.calls()) == 3
    missing = hooks.fire_for_imports(db_path.parent / "nowhere" / "x.db", ids)
    assert missing.runs == []


# --- the CLI ---------------------------------------------------------------------------------


def test_hooks_add_list_remove(db_path: Path) -> None:
    db = ("--db", str(db_path))
    assert (
        invoke("hooks", "add", "alert", "--on", "low-score", "--run", "cat >/dev/null", *db)[0] == 0
    )
    code, _, err = invoke(
        "hooks", "add", "chat", "--post", "http://127.0.0.1:9/hook", "--timeout", "5", *db
    )
    assert code == 0 and "posts to http://127.0.0.1:9/hook" in err
    code, out, _ = invoke("hooks", "list", "--format", "json", *db)
    listed = json.loads(out)
    assert [h["name"] for h in listed] == ["alert", "chat"]
    assert listed[0]["run"] == "cat >/dev/null" and listed[1]["post"] == "http://127.0.0.1:9/hook"
    assert listed[1]["timeout"] == 5.0
    code, out, _ = invoke("hooks", "list", *db)
    assert code == 0 and "alert" in out and "run: cat >/dev/null" in out

    code, _, err = invoke("hooks", "add", "alert", "--run", "true", *db)
    assert code == 2 and "exists" in err
    assert invoke("hooks", "remove", "alert", *db)[0] == 0
    code, _, err = invoke("hooks", "remove", "alert", *db)
    assert code == 1 and "no hook named 'alert'" in err
    code, out, _ = invoke("hooks", "list", "--format", "json", *db)
    assert [h["name"] for h in json.loads(out)] == ["chat"]


@pytest.mark.parametrize(
    "args",
    [
        ("ok", "--run", "true", "--post", "http://x"),
        ("ok",),
        ("bad name!", "--run", "true"),
        ("ok", "--post", "ftp://example.com/x"),
        ("ok", "--run", "true", "--timeout", "0"),
        ("ok", "--on", "high-score", "--run", "true"),
    ],
)
def test_hooks_add_refuses_bad_input_with_a_usage_error(
    db_path: Path, args: tuple[str, ...]
) -> None:
    code, _, err = invoke("hooks", "add", *args, "--db", str(db_path))
    assert code == 2
    assert "Traceback" not in err


def test_hooks_test_uses_the_latest_low_response_or_a_sample(
    db_path: Path, five: Path, recording: Recording
) -> None:
    db = ("--db", str(db_path))
    invoke("hooks", "add", "rec", "--run", recording.command, *db)
    code, _, err = invoke("hooks", "test", "rec", *db)
    assert code == 0 and "a sample response" in err
    assert recording.calls()[0]["source"] == "sample" and recording.calls()[0]["low"]
    code, _, err = invoke("import", str(five), *db)
    assert code == 0 and "hooks: 1 hook ran for 3 new low-score responses" in err
    assert len(recording.calls()) == 1 + 3  # `csat-tui import` fires for what it added
    assert invoke("import", str(five), *db)[0] == 0
    assert len(recording.calls()) == 1 + 3  # importing again adds nothing, fires nothing
    code, _, err = invoke("hooks", "test", "rec", *db)
    assert code == 0 and "ok (exit 0)" in err
    assert recording.calls()[-1]["external_id"] == "a3"  # the newest low response
    invoke("hooks", "add", "fails", "--run", "exit 4", *db)
    code, _, err = invoke("hooks", "test", "fails", *db)
    assert code == 1 and "failed (exit 4)" in err
    assert invoke("hooks", "test", "nope", *db)[0] == 1
    code, out, _ = invoke("hooks", "log", "--limit", "2", "--format", "json", *db)
    assert [r["hook"] for r in json.loads(out)] == ["fails", "rec"]


def test_terminal_output_is_sanitised(db_path: Path) -> None:
    db = ("--db", str(db_path))
    command = "printf '\x1b]0;owned\x07\x1b[31mred' >&2; exit 1"
    invoke("hooks", "add", "esc", "--run", command, *db)
    for args in (("hooks", "list"), ("hooks", "test", "esc"), ("hooks", "log")):
        result = runner.invoke(app, [*args, *db])
        assert "\x1b" not in result.stdout + result.stderr, args
    code, out, _ = invoke("hooks", "log", *db)
    assert code == 0 and "␛[31mred" in out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie waiting for its reaper has ended


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_timed_out_hook_leaves_nothing_running(store: Store, tmp_path: Path) -> None:
    path = export(tmp_path, "one.csv", [("k1", 1, 0, "")])
    pid_file = tmp_path / "child.pid"
    hooks.add(store, "hangs", run=f"sleep 30 & echo $! > {pid_file}; wait", timeout=2)
    (run,) = import_and_fire(store, path).runs
    assert run.status == "timeout"
    pid = int(pid_file.read_text())
    # SIGKILL is delivered asynchronously: allow a busy machine a moment, polling.
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(pid)


def test_a_long_history_fires_only_the_newest_up_to_the_limit(
    store: Store, tmp_path: Path, recording: Recording, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [(f"h{n}", 1, 9, f"late {n}") for n in range(12)] + [("ok", 5, 10, "fine")]
    path = export(tmp_path, "history.csv", rows)
    hooks.add(store, "rec", run=recording.command)
    monkeypatch.setenv(hooks.LIMIT_ENV, "5")
    summary = import_and_fire(store, path)
    calls = recording.calls()
    # The export dates row n on day n + 1: the newest five low ones are h7 … h11.
    assert sorted(c["external_id"] for c in calls) == sorted(f"h{n}" for n in range(7, 12))
    assert summary.responses == 5 and summary.held_back == 7
    line = summary.message()
    assert line is not None and "7 older low-score responses not sent" in line
    assert hooks.LIMIT_ENV in line


def test_a_limit_of_zero_sends_nothing_and_says_so(
    store: Store, five: Path, recording: Recording
) -> None:
    hooks.add(store, "rec", run=recording.command)
    mark = hooks.import_mark(store)
    assert import_file(store, five, ImportOptions()).status == "imported"
    summary = hooks.fire_for_imports(store, hooks.imports_since(store, mark, five), limit=0)
    assert recording.calls() == [] and summary.held_back == 3
    assert summary.message() == (
        "hooks: 3 older low-score responses not sent (at most 0 per import run, the newest;"
        " $CSAT_TUI_HOOK_LIMIT changes it)"
    )


@pytest.mark.parametrize(("raw", "expected"), [("", 100), ("7", 7), ("-1", 100), ("x", 100)])
def test_the_limit_comes_from_the_environment(
    raw: str, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(hooks.LIMIT_ENV, raw)
    assert hooks.hook_limit() == expected

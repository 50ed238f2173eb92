"""Hooks on new low scores: a command or a webhook run once for each low response an import adds.

The one call the rest of the app needs is `fire_for_imports(store_or_path, import_ids)`, made
after an import has committed:

    mark = hooks.import_mark(store)
    report = import_file(store, path, options)
    summary = hooks.fire_for_imports(store, hooks.imports_since(store, mark, path))
    if line := summary.message(): ...  # one line for the terminal or a notice
 A hook that fails, hangs or is missing never raises here: every
run is recorded in `hook_runs`, and the summary says how many failed.

A command runs through the shell (it is the user's own command line) with the response as
JSON on stdin; nothing from the response is ever put on the command line. A webhook gets the
same JSON in a POST, tried up to `WEBHOOK_TRIES` times on a server error or a network error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from csat_tui import __version__
from csat_tui.errors import CsatError, NotFoundError
from csat_tui.store.browse import EXPORT_COLUMNS
from csat_tui.store.db import Store, open_store
from csat_tui.store.hooks import (
    STDERR_TAIL,
    add_hook,
    done_imports_after,
    get_hook,
    last_import_id,
    latest_low_response_id,
    list_hooks,
    low_response_ids,
    newest_first,
    payloads,
    recent_runs,
    record_runs,
    remove_hook,
)
from csat_tui.store.hooks import Hook as Hook  # re-exported for the CLI and the TUI
from csat_tui.store.hooks import HookRun as HookRun

Event = Literal["low-score"]
EVENTS: tuple[Event, ...] = ("low-score",)

DEFAULT_TIMEOUT = 30.0
"""Seconds a command may run, or a webhook may take per try, before it is given up."""

WEBHOOK_TRIES = 3
"""Tries of a webhook on a 5xx, 429 or network error."""

WEBHOOK_BACKOFF = 1.0
"""Seconds before the second try; doubled before each further one."""

LIMIT_ENV = "CSAT_TUI_HOOK_LIMIT"
DEFAULT_LIMIT = 100
"""Low-score responses the hooks run for after one import (or one watch pass), at most.

The first import of a long history can add thousands of low scores that are not news; past
the limit the newest ones are sent and the rest are counted and said, never silently dropped.
"""

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

Sleep = Callable[[float], None]


class HookError(CsatError):
    """A hook cannot be added: a bad name, URL or timeout, or the name is taken."""

    title = "Hook error"


@dataclass
class HookSummary:
    """What firing the hooks after an import did."""

    responses: int = 0
    """New low-score responses the hooks were fired for."""
    held_back: int = 0
    """New low-score responses past the limit: not sent (the import added more than the limit)."""
    limit: int = DEFAULT_LIMIT
    runs: list[HookRun] = field(default_factory=list)
    error: str | None = None
    """Why the hooks could not be fired at all (the store could not be read), if so."""

    @property
    def failed(self) -> int:
        """Runs that did not succeed."""
        return sum(r.status != "ok" for r in self.runs)

    def message(self) -> str | None:
        """One line for the terminal or a notice; None when no hook ran."""
        if self.error:
            return f"hooks were not run: {self.error}"
        held = (
            f"{self.held_back} older low-score response{'s' * (self.held_back != 1)} not sent"
            f" (at most {self.limit} per import run, the newest; ${LIMIT_ENV} changes it)"
        )
        if not self.runs:
            return f"hooks: {held}" if self.held_back else None
        held = f"; {held}" if self.held_back else ""
        hooks = len({r.hook for r in self.runs})
        line = (
            f"hooks: {hooks} hook{'s' * (hooks != 1)} ran for {self.responses} new low-score "
            f"response{'s' * (self.responses != 1)}"
        )
        if self.failed:
            line += f"; {self.failed} of {len(self.runs)} runs failed (see: csat-tui hooks log)"
        return line + held


def now_iso() -> str:
    """The current time, UTC, as the log stores it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- managing hooks --------------------------------------------------------------------------


def add(
    store: Store,
    name: str,
    *,
    event: str = "low-score",
    run: str | None = None,
    post: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Hook:
    """Save a hook that runs a command (`run`) or posts to a URL (`post`); HookError if bad."""
    if not _NAME.fullmatch(name):
        raise HookError(
            f"{name!r} is not a hook name: use up to 64 letters, digits, '-', '_' or '.'"
        )
    if event not in EVENTS:
        raise HookError(f"unknown event {event!r}: use one of {', '.join(EVENTS)}")
    if (run is None) == (post is None):
        raise HookError("give a hook either --run 'COMMAND' or --post URL")
    if not timeout > 0:
        raise HookError(f"--timeout {timeout}: give a number of seconds above 0")
    if run is not None:
        if not run.strip():
            raise HookError("--run: the command is empty")
        kind, target = "run", run
    else:
        assert post is not None
        if not re.fullmatch(r"https?://\S+", post):
            raise HookError(f"--post {post!r}: give an http:// or https:// URL")
        kind, target = "post", post
    hook = Hook(name, event, kind, target, float(timeout), now_iso())
    if not add_hook(store, hook):
        raise HookError(f"a hook named {name!r} exists; remove it first to replace it")
    return hook


def remove(store: Store, name: str) -> None:
    """Delete a hook; NotFoundError if there is none of that name. Its runs stay in the log."""
    if not remove_hook(store, name):
        raise NotFoundError(f"no hook named {name!r} (see: csat-tui hooks list)")


def all_hooks(store: Store) -> list[Hook]:
    """Every hook, by name."""
    return list_hooks(store)


def log(store: Store, limit: int = 20) -> list[HookRun]:
    """The latest hook runs, newest first."""
    return recent_runs(store, limit)


def sample_payload() -> dict[str, Any]:
    """A made-up low-score response, for `hooks test` on a store that has none."""
    payload: dict[str, Any] = dict.fromkeys(EXPORT_COLUMNS)
    payload.update(
        id=None,
        submitted_at=now_iso(),
        source="sample",
        external_id="sample",
        complete=True,
        csat=1,
        csat_scale="1-5",
        nps=2,
        tags=[],
        comment="This is a sample response from `csat-tui hooks test`.",
        attributes={},
    )
    payload["low"] = [
        {"metric": "csat", "question": "How satisfied were you?", "score": 1, "scale": "1-5"},
        {"metric": "nps", "question": "How likely are you to recommend us?", "score": 2,
         "scale": "0-10"},
    ]  # fmt: skip
    return payload


def try_hook(store: Store, name: str, *, sleep: Sleep = time.sleep) -> tuple[HookRun, bool]:
    """Run one hook now with the latest low-score response (or a sample when there is none).

    Returns the run (also recorded in the log) and whether a sample was used.
    """
    hook = get_hook(store, name)
    if hook is None:
        raise NotFoundError(f"no hook named {name!r} (see: csat-tui hooks list)")
    latest = latest_low_response_id(store)
    payload = next(payloads(store, [latest]), None) if latest is not None else None
    sample = payload is None
    run = run_hook(hook, payload or sample_payload(), import_id=None, sleep=sleep)
    record_runs(store, [run])
    return run, sample


# --- firing ----------------------------------------------------------------------------------


def import_mark(store: Store) -> int:
    """The latest import id now: take it before importing, then pass it to `imports_since`."""
    return last_import_id(store)


def imports_since(store: Store, mark: int, path: str | Path | None = None) -> list[int]:
    """The imports that committed after `mark` (of that file, if given): what to fire for."""
    return done_imports_after(store, mark, None if path is None else str(path))


def hook_limit() -> int:
    """The most low-score responses one import fires hooks for: $CSAT_TUI_HOOK_LIMIT, else 100."""
    raw = os.environ.get(LIMIT_ENV, "").strip()
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_LIMIT
    return value if value >= 0 else DEFAULT_LIMIT


def fire_for_imports(
    store: Store | str | Path,
    import_ids: Iterable[int],
    *,
    sleep: Sleep = time.sleep,
    limit: int | None = None,
) -> HookSummary:
    """Run every low-score hook once for each low-score response these imports added.

    At most `limit` responses (default `hook_limit()`), the newest submitted; the rest are
    counted in the summary's `held_back`. Call it after the imports have committed (a path
    opens the store for the call, so it can run in any thread). It never raises for a hook's
    failure; runs are recorded as they end.
    """
    ids = [int(i) for i in import_ids]
    cap = hook_limit() if limit is None else max(0, limit)
    if not ids:
        return HookSummary(limit=cap)
    if isinstance(store, Store):
        return _fire(store, ids, sleep, cap)
    try:
        with open_store(store) as opened:
            return _fire(opened, ids, sleep, cap)
    except CsatError as error:
        return HookSummary(error=str(error), limit=cap)


def _fire(store: Store, import_ids: list[int], sleep: Sleep, limit: int) -> HookSummary:
    summary = HookSummary(limit=limit)
    try:
        active = list_hooks(store, "low-score")
        if not active:
            return summary
        found = low_response_ids(store, import_ids)
        if len(found) > limit:
            kept = set(newest_first(store, [rid for rid, _ in found])[:limit])
            summary.held_back = len(found) - len(kept)
            found = [pair for pair in found if pair[0] in kept]
        summary.responses = len(found)
        import_of = dict(found)
        for payload in payloads(store, import_of):
            runs = [
                run_hook(hook, payload, import_id=import_of.get(payload["id"]), sleep=sleep)
                for hook in active
            ]
            record_runs(store, runs)
            summary.runs.extend(runs)
    except sqlite3.Error as error:
        summary.error = f"the store could not be read or written ({error})"
    return summary


def run_hook(
    hook: Hook, payload: dict[str, Any], *, import_id: int | None, sleep: Sleep = time.sleep
) -> HookRun:
    """Run one hook with one response; never raises (the run says what happened)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    response_id = payload.get("id")
    at = now_iso()
    started = time.monotonic()
    try:
        if hook.kind == "post":
            status, exit_code, http_status, attempts, tail = _post(hook, body, sleep)
        else:
            status, exit_code, tail = _run_command(hook, body, response_id)
            http_status, attempts = None, 1
    except Exception as error:  # a hook must never take the import down with it
        status, exit_code, http_status, attempts = "error", None, None, 1
        tail = f"{type(error).__name__}: {error}"
    return HookRun(
        hook=hook.name,
        response_id=response_id if isinstance(response_id, int) else None,
        import_id=import_id,
        at=at,
        status=status,
        exit_code=exit_code,
        http_status=http_status,
        attempts=attempts,
        stderr_tail=tail[-STDERR_TAIL:],
        duration=time.monotonic() - started,
    )


def _run_command(hook: Hook, body: bytes, response_id: object) -> tuple[str, int | None, str]:
    """Run the command with `body` on stdin; stderr goes to a file so only its tail is kept."""
    env = dict(os.environ, CSAT_TUI_HOOK=hook.name, CSAT_TUI_EVENT=hook.event)
    if isinstance(response_id, int):
        env["CSAT_TUI_RESPONSE_ID"] = str(response_id)
    with tempfile.TemporaryFile() as err:
        try:
            process = subprocess.Popen(
                hook.target,
                shell=True,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=err,
                env=env,
                start_new_session=os.name == "posix",
            )
        except OSError as error:
            return "error", None, f"could not start the command: {error}"
        status = "ok"
        try:
            process.communicate(body, timeout=hook.timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.wait()
            status = "timeout"
        except BaseException:  # Ctrl+C: leave nothing running behind us
            _kill(process)
            process.wait()
            raise
        code = process.returncode
        if status == "ok" and code != 0:
            status = "failed"
        tail = _tail(err)
        if status == "timeout":
            tail = (tail + "\n" if tail else "") + f"killed after {hook.timeout:g} s"
        return status, code, tail


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and everything it started (its own session on POSIX)."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()


def _tail(handle: Any) -> str:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - STDERR_TAIL * 2))
    text: str = handle.read().decode("utf-8", errors="replace")
    return text[-STDERR_TAIL:].rstrip()


def _post(hook: Hook, body: bytes, sleep: Sleep) -> tuple[str, int | None, int | None, int, str]:
    """POST the JSON, trying again on 5xx, 429 and network errors, with a doubling pause."""
    last_status: int | None = None
    last_error = ""
    for attempt in range(1, WEBHOOK_TRIES + 1):
        if attempt > 1:
            sleep(WEBHOOK_BACKOFF * 2 ** (attempt - 2))
        request = urllib.request.Request(
            hook.target,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": f"csat-tui/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=hook.timeout) as response:
                return "ok", None, int(response.status), attempt, ""
        except urllib.error.HTTPError as error:
            last_status = error.code
            last_error = f"HTTP {error.code} {error.reason}: {_read_error(error)}".rstrip(": ")
            if error.code < 500 and error.code != 429:
                return "failed", None, last_status, attempt, last_error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            last_status = None
            last_error = f"could not reach {hook.target}: {reason}"
    status = "failed" if last_status is not None else "error"
    return (
        status,
        None,
        last_status,
        WEBHOOK_TRIES,
        f"gave up after {WEBHOOK_TRIES} tries; " + (last_error),
    )


def _read_error(error: urllib.error.HTTPError) -> str:
    try:
        return error.read(STDERR_TAIL).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""

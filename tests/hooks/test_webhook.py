"""Webhooks: the JSON reaches a local HTTP server, a 500 is retried, then it gives up cleanly."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from csat_tui.services import hooks
from csat_tui.store.db import Store
from csat_tui.store.hooks import Hook
from tests.hooks.conftest import FIVE_LOW_IDS
from tests.hooks.test_hooks import import_and_fire


class Server:
    """A server on 127.0.0.1 that answers each POST with the next status in `statuses`."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.bodies: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                server.bodies.append(json.loads(self.rfile.read(length)))
                server.headers.append(dict(self.headers))
                status = server.statuses.pop(0) if len(server.statuses) > 1 else server.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"no")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def pauses() -> list[float]:
    return []


def run_post(url: str, pauses: list[float], timeout: float = 5) -> hooks.HookRun:
    hook = Hook("web", "low-score", "post", url, timeout, "2026-01-01T00:00:00Z")
    return hooks.run_hook(hook, {"id": 7, "comment": "slow"}, import_id=1, sleep=pauses.append)


def test_the_webhook_gets_each_new_low_response(store: Store, five: Path) -> None:
    with Server([204]) as server:
        hooks.add(store, "chat", post=server.url, timeout=5)
        summary = import_and_fire(store, five)
    assert summary.failed == 0 and len(summary.runs) == 3
    assert sorted(b["external_id"] for b in server.bodies) == sorted(FIVE_LOW_IDS)
    assert all(b["low"] for b in server.bodies)
    assert server.headers[0]["Content-Type"].startswith("application/json")
    assert {r.http_status for r in summary.runs} == {204}
    logged = hooks.log(store)
    assert [r.status for r in logged] == ["ok"] * 3


def test_a_500_is_retried(pauses: list[float]) -> None:
    with Server([500, 200]) as server:
        run = run_post(server.url, pauses)
    assert (run.status, run.http_status, run.attempts) == ("ok", 200, 2)
    assert len(server.bodies) == 2 and server.bodies[0] == server.bodies[1] == {
        "id": 7,
        "comment": "slow",
    }
    assert pauses == [hooks.WEBHOOK_BACKOFF]


def test_it_gives_up_after_its_tries(pauses: list[float]) -> None:
    with Server([500]) as server:
        run = run_post(server.url, pauses)
    assert (run.status, run.http_status, run.attempts) == ("failed", 500, hooks.WEBHOOK_TRIES)
    assert len(server.bodies) == hooks.WEBHOOK_TRIES
    assert pauses == [hooks.WEBHOOK_BACKOFF, 2 * hooks.WEBHOOK_BACKOFF]
    assert run.stderr_tail.startswith(f"gave up after {hooks.WEBHOOK_TRIES} tries; HTTP 500")


def test_a_client_error_is_not_retried(pauses: list[float]) -> None:
    with Server([404]) as server:
        run = run_post(server.url, pauses)
    assert (run.status, run.http_status, run.attempts) == ("failed", 404, 1)
    assert len(server.bodies) == 1 and pauses == []


def test_an_unreachable_server_is_an_error_after_its_tries(pauses: list[float]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        run = run_post(f"http://127.0.0.1:{port}/hook", pauses)
    assert (run.status, run.http_status, run.attempts) == ("error", None, hooks.WEBHOOK_TRIES)
    assert "could not reach" in run.stderr_tail


def test_a_silent_server_times_out(pauses: list[float]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()  # accepts the connection but never answers
        run = run_post(f"http://127.0.0.1:{sock.getsockname()[1]}/", pauses, timeout=0.3)
    assert run.status == "error" and run.attempts == hooks.WEBHOOK_TRIES
    assert run.duration < 5
    assert "timed out" in run.stderr_tail

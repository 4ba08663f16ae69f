"""Fixtures of the pipelines tests: a real HTTP server standing in for the telemetry
API, and pipelines with few trees so runs take a second or two."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pipelines.models import ReferencePipeline
from pipelines.services import setup
from tests.conftest import UNREACHABLE, World

FAST = {"max_iter": 40}
#: A later commit of the code than the checkout's: CI on every change shows only when the
#: code changes during the window (the 2026.2 CI rules ask for runs on 2 distinct commits).
NEXT_COMMIT = "0a1b2c3d4e5f"


@dataclass
class Collector:
    """Records every request; answers with the queued status codes, then 202."""

    url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    @property
    def events(self) -> list[dict[str, Any]]:
        return [e for r in self.requests for e in r["body"].get("events", [])]

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["type"] == kind]


@pytest.fixture
def collector(settings: Any) -> Iterator[Collector]:
    state = Collector()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            status = state.statuses.pop(0) if state.statuses else 202
            payload = (
                {"accepted": len(body.get("events", []))} if status < 300 else {"detail": "no"}
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(payload).encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.TELEMETRY_BASE_URL = state.url
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_queue(settings: Any) -> Iterator[str]:
    """A queue of this test's own, for workers it starts: a worker another test left
    running for the session must not take (or lose) this test's runs."""
    from mlops_site.celery import app

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous


@pytest.fixture
def next_commit(settings: Any) -> Callable[[], None]:
    """Call it to make the code move on to NEXT_COMMIT, as a team's code does between runs."""

    def land() -> None:
        settings.PIPELINES_CODE_VERSION = NEXT_COMMIT

    return land


def make_pipeline(team: Any, level: int, **kwargs: Any) -> ReferencePipeline:
    return setup.pipeline_create(
        team=team, level=level, params=dict(FAST), bootstrap=False, **kwargs
    )


@pytest.fixture
def level1(world: World, collector: Collector) -> ReferencePipeline:
    return make_pipeline(world.team, 1)


@pytest.fixture
def worker_env(
    request: pytest.FixtureRequest, settings: Any, collector: Collector, private_queue: str,
    tmp_path: Path,
) -> Path:  # fmt: skip
    """For tests that start their own workers: a short lease, so work a killed worker
    left can be taken over within seconds; returns the folder for their logs."""
    problems = request.config.stash.get(UNREACHABLE, [])
    if problems:
        pytest.skip("configured services unreachable: " + "; ".join(problems))
    settings.JOBS_LEASE_S = 3
    return tmp_path

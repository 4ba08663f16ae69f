"""POST /api/v1/events through a real gunicorn: large bodies, and overlapping batches
sent at the same moment by many clients."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from telemetry.models import Event
from tests.conftest import World
from tests.telemetry.helpers import event, issue
from tests.webserver import Server, gunicorn

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MIB = 1024 * 1024


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    with gunicorn(tmp_path / "gunicorn.log") as running:
        yield running


def _headers(world: World) -> dict[str, str]:
    secret = issue(world.org).secret
    return {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}


def _batch_of_size(size: int) -> bytes:
    """1000 events whose JSON is `size` bytes long, padded in an unchecked attribute."""
    events = [event("ci_run", n) for n in range(1000)]
    bare = len(json.dumps({"events": [e | {"attributes": {**e["attributes"], "pad": ""}}
                                      for e in events]}))  # fmt: skip
    pad, extra = divmod(size - bare, len(events))
    for n, body in enumerate(events):
        body["attributes"] = {**body["attributes"], "pad": "x" * (pad + (n < extra))}
    raw = json.dumps({"events": events}).encode()
    assert len(raw) == size
    return raw


@pytest.mark.parametrize("size", [3 * MIB, int(9.9 * MIB)])
def test_a_batch_up_to_the_telemetry_limit_is_accepted(world, server, size):
    status, body, _ = server.post("/api/v1/events", _batch_of_size(size), _headers(world))
    assert status == 202, body[:500]
    assert json.loads(body) == {"accepted": 1000, "duplicates": 0}
    assert Event.objects.count() == 1000


def test_a_body_over_the_telemetry_limit_gets_a_json_413(world, server):
    status, body, content_type = server.post(
        "/api/v1/events", _batch_of_size(11 * MIB), _headers(world)
    )
    assert status == 413, body[:500]
    assert content_type == "application/json"
    assert "larger than" in json.loads(body)["detail"]
    assert Event.objects.count() == 0


def test_overlapping_batches_sent_together_are_each_stored_once(world, server):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite lets one writer in at a time")
    headers, rng = _headers(world), random.Random(11)
    pool = [event("ci_run", n) for n in range(400)]
    answers: list[tuple[int, dict[str, int]]] = []
    for _ in range(12):
        bodies = [json.dumps({"events": rng.sample(pool, 120)}).encode() for _ in range(8)]
        ready = threading.Barrier(len(bodies))

        def client(body: bytes, ready: threading.Barrier = ready) -> None:
            ready.wait()
            status, answer, _ = server.post("/api/v1/events", body, headers)
            answers.append((status, json.loads(answer) if status < 500 else {}))

        threads = [threading.Thread(target=client, args=(body,)) for body in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [status for status, _ in answers] == [202] * 96
    assert all(a["accepted"] + a["duplicates"] == 120 for _, a in answers)
    stored = Event.objects.count()
    assert sum(a["accepted"] for _, a in answers) == stored
    assert stored == len({e["event_id"] for e in pool}) == 400

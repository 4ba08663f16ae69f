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
from tests.web import gunicorn, http

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MIB = 1024 * 1024


@pytest.fixture
def events_url(tmp_path: Path) -> Iterator[str]:
    with gunicorn(tmp_path / "gunicorn.log") as base:
        yield f"{base}/api/v1/events"


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
def test_a_batch_up_to_the_telemetry_limit_is_accepted(world, events_url, size):
    answer = http(events_url, data=_batch_of_size(size), headers=_headers(world), timeout=120)
    assert answer.status == 202, answer.body[:500]
    assert json.loads(answer.body) == {"accepted": 1000, "duplicates": 0}
    assert Event.objects.count() == 1000


def test_a_body_over_the_telemetry_limit_gets_a_json_413(world, events_url):
    body = _batch_of_size(11 * MIB)
    answer = http(events_url, data=body, headers=_headers(world), timeout=120)
    assert answer.status == 413, answer.body[:500]
    assert "larger than" in json.loads(answer.body)["detail"]
    assert Event.objects.count() == 0


def test_overlapping_batches_sent_together_are_each_stored_once(world, events_url):
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
            answer = http(events_url, data=body, headers=headers, timeout=120)
            answers.append((answer.status, json.loads(answer.body) if answer.status < 500 else {}))

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

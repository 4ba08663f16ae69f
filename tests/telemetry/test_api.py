"""POST /api/v1/events: what a pipeline sees for good and bad input; nothing stored on error."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from telemetry import services as telemetry
from telemetry import store
from telemetry.contract import EVENT_TYPES
from telemetry.models import Event
from tenancy.services.tokens import token_revoke
from tests.conftest import World
from tests.telemetry.helpers import event, issue, send


@pytest.fixture
def secret(world: World) -> str:
    return issue(world.org).secret


def test_one_event_is_accepted_and_stored_with_its_envelope(world, secret):
    response = send(secret, event("deployment", model="fraud-clf"))
    assert response.status_code == 202
    assert response.json() == {"accepted": 1, "duplicates": 0}
    stored = Event.objects.get()
    assert (stored.team, stored.organization, stored.type) == (world.team, world.org, "deployment")
    assert stored.model_name == "fraud-clf"
    assert stored.environment == "production"
    assert stored.attributes["strategy"] == "canary"


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_event_type_of_the_contract_is_accepted(world, secret, event_type):
    assert send(secret, event(event_type)).status_code == 202
    assert Event.objects.filter(type=event_type).count() == 1


def test_a_batch_of_a_thousand_events_is_stored_in_a_fixed_number_of_queries(world, secret):
    batch = {"events": [event("ci_run", n) for n in range(1000)]}
    with CaptureQueriesContext(connection) as queries:
        response = send(secret, batch)
    assert response.json() == {"accepted": 1000, "duplicates": 0}
    assert Event.objects.count() == 1000
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    # token, last used, teams, savepoint pair: never one query per event.
    assert len(queries) - len(inserts) <= 6
    # New events are stored without first reading which ids are stored already.
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if "body_hash" in sql]
    # One INSERT on PostgreSQL; SQLite caps the parameters of one statement.
    assert len(inserts) <= (1 if connection.vendor == "postgresql" else 15)


def test_replaying_the_same_batch_three_times_stores_it_once(world, secret):
    batch = {"events": [event("ci_run", n) for n in range(5)]}
    answers = [send(secret, batch).json() for _ in range(3)]
    assert answers == [
        {"accepted": 5, "duplicates": 0},
        {"accepted": 0, "duplicates": 5},
        {"accepted": 0, "duplicates": 5},
    ]
    assert Event.objects.count() == 5


def test_the_same_event_twice_in_one_batch_is_stored_once(world, secret):
    response = send(secret, {"events": [event(), event()]})
    assert response.json() == {"accepted": 1, "duplicates": 1}


def test_a_resend_with_another_timestamp_spelling_is_still_a_duplicate(world, secret):
    send(secret, event(occurred_at="2026-05-04T10:30:00Z"))
    response = send(secret, event(occurred_at="2026-05-04T12:30:00+02:00"))
    assert response.json() == {"accepted": 0, "duplicates": 1}


def test_a_known_id_with_another_body_is_a_conflict_and_stores_nothing(world, secret):
    send(secret, event())
    changed = event(attributes={"status": "failed"})
    response = send(secret, {"events": [event("ci_run", 9), changed]})
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {
            "index": 1,
            "field": "event_id",
            "code": "conflict",
            "message": "event_id 'training_run-0001' is already used by an event with another body",
        }
    ]
    assert Event.objects.count() == 1


def test_the_same_id_in_two_teams_is_two_events(world, secret):
    send(secret, event(team="fraud"))
    response = send(secret, event(team="search", attributes={"status": "failed"}))
    assert response.json() == {"accepted": 1, "duplicates": 0}


def test_a_batch_with_one_bad_event_stores_nothing_and_names_index_and_field(world, secret):
    bad = event("ci_run", 3, attributes={"scope": "model", "status": "green"})
    response = send(secret, {"events": [event("ci_run", 1), event("ci_run", 2), bad]})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "1 of 3 events were refused; nothing was stored."
    assert body["errors"] == [
        {
            "index": 2,
            "field": "attributes.status",
            "code": "invalid",
            "message": "must be one of passed, failed, got 'green'",
        }
    ]
    assert not Event.objects.exists()


BAD_EVENTS = [
    ({"type": "coffee_break"}, "type"),
    ({"type": 7}, "type"),
    ({"occurred_at": "2026-05-04 10:30"}, "occurred_at"),
    ({"occurred_at": "2026-05-04T10:30:00"}, "occurred_at"),
    ({"occurred_at": "2026-02-30T10:30:00Z"}, "occurred_at"),
    ({"occurred_at": 1714818600}, "occurred_at"),
    ({"event_id": 12}, "event_id"),
    ({"event_id": "x" * 129}, "event_id"),
    ({"event_id": ""}, "event_id"),
    ({"team": ["fraud"]}, "team"),
    ({"model": ""}, "model"),
    ({"actor_type": "robot"}, "actor_type"),
    ({"attributes": []}, "attributes"),
    ({"attributes": {"status": "succeeded", "duration_s": "long"}}, "attributes.duration_s"),
    ({"attributes": {"status": "succeeded", "params": [1]}}, "attributes.params"),
    ({"attributes": {"status": "succeeded", "metrics": {"x": "\u0000"}}}, "attributes"),
    ({"attributes": {"status": "succeeded", "blob": "x" * 70_000}}, "attributes"),
    ({"attributes": {}}, "attributes.status"),
    ({"colour": "blue"}, "colour"),
    ({"event_id": "\ud800"}, "event_id"),
    ({"attributes": {"status": "succeeded", "note": "\udfff"}}, "attributes"),
]


@pytest.mark.parametrize(("change", "field"), BAD_EVENTS, ids=lambda v: str(v)[:40])
def test_a_bad_event_gets_a_400_naming_the_field_and_nothing_is_stored(
    world, secret, change, field
):
    response = send(
        secret, {"events": [event("training_run", 1), event("training_run", 2, **change)]}
    )
    assert response.status_code == 400, response.content
    assert {(e["index"], e["field"]) for e in response.json()["errors"]} == {(1, field)}
    assert not Event.objects.exists()


def test_unknown_extra_attributes_are_kept_as_sent(world, secret):
    attributes = {"status": "succeeded", "gpu": {"count": 4, "kind": "a100"}}
    send(secret, event(attributes=attributes))
    assert Event.objects.get().attributes == attributes


def test_model_is_required_for_model_related_types(world, secret):
    body = event("deployment")
    del body["model"]
    response = send(secret, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "model"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ([], ""),
        ("event", ""),
        ({"events": {}}, "events"),
        ({"events": []}, "events"),
        ({"events": [{}] * 1001}, "events"),
        ({"events": [], "team": "fraud"}, "team"),
    ],
    ids=["list", "string", "events-object", "empty", "too-many", "extra-key"],
)
def test_a_body_of_the_wrong_shape_gets_a_400_with_no_index(world, secret, payload, field):
    response = send(secret, payload)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "index": None,
            "field": field,
            "code": "invalid",
            "message": response.json()["errors"][0]["message"],
        }
    ]


@pytest.mark.parametrize(
    "raw", [b"{not json", b'{"event_id": NaN}', b"\xff\xfe", b"[" * 100_000], ids=str
)
def test_a_body_that_is_not_json_gets_a_400(world, secret, raw):
    response = send(secret, None, raw=raw)
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@override_settings(TELEMETRY_MAX_REQUEST_BYTES=2048)
def test_a_body_over_the_size_limit_gets_a_413(world, secret):
    response = send(secret, {"events": [event("ci_run", n) for n in range(20)]})
    assert response.status_code == 413
    assert "larger than 2048 bytes" in response.json()["detail"]
    assert not Event.objects.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024, TELEMETRY_MAX_REQUEST_BYTES=64 * 1024)
def test_the_events_endpoint_takes_bodies_over_the_limit_of_other_pages(world, secret):
    batch = {"events": [event("ci_run", n) for n in range(20)]}
    assert 1024 < len(json.dumps(batch)) < 64 * 1024
    response = send(secret, batch)
    assert response.status_code == 202, response.content
    assert response.json() == {"accepted": 20, "duplicates": 0}


def test_team_is_required_unless_the_token_is_limited_to_one(world, secret):
    body = event()
    del body["team"]
    assert send(secret, body).json()["errors"][0]["field"] == "team"
    limited = issue(world.org, world.team).secret
    assert send(limited, body).status_code == 202
    assert Event.objects.get().team == world.team


def test_a_team_limited_token_cannot_send_for_another_team(world):
    limited = issue(world.org, world.team).secret
    response = send(limited, event(team="search"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "forbidden_team"
    assert not Event.objects.exists()


def test_a_team_of_another_organisation_is_simply_unknown(world, secret):
    response = send(secret, event(team=world.foreign_team.slug))
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("team", "unknown_team")
    assert not Event.objects.exists()


def test_a_missing_token_gets_a_401_that_names_the_scheme(world):
    response = send(None, event())
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer a b", "Bearer not-a-token", "Bearer mm_00000000_" + "0" * 64]
)
def test_a_malformed_or_unknown_token_gets_a_401(world, header):
    response = send(None, event(), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert not Event.objects.exists()


def test_a_revoked_token_gets_a_401_that_says_so(world):
    issued = issue(world.org)
    token_revoke(token=issued.token)
    response = send(issued.secret, event())
    assert response.status_code == 401
    assert "was revoked" in response.json()["detail"]
    assert not Event.objects.exists()


def test_a_logged_in_person_without_a_token_cannot_send_events(world, client):
    client.force_login(world.admin)
    response = client.post("/api/v1/events", data=event(), content_type="application/json")
    assert response.status_code == 401


@override_settings(TELEMETRY_RATE_PER_MINUTE=2)
def test_a_token_over_its_rate_gets_a_429_until_the_next_minute(world, secret):
    from unittest import mock

    from django.core.cache import cache

    from tenancy.token_store import RateCounter

    cache.clear()
    clock = [1_800_000_000.0 + 15]  # 15 s into a minute
    with mock.patch.object(RateCounter, "timer", staticmethod(lambda: clock[0])):
        codes = [send(secret, event("ci_run", n)).status_code for n in range(3)]
        assert codes == [202, 202, 429]
        refused = send(secret, event("ci_run", 3))
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert Event.objects.count() == 2
        other = issue(world.org, name="other").secret
        assert send(other, event("ci_run", 9)).status_code == 202
        clock[0] += 45
        assert send(secret, event("ci_run", 3)).status_code == 202
    cache.clear()


@pytest.fixture
def shared_cache(settings):
    """The default cache in Redis, as with CACHE_URL, when the suite's broker is Redis."""
    from mlops_site.env import cache_from_url

    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs Redis: run with CELERY_BROKER_URL=redis://... as CI does")
    config = cache_from_url(settings.CELERY_BROKER_URL) | {"KEY_PREFIX": uuid.uuid4().hex}
    with override_settings(CACHES={"default": config}):
        yield config


@override_settings(TELEMETRY_RATE_PER_MINUTE=2)
def test_with_a_shared_cache_all_web_processes_count_against_one_limit(world, shared_cache):
    from unittest import mock

    from django.core.cache.backends.redis import RedisCache

    from tenancy.token_store import RateCounter

    issued = issue(world.org)
    minute = 30_000_000
    with mock.patch.object(RateCounter, "timer", staticmethod(lambda: minute * 60.0)):
        assert send(issued.secret, event("ci_run", 0)).status_code == 202
        # Another web process: its own connection to the same Redis sees the count.
        other_process = RedisCache(
            shared_cache["LOCATION"], {"KEY_PREFIX": shared_cache["KEY_PREFIX"]}
        )
        key = f"throttle:telemetry:{issued.token.pk}:{minute}"
        assert other_process.get(key) == 1
        other_process.incr(key)
        assert send(issued.secret, event("ci_run", 1)).status_code == 429
    # A counter the increment made anew (its key expired between check and increment)
    # gets an expiry too, so no counter outlives its minute for long.
    import redis

    raw = redis.Redis.from_url(shared_cache["LOCATION"])
    later = minute + 5
    key = f"throttle:telemetry:{issued.token.pk}:{later}"
    other_process.set(key, 0, timeout=None)
    assert raw.ttl(other_process.make_key(key)) == -1  # no expiry
    with mock.patch.object(RateCounter, "timer", staticmethod(lambda: later * 60.0)):
        assert send(issued.secret, event("ci_run", 2)).status_code == 202
    assert 0 < raw.ttl(other_process.make_key(key)) <= 120


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        }
    },
    TELEMETRY_RATE_PER_MINUTE=1,
)
def test_events_are_still_accepted_when_the_shared_cache_is_down(
    world, secret, caplog, monkeypatch
):
    from tenancy.token_store import RateCounter

    clock = [1_800_000_000.0]
    monkeypatch.setattr(RateCounter, "timer", staticmethod(lambda: clock[0]))
    monkeypatch.setattr(RateCounter, "cache_down_until", 0.0)
    codes = [send(secret, event("ci_run", n)).status_code for n in range(3)]
    assert codes == [202, 202, 202]
    assert Event.objects.count() == 3
    # One warning, and the cache left alone for a while instead of asked per request.
    assert caplog.text.count("rate limits not checked for 10 s") == 1
    clock[0] += 11
    assert send(secret, event("ci_run", 3)).status_code == 202
    assert caplog.text.count("rate limits not checked for 10 s") == 2


def test_an_id_stored_by_a_concurrent_request_after_our_check_becomes_a_duplicate(world, secret):
    from unittest import mock

    from telemetry import services as telemetry

    send(secret, event("ci_run", 0))
    real = store.stored_hashes
    calls = []

    def blind_first_time(*args):
        calls.append(1)
        return {} if len(calls) == 1 else real(*args)

    # A batch above SMALL_BATCH is inserted in bulk and meets the stored id; then the
    # stored ids are read (blind the first time, as if another request stored it just
    # after the reading), the insert meets it again, and the next reading counts it as
    # a duplicate.
    batch = {"events": [event("ci_run", n) for n in range(telemetry.SMALL_BATCH + 10)]}
    with mock.patch.object(store, "stored_hashes", side_effect=blind_first_time):
        response = send(secret, batch)
    assert response.json() == {"accepted": telemetry.SMALL_BATCH + 9, "duplicates": 1}
    assert len(calls) == 2
    assert Event.objects.count() == telemetry.SMALL_BATCH + 10


@pytest.mark.django_db(transaction=True)
def test_two_requests_sending_the_same_ids_in_opposite_orders_both_succeed(world):
    import threading
    from unittest import mock

    from django.db import connections

    secret = issue(world.org).secret
    events = [event("ci_run", n) for n in range(1000)]
    bodies = [{"events": events}, {"events": events[::-1]}]
    answers: list[tuple[int, dict[str, int]]] = []
    # Both requests reach their insert before either starts it, as under real load.
    # (SQLite lets one writer in at a time, from the start of its transaction: there the
    # second request waits for the first, and no lock order is needed.)
    both_ready = threading.Barrier(len(bodies), timeout=30)
    first_insert = threading.local()
    real_insert = store.copy_new

    def insert_together(*args):
        if connection.vendor == "postgresql" and not getattr(first_insert, "done", False):
            first_insert.done = True
            both_ready.wait()
        return real_insert(*args)

    def client(body: dict[str, object]) -> None:
        try:
            response = send(secret, body)
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    with mock.patch.object(store, "copy_new", side_effect=insert_together):
        threads = [threading.Thread(target=client, args=(body,)) for body in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    # Each waits for the other's ids in the same order, so neither is ended as a deadlock.
    assert sorted(code for code, _ in answers) == [202, 202]
    assert sum(answer["accepted"] for _, answer in answers) == 1000
    assert sum(answer["duplicates"] for _, answer in answers) == 1000
    assert Event.objects.count() == 1000


@pytest.mark.parametrize("size", [1, 10, 200])
def test_small_and_large_batches_count_resends_and_refuse_conflicts_alike(world, secret, size):
    first = {"events": [event("ci_run", n) for n in range(size)]}
    assert send(secret, first).json() == {"accepted": size, "duplicates": 0}
    mixed = {"events": [*first["events"], event("ci_run", size)]}
    assert send(secret, mixed).json() == {"accepted": 1, "duplicates": size}
    changed = {"events": [event("ci_run", size + 1), event("ci_run", 0, pipeline="other")]}
    response = send(secret, changed)
    assert response.status_code == 409
    assert [(e["index"], e["code"]) for e in response.json()["errors"]] == [(1, "conflict")]
    assert Event.objects.count() == size + 1
    # The same in a batch large enough to be copied in bulk: the copy meets the stored id.
    new = [event("ci_run", n) for n in range(size + 2, size + 2 + telemetry.SMALL_BATCH)]
    large = {"events": [*new, event("ci_run", 0, pipeline="other")]}
    response = send(secret, large)
    assert response.status_code == 409
    errors = [(e["index"], e["code"]) for e in response.json()["errors"]]
    assert errors == [(telemetry.SMALL_BATCH, "conflict")]
    assert Event.objects.count() == size + 1


@pytest.mark.parametrize("size", [1, telemetry.SMALL_BATCH + 1])
def test_tabs_newlines_and_backslashes_are_stored_exactly_as_sent(world, secret, size):
    awkward = "a\tb\nc\rd\\e \\N é😀"
    batch = {
        "events": [
            event("training_run", n, pipeline=awkward, run_id=f"{awkward}{n}")
            | {"attributes": {"status": "succeeded", "note": awkward, "n": n}}
            for n in range(size)
        ]
    }
    assert send(secret, batch).json() == {"accepted": size, "duplicates": 0}
    stored = Event.objects.order_by("id").first()
    assert stored is not None
    assert (stored.pipeline, stored.run_id) == (awkward, f"{awkward}0")
    assert stored.attributes == {"status": "succeeded", "note": awkward, "n": 0}
    # And a resend is recognised from the stored hash.
    assert send(secret, batch).json() == {"accepted": 0, "duplicates": size}

"""The telemetry sender against a real HTTP server: batches, token, retries, failures."""

from __future__ import annotations

from pipelines.telemetry_client import MAX_BATCH, TelemetryClient

EVENT = {"event_id": "e1", "type": "ci_run", "occurred_at": "2026-01-01T00:00:00+00:00"}


def _client(url: str, **kwargs) -> TelemetryClient:
    return TelemetryClient(url, "secret-token", sleep=lambda s: None, **kwargs)


def test_events_go_to_the_public_endpoint_with_the_bearer_token(collector):
    (delivery,) = _client(collector.url).send([EVENT])
    assert delivery.sent
    assert delivery.status_code == 202
    request = collector.requests[0]
    assert request["path"] == "/api/v1/events"
    assert request["headers"]["Authorization"] == "Bearer secret-token"
    assert request["body"] == {"events": [EVENT]}


def test_more_events_than_a_batch_holds_are_split_into_batches(collector):
    events = [{**EVENT, "event_id": f"e{i}"} for i in range(MAX_BATCH + 5)]
    deliveries = _client(collector.url).send(events)
    assert [len(r["body"]["events"]) for r in collector.requests] == [MAX_BATCH, 5]
    assert all(d.sent for d in deliveries)


def test_a_server_error_is_retried_with_backoff_until_it_passes(collector):
    collector.statuses = [503, 500]
    waits: list[float] = []
    client = TelemetryClient(collector.url, "t", sleep=waits.append, backoff_s=0.5)
    (delivery,) = client.send([EVENT])
    assert delivery.sent
    assert delivery.attempts == 3
    assert waits == [0.5, 1.0]


def test_a_rejected_batch_is_not_retried_and_says_why(collector):
    collector.statuses = [400]
    (delivery,) = _client(collector.url).send([EVENT])
    assert not delivery.sent
    assert delivery.attempts == 1
    assert "HTTP 400" in delivery.error


def test_an_unreachable_api_is_a_recorded_failure_not_an_exception():
    (delivery,) = _client("http://127.0.0.1:9", retries=2, timeout_s=1).send([EVENT])
    assert not delivery.sent
    assert delivery.status_code is None
    assert delivery.attempts == 2
    assert delivery.error

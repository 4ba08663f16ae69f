"""Values a hostile or careless client sends that are valid JSON or valid-looking times
but that no database or clock can hold: refused with a 400 that names the field."""

from __future__ import annotations

import json

import pytest

from telemetry.models import Event
from tests.telemetry.helpers import event, issue, send

EDGE_TIMES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


def _refused_fields(world, body: bytes) -> list[str]:
    response = send(issue(world.org).secret, None, raw=body)
    assert response.status_code == 400, response.content
    assert Event.objects.count() == 0
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize("literal", ["1e999", "-1e999"])
def test_a_number_too_large_for_a_float_in_attributes_is_refused(world, literal):
    body = json.dumps(event("training_run") | {"attributes": {"status": "succeeded", "x": 0}})
    body = body.replace('"x": 0', f'"x": {literal}')
    assert _refused_fields(world, body.encode()) == ["attributes"]


@pytest.mark.parametrize("when", EDGE_TIMES)
def test_an_event_time_whose_utc_date_is_out_of_range_is_refused(world, when):
    body = json.dumps(event("training_run", occurred_at=when)).encode()
    assert _refused_fields(world, body) == ["occurred_at"]


@pytest.mark.parametrize("when", EDGE_TIMES)
def test_a_step_time_whose_utc_date_is_out_of_range_is_refused(world, when):
    step = {"name": "train", "kind": "training", "started_at": when}
    body = event("pipeline_run") | {"attributes": {"status": "succeeded", "steps": [step]}}
    assert _refused_fields(world, json.dumps(body).encode()) == ["attributes.steps[0].started_at"]


def test_the_earliest_and_latest_times_that_fit_in_utc_are_stored(world):
    times = ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]
    batch = {"events": [event("ci_run", n, occurred_at=t) for n, t in enumerate(times)]}
    response = send(issue(world.org).secret, batch)
    assert response.json() == {"accepted": 2, "duplicates": 0}
    stored = sorted(Event.objects.values_list("occurred_at", flat=True))
    assert [t.year for t in stored] == [1, 9999]

"""Generated envelopes and attributes, valid and not: the endpoint never answers 5xx,
and what it refuses leaves nothing behind."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telemetry.api.docs import example_event
from telemetry.contract import EVENT_TYPES, ParsedEvent, parse_event
from telemetry.contract.conformance import valid_event_time
from telemetry.contract.validation import _checked_in_full, _Errors
from telemetry.models import Event
from tests.telemetry.helpers import issue, send

tricky_text = st.sampled_from(["\ud800", "\x00", "\\u0000", "é", "😀", "", " " * 300])
json_leaf = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | tricky_text
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
envelope_keys = st.sampled_from(
    [
        "event_id",
        "type",
        "occurred_at",
        "team",
        "pipeline",
        "model",
        "environment",
        "run_id",
        "actor_type",
        "attributes",
        "other",
    ]
)


@st.composite
def events(draw: st.DrawFn) -> object:
    """A valid example, then some of its fields replaced, dropped or added at random."""
    body: dict[str, object] = example_event(
        draw(st.sampled_from(EVENT_TYPES)), draw(st.integers(0, 50))
    )
    body["team"] = draw(st.sampled_from(["fraud", "search", "churn", "nope"]))
    for key in draw(st.lists(envelope_keys, max_size=3)):
        if draw(st.booleans()):
            body.pop(key, None)
        else:
            body[key] = draw(json_value)
    attributes = body.get("attributes")
    if isinstance(attributes, dict) and draw(st.booleans()):
        attributes = dict(attributes)
        attributes[draw(st.sampled_from(["status", "kind", "steps", "metrics", "extra"]))] = draw(
            json_value
        )
        body["attributes"] = attributes
    return body


payloads = events() | st.fixed_dictionaries({"events": st.lists(events(), max_size=5)}) | json_value


@pytest.mark.django_db
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=payloads)
def test_no_generated_body_gets_a_server_error(world, payload):
    secret = issue(world.org).secret
    before = Event.objects.count()
    try:
        raw = json.dumps(payload, allow_nan=True).encode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return
    response = send(secret, None, raw=raw)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert Event.objects.count() == before
    else:
        assert set(response.json()) == {"accepted", "duplicates"}


@settings(max_examples=400, deadline=None)
@given(raw=events(), token_team=st.sampled_from([None, "fraud"]))
def test_the_quick_check_accepts_exactly_what_the_full_check_accepts(raw, token_team):
    full = _checked_in_full(raw, 0, token_team, _Errors(0))
    quick = valid_event_time(raw, token_team)
    if quick is None:
        # Refused by the quick check: the full one names a problem, or only the
        # serialisation step (after both checks) could refuse it.
        assert isinstance(full, list), full
    else:
        # Accepted by the quick check: the same event, or the same serialisation errors.
        assert parse_event(raw, 0, token_team=token_team) == full
        assert not isinstance(full, ParsedEvent) or full.occurred_at == quick


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_every_documented_example_takes_the_quick_check(event_type):
    raw = example_event(event_type, 1)
    assert valid_event_time(raw, None if raw.get("team") else "fraud") is not None

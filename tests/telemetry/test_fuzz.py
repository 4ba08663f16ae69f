"""Generated envelopes and attributes, valid and not: the endpoint never answers 5xx,
and what it refuses leaves nothing behind.

Bodies are written as a hostile client would: infinity as `1e999` (valid JSON
that a float cannot hold), times at the edges of the calendar with offsets that
push them past it, NUL characters, and nesting thousands of levels deep.
"""

from __future__ import annotations

import json
import math
from datetime import datetime

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


class Raw(str):
    """JSON text that hostile_dumps writes as it is."""


def hostile_dumps(value: object) -> str:
    """JSON text of `value`, with infinities as numbers too large for a float."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("1e999" if value > 0 else "-1e999")
    if isinstance(value, dict):
        items = (json.dumps(key) + ":" + hostile_dumps(item) for key, item in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list):
        return "[" + ",".join(hostile_dumps(item) for item in value) + "]"
    return json.dumps(value)


def _rfc3339(moment: datetime, offset_minutes: int) -> str:
    # By hand: strftime writes year 1 as "1", not "0001".
    sign, minutes = ("-" if offset_minutes < 0 else "+"), abs(offset_minutes)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
        f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    )


#: Times near the ends of the calendar, with offsets that may carry them past it.
edge_times = st.builds(
    _rfc3339,
    st.datetimes(max_value=datetime(1, 1, 2)) | st.datetimes(min_value=datetime(9999, 12, 31)),
    st.integers(-23 * 60 - 59, 23 * 60 + 59),
)
deep_json = st.builds(
    lambda depth, opener: Raw(opener * depth + "1" + ("]" if opener == "[" else "}") * depth),
    st.integers(100, 5000),
    st.sampled_from(["[", '{"a":']),
)
hostile_value = (
    json_value
    | edge_times
    | deep_json
    | st.sampled_from([math.inf, -math.inf, 1e308, -0.0])
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=5).map(lambda t: t + "\x00")
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
def events(draw: st.DrawFn, value: st.SearchStrategy[object] = json_value) -> object:
    """A valid example, then some of its fields replaced, dropped or added at random."""
    body: dict[str, object] = example_event(
        draw(st.sampled_from(EVENT_TYPES)), draw(st.integers(0, 50))
    )
    body["team"] = draw(st.sampled_from(["fraud", "search", "churn", "nope"]))
    for key in draw(st.lists(envelope_keys, max_size=3)):
        if draw(st.booleans()):
            body.pop(key, None)
        else:
            body[key] = draw(value)
    if draw(st.booleans()):
        body["occurred_at"] = draw(edge_times)
    attributes = body.get("attributes")
    if isinstance(attributes, dict) and draw(st.booleans()):
        attributes = dict(attributes)
        name = draw(st.sampled_from(["status", "kind", "steps", "metrics", "extra"]))
        attributes[name] = draw(value | _steps(value))
        body["attributes"] = attributes
    return body


def _steps(value: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    step = st.fixed_dictionaries(
        {"name": st.just("train"), "kind": st.just("training")},
        optional={"started_at": edge_times | value, "finished_at": edge_times | value},
    )
    return st.lists(step, min_size=1, max_size=2)


hostile_events = events(hostile_value)
payloads = (
    hostile_events
    | st.fixed_dictionaries({"events": st.lists(hostile_events, max_size=5)})
    | hostile_value
)


@pytest.mark.django_db
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=payloads)
def test_no_generated_body_gets_a_server_error(world, payload):
    secret = issue(world.org).secret
    before = Event.objects.count()
    response = send(secret, None, raw=hostile_dumps(payload).encode())
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

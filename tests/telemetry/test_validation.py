"""The pure event checks: one table of good and bad values per rule, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from telemetry.api.docs import EXAMPLE_EVENTS, example_event
from telemetry.contract import (
    EVENT_TYPES,
    FieldError,
    ParsedEvent,
    classify,
    parse_event,
    parse_payload,
    parse_timestamp,
    team_errors,
)


def test_every_event_type_has_a_documented_example_that_passes():
    assert set(EXAMPLE_EVENTS) == set(EVENT_TYPES)
    for event_type in EVENT_TYPES:
        assert isinstance(parse_event(example_event(event_type), 0), ParsedEvent), event_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-05-04T10:30:00Z", datetime(2026, 5, 4, 10, 30, tzinfo=UTC)),
        ("2026-05-04t10:30:00z", datetime(2026, 5, 4, 10, 30, tzinfo=UTC)),
        ("2026-05-04T12:30:00+02:00", datetime(2026, 5, 4, 10, 30, tzinfo=UTC)),
        ("2026-05-04 10:30:00.250-01:00", datetime(2026, 5, 4, 11, 30, 0, 250000, tzinfo=UTC)),
    ],
)
def test_rfc3339_timestamps_with_a_zone_become_utc(value, expected):
    assert parse_timestamp(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2026-05-04T10:30:00",
        "2026-05-04",
        "2026-05-04T10:30Z",
        "20260504T103000Z",
        "2026-13-01T00:00:00Z",
        "2026-05-04T24:00:00Z",
        "2026-05-04T10:30:00+25:00",
        "yesterday",
        1714818600,
        None,
    ],
)
def test_timestamps_without_a_zone_or_malformed_are_refused_with_a_reason(value):
    assert isinstance(parse_timestamp(value), str)


def test_errors_name_every_bad_field_of_an_event_at_once():
    result = parse_event({"type": "ci_run", "attributes": {"scope": "x", "tests_total": -1}}, 4)
    assert isinstance(result, list)
    assert {(e.index, e.field) for e in result} == {
        (4, "event_id"),
        (4, "occurred_at"),
        (4, "team"),
        (4, "attributes.scope"),
        (4, "attributes.status"),
        (4, "attributes.tests_total"),
    }


def test_items_of_lists_are_checked_with_their_position():
    body = example_event("pipeline_run")
    body["attributes"]["steps"] = [{"name": "a", "kind": "training"}, {"name": "b", "kind": "x"}, 3]
    result = parse_event(body, 0)
    assert isinstance(result, list)
    assert [e.field for e in result] == ["attributes.steps[1].kind", "attributes.steps[2]"]


@pytest.mark.parametrize(
    ("event_type", "environment", "expected"),
    [
        ("deployment", None, "production"),
        ("deployment", "staging", "staging"),
        ("rollback", None, "production"),
        ("ci_run", None, ""),
    ],
)
def test_deployments_default_to_production(event_type, environment, expected):
    body = example_event(event_type)
    body.pop("environment", None)
    if environment:
        body["environment"] = environment
    result = parse_event(body, 0)
    assert isinstance(result, ParsedEvent)
    assert result.environment == expected


def test_pipeline_deployed_takes_its_environment_from_the_attributes_when_the_envelope_has_none():
    body = example_event("pipeline_deployed")
    del body["environment"]
    body["attributes"]["environment"] = "staging"
    result = parse_event(body, 0)
    assert isinstance(result, ParsedEvent)
    assert result.environment == "staging"


def test_the_hash_ignores_key_order_and_team_but_not_content():
    def digest(body):
        result = parse_event(body, 0, token_team="fraud")
        assert isinstance(result, ParsedEvent)
        return result.body_hash

    body = example_event("training_run")
    reordered = dict(reversed(list(body.items())))
    reordered["attributes"] = dict(reversed(list(body["attributes"].items())))
    without_team = {k: v for k, v in body.items() if k != "team"}
    changed = {**body, "attributes": {**body["attributes"], "status": "failed"}}
    assert digest(body) == digest(reordered) == digest(without_team)
    assert digest(body) != digest(changed)


def test_a_team_limited_token_fills_in_the_team():
    body = example_event("ci_run")
    del body["team"]
    result = parse_event(body, 0, token_team="fraud")
    assert isinstance(result, ParsedEvent)
    assert result.team == "fraud"


def test_team_errors_tell_unknown_teams_from_teams_the_token_may_not_use():
    batch = parse_payload(
        {"events": [example_event("ci_run", 1), {**example_event("ci_run", 2), "team": "x"}]},
        token_team=None,
    )
    errors = team_errors(batch.events, known={"fraud-detection": 1}, token_team=None)
    assert errors == [
        FieldError(1, "team", "unknown team 'x' in this token's organisation", "unknown_team")
    ]
    limited = team_errors(batch.events, known={"fraud-detection": 1, "x": 2}, token_team="x")
    assert [(e.index, e.code) for e in limited] == [(0, "forbidden_team")]


def test_classify_counts_resends_and_refuses_reused_ids():
    events = parse_payload(
        {
            "events": [
                example_event("ci_run", 1),
                example_event("ci_run", 1),
                example_event("ci_run", 2),
                {**example_event("ci_run", 3), "pipeline": "other"},
            ]
        },
        token_team=None,
    ).events
    stored_3 = parse_event(example_event("ci_run", 3), 0)
    assert isinstance(stored_3, ParsedEvent)
    result = classify(events, stored={("fraud-detection", "ci_run-0003"): stored_3.body_hash})
    assert [e.index for e in result.new] == [0, 2]
    assert result.duplicates == 1
    assert [(e.index, e.code) for e in result.conflicts] == [(3, "conflict")]

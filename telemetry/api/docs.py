"""The ingestion endpoint's OpenAPI description: a schema built from the contract
(`telemetry.contract.schemas`) and one request example per event type."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample

from telemetry.contract.schemas import (
    ACTOR_TYPES,
    ATTRIBUTES,
    ENVELOPE_STRINGS,
    MAX_BATCH,
    MODEL_TYPES,
    Field,
    Kind,
)

_TIME = "2026-05-04T10:30:00Z"

#: One valid event of each type, as a pipeline would send it.
EXAMPLE_EVENTS: dict[str, dict[str, Any]] = {
    "pipeline_run": {
        "run_id": "train-2026-05-04",
        "pipeline": "fraud-training",
        "actor_type": "scheduler",
        "attributes": {
            "status": "succeeded",
            "trigger": "schedule",
            "pipeline_version": "1.4.0",
            "steps": [
                {
                    "name": "validate",
                    "kind": "data_validation",
                    "status": "succeeded",
                    "started_at": "2026-05-04T10:00:00Z",
                    "finished_at": "2026-05-04T10:05:00Z",
                },
                {"name": "train", "kind": "training", "status": "succeeded"},
            ],
        },
    },
    "training_run": {
        "model": "fraud-classifier",
        "run_id": "train-2026-05-04",
        "attributes": {
            "status": "succeeded",
            "trigger": "schedule",
            "params": {"max_depth": 6},
            "metrics": {"auc": 0.91},
            "data_version": "2026-05-03",
            "code_version": "9f2c1ab",
            "duration_s": 412.5,
        },
    },
    "data_validation": {
        "pipeline": "fraud-training",
        "run_id": "train-2026-05-04",
        "attributes": {
            "status": "failed",
            "checks": 42,
            "anomalies": [{"column": "amount", "kind": "range", "detail": "3 values < 0"}],
        },
    },
    "model_validation": {
        "model": "fraud-classifier",
        "attributes": {
            "status": "passed",
            "candidate_version": "13",
            "baseline_version": "12",
            "metric": "auc",
            "candidate_value": 0.91,
            "baseline_value": 0.89,
        },
    },
    "model_registered": {
        "model": "fraud-classifier",
        "attributes": {"version": "13", "training_run_id": "train-2026-05-04", "alias": "champion"},
    },
    "deployment": {
        "model": "fraud-classifier",
        "environment": "production",
        "actor_type": "pipeline",
        "attributes": {
            "version": "13",
            "strategy": "canary",
            "traffic_percent": 10,
            "status": "succeeded",
        },
    },
    "rollback": {
        "model": "fraud-classifier",
        "attributes": {
            "from_version": "13",
            "to_version": "12",
            "reason": "error rate",
            "automated": True,
        },
    },
    "monitoring_check": {
        "model": "fraud-classifier",
        "attributes": {"kind": "data_drift", "status": "alert", "metrics": {"psi": 0.31}},
    },
    "alert": {
        "model": "fraud-classifier",
        "attributes": {"alert_id": "al-77", "kind": "drift", "severity": "high", "status": "open"},
    },
    "ci_run": {
        "pipeline": "fraud-training",
        "actor_type": "ci",
        "attributes": {
            "scope": "model",
            "status": "passed",
            "tests_total": 120,
            "tests_failed": 0,
            "commit": "9f2c1ab",
        },
    },
    "pipeline_deployed": {
        "pipeline": "fraud-training",
        "environment": "staging",
        "actor_type": "ci",
        "attributes": {"pipeline_version": "1.4.0"},
    },
}


def example_event(event_type: str, number: int = 1) -> dict[str, Any]:
    return {
        "event_id": f"{event_type}-{number:04d}",
        "type": event_type,
        "occurred_at": _TIME,
        "team": "fraud-detection",
        **EXAMPLE_EVENTS[event_type],
    }


def _field_schema(rule: Field) -> dict[str, Any]:
    if rule.kind is Kind.STRING:
        schema: dict[str, Any] = {"type": "string", "maxLength": rule.max_length}
        if rule.choices:
            schema["enum"] = list(rule.choices)
        return schema
    if rule.kind is Kind.LIST:
        return {"type": "array", "items": _object_schema(rule.items)}
    basic: dict[Kind, dict[str, Any]] = {
        Kind.INTEGER: {"type": "integer", "minimum": 0},
        Kind.NUMBER: {"type": "number"},
        Kind.BOOLEAN: {"type": "boolean"},
        Kind.OBJECT: {"type": "object", "additionalProperties": True},
        Kind.TIMESTAMP: {"type": "string", "format": "date-time"},
    }
    return basic[rule.kind]


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field: the contract takes null for "not sent"."""
    if "enum" in schema:
        schema = {**schema, "enum": [*schema["enum"], None]}
    return {**schema, "nullable": True}


def _object_schema(spec: dict[str, Field]) -> dict[str, Any]:
    properties = {
        name: _field_schema(rule) if rule.required else _nullable(_field_schema(rule))
        for name, rule in spec.items()
    }
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": True,
    }
    required = [name for name, rule in spec.items() if rule.required]
    if required:
        schema["required"] = required
    return schema


def event_schema() -> dict[str, Any]:
    """One event: a schema per type, so that the attributes and envelope fields a type
    requires go with it."""
    return {"oneOf": [_typed_event_schema(name, spec) for name, spec in ATTRIBUTES.items()]}


def _typed_event_schema(event_type: str, spec: dict[str, Field]) -> dict[str, Any]:
    strings = {name: {"type": "string", "maxLength": n} for name, n in ENVELOPE_STRINGS.items()}
    strings["event_id"]["minLength"] = 1
    strings["actor_type"] = {"type": "string", "enum": list(ACTOR_TYPES)}
    strings["team"]["description"] = (
        "Team slug; may be left out when the token is limited to one team."
    )
    required = ["event_id", "type", "occurred_at"]
    if event_type in MODEL_TYPES:
        strings["model"]["minLength"] = 1
        required.append("model")
    if any(rule.required for rule in spec.values()):
        required.append("attributes")
    strings = {name: s if name in required else _nullable(s) for name, s in strings.items()}
    return {
        "title": event_type,
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": {
            **strings,
            "type": {"type": "string", "enum": [event_type]},
            "occurred_at": {"type": "string", "format": "date-time"},
            "attributes": {
                **_object_schema(spec),
                "description": "The attributes of the event's type; extra keys are kept as "
                "sent. No text in an event, key or value, may hold a NUL character (400).",
            },
        },
    }


def request_schema() -> dict[str, Any]:
    batch = {
        "type": "object",
        "required": ["events"],
        "additionalProperties": False,
        "properties": {
            "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_BATCH,
                "items": event_schema(),
            }
        },
    }
    return {"oneOf": [event_schema(), batch]}


def request_examples() -> list[OpenApiExample]:
    examples = [
        OpenApiExample(
            f"One {event_type} event",
            value=example_event(event_type),
            request_only=True,
        )
        for event_type in ATTRIBUTES
    ]
    batch = {"events": [example_event(t, 1) for t in ("pipeline_run", "training_run")]}
    examples.append(OpenApiExample("A batch", value=batch, request_only=True))
    return examples


def response_examples() -> list[OpenApiExample]:
    return [
        OpenApiExample(
            "Stored",
            value={"accepted": 2, "duplicates": 0},
            response_only=True,
            status_codes=["202"],
        ),
        OpenApiExample(
            "Refused",
            value={
                "detail": "1 of 2 events were refused; nothing was stored.",
                "errors": [
                    {
                        "index": 1,
                        "field": "attributes.status",
                        "code": "invalid",
                        "message": "must be one of started, succeeded, failed, got 'ok'",
                    }
                ],
            },
            response_only=True,
            status_codes=["400"],
        ),
        OpenApiExample(
            "Id reused",
            value={
                "detail": "1 of 1 events were refused; nothing was stored.",
                "errors": [
                    {
                        "index": 0,
                        "field": "event_id",
                        "code": "conflict",
                        "message": "event_id 'run-1' is already used by an event with another body",
                    }
                ],
            },
            response_only=True,
            status_codes=["409"],
        ),
    ]

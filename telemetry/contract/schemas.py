"""The event contract as data: the envelope and each type's attributes (docs/telemetry.md).

Kept declarative so validation, the OpenAPI examples and the tests read one
definition. Attributes not listed here are kept as sent; listed ones are
type-checked and, where marked, required.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    OBJECT = "object"
    TIMESTAMP = "timestamp"
    LIST = "list"


@dataclass(frozen=True)
class Field:
    """One attribute: its JSON kind, whether it must be there, and its allowed values."""

    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 200
    #: For lists of objects: the fields of each item.
    items: dict[str, Field] = field(default_factory=dict)


STATUS_RUN = ("started", "succeeded", "failed")
STATUS_CHECK = ("passed", "failed")
TRIGGERS = ("manual", "schedule", "new_data", "drift", "performance", "code_change", "api")
STEP_KINDS = (
    "data_ingestion",
    "data_validation",
    "training",
    "evaluation",
    "model_validation",
    "registration",
    "deployment",
    "monitoring",
    "other",
)
ACTOR_TYPES = ("human", "pipeline", "ci", "scheduler")

#: Types about one model: the envelope must name it.
MODEL_TYPES = frozenset(
    {
        "training_run",
        "model_validation",
        "model_registered",
        "deployment",
        "rollback",
        "monitoring_check",
    }
)
#: Types that deploy something: the environment defaults to production.
DEPLOYMENT_TYPES = frozenset({"deployment", "rollback", "pipeline_deployed"})


def _str(*choices: str, required: bool = False, max_length: int = 200) -> Field:
    return Field(Kind.STRING, required=required, choices=choices, max_length=max_length)


_STEP = {
    "name": _str(required=True),
    "kind": _str(*STEP_KINDS, required=True),
    "status": _str(*STATUS_RUN, "skipped"),
    "started_at": Field(Kind.TIMESTAMP),
    "finished_at": Field(Kind.TIMESTAMP),
}

ATTRIBUTES: dict[str, dict[str, Field]] = {
    "pipeline_run": {
        "status": _str(*STATUS_RUN, required=True),
        "trigger": _str(*TRIGGERS),
        "pipeline_version": _str(),
        "steps": Field(Kind.LIST, items=_STEP),
    },
    "training_run": {
        "status": _str(*STATUS_RUN, required=True),
        "trigger": _str(*TRIGGERS),
        "params": Field(Kind.OBJECT),
        "metrics": Field(Kind.OBJECT),
        "data_version": _str(),
        "code_version": _str(),
        "duration_s": Field(Kind.NUMBER),
        "alert_id": _str(max_length=128),
    },
    "data_validation": {
        "status": _str(*STATUS_CHECK, required=True),
        "checks": Field(Kind.INTEGER),
        "anomalies": Field(
            Kind.LIST,
            items={
                "column": _str(),
                "kind": _str("schema", "missing", "range", "drift", required=True),
                "detail": _str(max_length=2000),
            },
        ),
    },
    "model_validation": {
        "status": _str(*STATUS_CHECK, required=True),
        "candidate_version": _str(),
        "baseline_version": _str(),
        "metric": _str(),
        "candidate_value": Field(Kind.NUMBER),
        "baseline_value": Field(Kind.NUMBER),
        "slices": Field(Kind.OBJECT),
    },
    "model_registered": {
        "version": _str(required=True),
        "training_run_id": _str(max_length=128),
        "alias": _str(),
        "stage": _str(),
    },
    "deployment": {
        "version": _str(required=True),
        "strategy": _str("replace", "canary", "shadow", "ab_test", "blue_green"),
        "traffic_percent": Field(Kind.NUMBER),
        "status": _str("succeeded", "failed", "rolled_back", required=True),
    },
    "rollback": {
        "from_version": _str(required=True),
        "to_version": _str(required=True),
        "reason": _str(max_length=2000),
        "automated": Field(Kind.BOOLEAN),
    },
    "monitoring_check": {
        "kind": _str(
            "data_drift",
            "prediction_drift",
            "performance",
            "data_quality",
            "latency",
            required=True,
        ),
        "status": _str("ok", "warning", "alert", required=True),
        "metrics": Field(Kind.OBJECT),
    },
    "alert": {
        "alert_id": _str(required=True, max_length=128),
        "kind": _str("drift", "performance", "data_quality", "latency", "error", required=True),
        "severity": _str(max_length=32),
        "status": _str("open", "resolved", required=True),
    },
    "ci_run": {
        "scope": _str("application", "model", "pipeline", required=True),
        "status": _str(*STATUS_CHECK, required=True),
        "tests_total": Field(Kind.INTEGER),
        "tests_failed": Field(Kind.INTEGER),
        "commit": _str(),
    },
    "pipeline_deployed": {
        "pipeline_version": _str(required=True),
        "environment": _str(max_length=64),
    },
}

EVENT_TYPES: tuple[str, ...] = tuple(ATTRIBUTES)

#: Envelope string fields and their longest value (the table columns' sizes).
ENVELOPE_STRINGS = {
    "event_id": 128,
    "team": 64,
    "pipeline": 200,
    "model": 200,
    "environment": 64,
    "run_id": 128,
    "actor_type": 16,
}
ENVELOPE_FIELDS = frozenset({*ENVELOPE_STRINGS, "type", "occurred_at", "attributes"})

MAX_BATCH = 1000
#: Largest canonical body of one event, so one sender cannot fill the table with blobs.
MAX_EVENT_BYTES = 64 * 1024

"""Scripted telemetry for tests: events written straight to the table, as ingestion stores them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telemetry.models import Event
from tenancy.models import Team
from tests.conftest import NOW  # where every test's clock starts

#: The evidence rule parameters of rubric 2026.1 (docs/rubric.md#evidence-rules).
PARAMETERS: Mapping[str, Mapping[str, Any]] = {
    "source_control": {"min_share": 0.9},
    "data_pipeline_automation": {"min_runs": 1},
    "application_ci": {"min_runs": 1},
    "model_integration_tests": {"min_runs": 1},
    "experiment_tracking": {"min_share": 0.9},
    "automated_training": {"min_share": 0.8, "min_steps": 3},
    "continuous_training": {"min_runs": 2, "triggers": ("schedule", "new_data")},
    "data_validation": {"min_share": 0.9},
    "model_validation": {"min_share": 0.9},
    "model_registry": {"min_registered": 1},
    "lineage": {"min_share": 0.9},
    "release_testing": {"min_share": 0.9, "lookback_days": 7},
    "automated_deployment": {"min_share": 0.9, "actor_types": ("pipeline", "ci")},
    "progressive_delivery": {
        "min_deployments": 1,
        "strategies": ("canary", "shadow", "ab_test", "blue_green"),
    },
    "production_monitoring": {"min_share": 0.9, "recent_days": 7},
    "monitoring_triggered_retraining": {"min_runs": 1, "alert_kinds": ("drift", "performance")},
    "pipeline_ci": {"min_runs": 1},
    "pipeline_cd": {"min_environments": 2, "actor_types": ("ci", "pipeline")},
    "environment_parity": {"min_environments": 2},
}

#: The evidence rule parameters of rubric 2026.2 (docs/rubric.md#evidence-rules).
PARAMETERS_2026_2: Mapping[str, Mapping[str, Any]] = {
    **PARAMETERS,
    "data_pipeline_automation": {"min_share": 0.8},
    "application_ci": {"min_commits": 2},
    "model_integration_tests": {"min_commits": 2},
    "continuous_training": {
        "min_runs": 2,
        "triggers": ("schedule", "new_data", "drift", "performance"),
    },
    "model_validation": {"min_share": 0.9, "statuses": ("passed",), "before_deployment": True},
    "lineage": {"min_share": 0.9, "run_id_fallback": True},
    "automated_deployment": {
        "min_share": 0.9,
        "actor_types": ("pipeline", "ci"),
        "stated_actors_only": True,
    },
    "progressive_delivery": {
        "min_share": 0.8,
        "strategies": ("canary", "shadow", "ab_test", "blue_green"),
    },
    "production_monitoring": {
        "min_share": 0.9,
        "recent_days": 7,
        "check_kinds": ("data_drift", "prediction_drift", "performance"),
    },
    "pipeline_ci": {"min_commits": 2},
}


@dataclass(frozen=True)
class E:
    """One scripted event: `ago` days before NOW (fractions allowed)."""

    id: str
    type: str
    ago: float = 1
    model: str = ""
    environment: str = ""
    run_id: str = ""
    actor: str = ""
    pipeline: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)


def step(kind: str) -> dict[str, str]:
    return {"name": kind, "kind": kind, "status": "succeeded"}


def steps(*kinds: str) -> list[dict[str, str]]:
    return [step(k) for k in kinds]


def store(team: Team, events: Iterable[E], *, now: datetime = NOW) -> None:
    Event.objects.bulk_create(
        Event(
            organization_id=team.organization_id,
            team=team,
            event_id=e.id,
            type=e.type,
            occurred_at=now - timedelta(days=e.ago),
            model_name=e.model,
            environment=e.environment,
            run_id=e.run_id,
            actor_type=e.actor,
            pipeline=e.pipeline,
            attributes=dict(e.attrs),
            body_hash="0" * 64,
        )
        for e in events
    )

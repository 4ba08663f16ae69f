"""Telemetry events of the reference pipelines (docs/telemetry.md), built from their rows
and sent through the public API with the pipeline's own token.

Event ids derive from the run, step or row they describe and timestamps come
from the database, so a retried or resumed run resends identical events, which
the API stores once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

from jobs import recovery
from mlops_site import clock
from pipelines import conf, dispatch
from pipelines.models import (
    Alert,
    Deployment,
    Level,
    ModelVersion,
    PipelineRun,
    ReferencePipeline,
    Status,
    StepRun,
    TelemetryDelivery,
)
from pipelines.telemetry_client import TelemetryClient
from tenancy.services.tokens import token_derive

logger = logging.getLogger(__name__)
Event = dict[str, Any]
_DEFERRED: ContextVar[list[TelemetryDelivery] | None] = ContextVar("deferred", default=None)


def _time(moment: datetime | None) -> str:
    return (moment or clock.now()).isoformat()


def envelope(
    pipeline: ReferencePipeline,
    *,
    event_id: str,
    type: str,
    occurred_at: datetime | None,
    attributes: dict[str, Any],
    run: PipelineRun | None = None,
    environment: str | None = None,
    actor_type: str = "pipeline",
) -> Event:
    event: Event = {
        "event_id": event_id[:128],
        "type": type,
        "occurred_at": _time(occurred_at),
        "team": pipeline.team.slug,
        "pipeline": pipeline.slug,
        "model": pipeline.slug,
        "actor_type": actor_type,
        "attributes": attributes,
    }
    if run is not None:
        event["run_id"] = run.run_key
        event["environment"] = run.environment
    if environment is not None:
        event["environment"] = environment
    return event


def _step_event(step: StepRun) -> dict[str, Any]:
    return {
        "name": step.name,
        "kind": step.kind,
        "status": step.status,
        "started_at": _time(step.started_at) if step.started_at else None,
        "finished_at": _time(step.finished_at) if step.finished_at else None,
    }


def pipeline_run_event(run: PipelineRun) -> Event:
    steps = [_step_event(s) for s in run.steps.order_by("position") if s.status != Status.SKIPPED]
    return envelope(
        run.pipeline,
        event_id=f"{run.run_key}:pipeline_run",
        type="pipeline_run",
        occurred_at=run.finished_at,
        run=run,
        actor_type="scheduler" if run.trigger == "schedule" else "pipeline",
        attributes={
            "status": run.status,
            "trigger": run.trigger,
            "pipeline_version": run.pipeline_version,
            "simulated_date": run.simulated_date.isoformat(),
            "steps": steps,
        },
    )


def training_run_event(run: PipelineRun, train: StepRun, evaluate: StepRun) -> Event:
    """Level 0 records params and metrics by hand: no data or code version."""
    manual = run.pipeline.level == Level.MANUAL
    attributes: dict[str, Any] = {
        "status": "succeeded" if evaluate.status == Status.SUCCEEDED else evaluate.status,
        "trigger": run.trigger,
        "params": train.output.get("params", {}),
        "metrics": evaluate.output.get("overall", {}),
        "duration_s": train.output.get("duration_s"),
    }
    if not manual:
        attributes["data_version"] = train.output.get("data_version", "")
        attributes["code_version"] = train.output.get("code_version", "")
    if run.alert_id is not None and run.alert is not None:
        attributes["alert_id"] = run.alert.alert_key
    return envelope(
        run.pipeline,
        event_id=f"{run.run_key}:training_run",
        type="training_run",
        occurred_at=evaluate.finished_at,
        run=run,
        actor_type="human" if manual else "pipeline",
        attributes=attributes,
    )


def data_validation_event(run: PipelineRun, step: StepRun) -> Event:
    out = step.output
    return envelope(
        run.pipeline,
        event_id=f"{run.run_key}:data_validation",
        type="data_validation",
        occurred_at=step.finished_at,
        run=run,
        attributes={
            "status": "passed" if out.get("passed") else "failed",
            "checks": out.get("checks", 0),
            "anomalies": out.get("anomalies", []),
        },
    )


def model_validation_event(run: PipelineRun, step: StepRun) -> Event:
    out = step.output
    return envelope(
        run.pipeline,
        event_id=f"{run.run_key}:model_validation",
        type="model_validation",
        occurred_at=step.finished_at,
        run=run,
        attributes={
            "status": "passed" if out.get("passed") else "failed",
            "candidate_version": out.get("candidate_version"),
            "baseline_version": out.get("baseline_version"),
            "metric": out.get("metric", "mae"),
            "candidate_value": out.get("candidate_value"),
            "baseline_value": out.get("baseline_value"),
            "slices": out.get("slices", {}),
        },
    )


def model_registered_event(run: PipelineRun, version: ModelVersion, step: StepRun) -> Event:
    return envelope(
        run.pipeline,
        event_id=f"{run.run_key}:model_registered",
        type="model_registered",
        occurred_at=step.finished_at,
        run=run,
        attributes={
            "version": str(version.version),
            "training_run_id": run.run_key,
            "alias": step.output.get("alias", "challenger"),
        },
    )


def deployment_event(
    deployment: Deployment, *, status: str = "succeeded", suffix: str = ""
) -> Event:
    pipeline = deployment.pipeline
    version = deployment.model_version
    return envelope(
        pipeline,
        event_id=f"{pipeline.slug}-{pipeline.pk}:deployment-{deployment.pk}{suffix}",
        type="deployment",
        occurred_at=deployment.ended_at if suffix else deployment.created_at,
        environment=deployment.environment,
        actor_type=deployment.actor_type,
        attributes={
            "version": _version_name(version),
            "strategy": deployment.strategy,
            "traffic_percent": deployment.traffic_percent,
            "status": status,
            "simulated_date": deployment.simulated_date.isoformat(),
        },
    )


def _version_name(version: ModelVersion) -> str:
    """Level 0 has no registry: what is deployed is a file a person exported."""
    if version.pipeline.level == Level.MANUAL:
        return f"file-{version.artifact_sha256[:12]}"
    return str(version.version)


def rollback_event(canary: Deployment, stable: Deployment, *, reason: str) -> Event:
    pipeline = canary.pipeline
    return envelope(
        pipeline,
        event_id=f"{pipeline.slug}-{pipeline.pk}:rollback-{canary.pk}",
        type="rollback",
        occurred_at=canary.ended_at,
        environment=canary.environment,
        attributes={
            "from_version": _version_name(canary.model_version),
            "to_version": _version_name(stable.model_version),
            "reason": reason,
            "automated": True,
        },
    )


def monitoring_event(
    pipeline: ReferencePipeline,
    *,
    check_id: int,
    kind: str,
    status: str,
    metrics: dict[str, Any],
    occurred_at: datetime,
) -> Event:
    return envelope(
        pipeline,
        event_id=f"{pipeline.slug}-{pipeline.pk}:check-{check_id}",
        type="monitoring_check",
        occurred_at=occurred_at,
        environment="production",
        attributes={"kind": kind, "status": status, "metrics": metrics},
    )


def alert_event(alert: Alert) -> Event:
    resolved = alert.status == "resolved"
    return envelope(
        alert.pipeline,
        event_id=f"{alert.alert_key}:{alert.status}",
        type="alert",
        occurred_at=alert.resolved_at if resolved else alert.created_at,
        environment="production",
        attributes={
            "alert_id": alert.alert_key,
            "kind": alert.kind,
            "severity": alert.severity,
            "status": alert.status,
            "detail": alert.detail,
        },
    )


def ci_run_event(
    pipeline: ReferencePipeline,
    *,
    key: str,
    scope: str,
    total: int,
    failed: int,
    occurred_at: datetime,
    run: PipelineRun | None = None,
) -> Event:
    return envelope(
        pipeline,
        event_id=f"{key}:ci_run:{scope}",
        type="ci_run",
        occurred_at=occurred_at,
        run=run,
        actor_type="ci",
        attributes={
            "scope": scope,
            "status": "passed" if failed == 0 else "failed",
            "tests_total": total,
            "tests_failed": failed,
            "commit": conf.code_version(),
        },
    )


def pipeline_deployed_event(
    pipeline: ReferencePipeline, *, version: str, environment: str, occurred_at: datetime
) -> Event:
    return envelope(
        pipeline,
        event_id=f"{pipeline.slug}-{pipeline.pk}:pipeline_deployed:{version}:{environment}",
        type="pipeline_deployed",
        occurred_at=occurred_at,
        environment=environment,
        actor_type="ci",
        attributes={"pipeline_version": version, "environment": environment},
    )


def token_purpose(pipeline: ReferencePipeline) -> str:
    """What the pipeline's token is derived for (see tenancy.services.tokens.token_derive)."""
    return f"reference-pipeline:{pipeline.pk}"


def telemetry_send(*, pipeline: ReferencePipeline, events: list[Event]) -> list[TelemetryDelivery]:
    """Record the batches, then send them (inside `sends_deferred`, the caller sends them
    after its commit): a crash in between leaves them recorded, for the recovery to
    send. A failure is recorded and logged, never raised."""
    pending = telemetry_record(pipeline=pipeline, events=events)
    deferred = _DEFERRED.get()
    if deferred is not None:
        deferred.extend(pending)
    else:
        deliveries_send(pending)
    return pending


@contextmanager
def sends_deferred() -> Iterator[list[TelemetryDelivery]]:
    """Within the block, batches are recorded and collected, not sent: for work done in
    one transaction, whose telemetry must not leave before it commits."""
    collected: list[TelemetryDelivery] = []
    token = _DEFERRED.set(collected)
    try:
        yield collected
    finally:
        _DEFERRED.reset(token)


def telemetry_record(
    *, pipeline: ReferencePipeline, events: list[Event]
) -> list[TelemetryDelivery]:
    """The batches of these events, recorded as not sent yet (1000 events at most each)."""
    return [
        TelemetryDelivery.objects.create(pipeline=pipeline, events=events[start : start + 1000])
        for start in range(0, len(events), 1000)
    ]


def deliveries_send(deliveries: list[TelemetryDelivery]) -> None:
    for delivery in deliveries:
        delivery_send(delivery)


def delivery_send(delivery: TelemetryDelivery) -> bool:
    """Send one recorded batch and record how it went; the API stores a resent event once."""
    pipeline = delivery.pipeline
    if not pipeline.telemetry_token_prefix:
        _record(delivery, sent=False, error="The pipeline has no API token.")
        return False
    secret = token_derive(purpose=token_purpose(pipeline), prefix=pipeline.telemetry_token_prefix)
    (sent,) = TelemetryClient(settings.TELEMETRY_BASE_URL, secret).send(list(delivery.events))
    _record(
        delivery, sent=sent.sent, error=sent.error, status_code=sent.status_code,
        response=sent.response, attempts=delivery.attempts + sent.attempts,
    )  # fmt: skip
    if not sent.sent:
        logger.warning("telemetry not delivered", extra={"pipeline": pipeline.pk})
    return sent.sent


def _record(
    delivery: TelemetryDelivery,
    *,
    sent: bool,
    error: str = "",
    status_code: int | None = None,
    response: dict[str, Any] | None = None,
    attempts: int = 0,
) -> None:
    delivery.sent, delivery.error, delivery.status_code = sent, error[:2000], status_code
    delivery.response, delivery.attempts = response or {}, attempts
    delivery.save(update_fields=["sent", "error", "status_code", "response", "attempts"])


def telemetry_resend(*, pipeline: ReferencePipeline) -> int:
    """Send again the batches that are not sent (the API stores a resent event once)."""
    waiting = pipeline.deliveries.filter(sent=False).order_by("created_at")
    return sum(delivery_send(delivery) for delivery in waiting)


@recovery.register("pipeline telemetry")
def deliveries_to_recover(within_s: float) -> Iterable[recovery.Resend]:
    """Batches recorded but not sent a lease's time after: their sender died or the API
    refused them. One resend per pipeline."""
    since = clock.now() - timedelta(seconds=settings.JOBS_LEASE_S)
    waiting = TelemetryDelivery.objects.filter(sent=False, created_at__lt=since)
    for pipeline_id in waiting.values_list("pipeline_id", flat=True).distinct():
        yield dispatch.RESEND_TELEMETRY, (pipeline_id,), 0.0

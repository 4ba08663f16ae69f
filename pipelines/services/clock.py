"""The simulated clock: each new day brings data, served traffic, actual demand,
monitoring, and the decisions each level makes on them.

A simulated day is a date in the bike-sharing data, not on the site's clock: what
a day records and the telemetry it sends are stamped with `mlops_site.clock.now()`,
like anything else the site does."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from django.db import transaction

from mlops_site.crashpoints import hold_point
from pipelines import source
from pipelines.models import (
    Alert,
    Deployment,
    Level,
    MonitoringCheck,
    PipelineRun,
    PredictionLog,
    ReferencePipeline,
)
from pipelines.services import runs, serving, setup
from pipelines.services import telemetry as t
from pipelines.workflows import data
from pipelines.workflows.evaluation import metrics
from pipelines.workflows.monitoring import (
    MonitoringThresholds,
    data_drift_check,
    performance_check,
    prediction_drift_check,
)
from pipelines.workflows.training import FEATURES

LAST_DAY = date(2012, 12, 31)
MONITOR_DAYS = 7
REFERENCE_DAYS = 28
NEW_DATA_DAYS = 2
ALERT_COOLDOWN_DAYS = 7
#: Live rows each side needs before a verdict: two simulated days of a 25% canary.
CANARY_MIN_ROWS = 12
CANARY_TOLERANCE = 0.05


def clock_advance(*, pipeline_id: int, until: date, execute_runs: bool = True) -> list[int]:
    """Advance day by day up to `until` (idempotent: days already passed are not
    replayed). Returns the ids of the runs the new days triggered."""
    started: list[int] = []
    while True:
        pipeline = ReferencePipeline.objects.select_related("team").get(pk=pipeline_id)
        if pipeline.clock_date >= min(until, LAST_DAY):
            return started
        started += day_advance(pipeline=pipeline, execute_runs=execute_runs)


def day_advance(*, pipeline: ReferencePipeline, execute_runs: bool = True) -> list[int]:
    """One simulated day: its traffic, monitoring, decisions, the runs they trigger and
    the new date commit together, so a crash during the day leaves it to be done
    again, whole. The runs execute after commit (a crash there leaves pending runs,
    which the recovery of `jobs` queues); the day's telemetry is sent after commit."""
    with t.sends_deferred() as telemetry, transaction.atomic():
        locked = (
            ReferencePipeline.objects.select_for_update(of=("self",))
            .select_related("team")
            .get(pk=pipeline.pk)
        )
        day = locked.clock_date + timedelta(days=1)
        locked.clock_date = day
        new_runs = _day_work(locked, day, queue=not execute_runs)
        hold_point("day_before_commit")
        locked.save(update_fields=["clock_date"])
    pipeline.clock_date = day
    t.deliveries_send(telemetry)
    if execute_runs:
        for run in new_runs:
            runs.run_execute(run_id=run.pk)
    return [r.pk for r in new_runs]


def _day_work(pipeline: ReferencePipeline, day: date, *, queue: bool) -> list[PipelineRun]:
    rows = data.days_between(source.bike_sharing(), day, day)
    if pipeline.pending_fault == ReferencePipeline.Fault.DRIFT:
        rows = data.apply_fault(rows, fault=data.Fault.DRIFT, since=day)
    serving.replay_day(pipeline=pipeline, rows=rows, day=day)
    events: list[t.Event] = []
    if pipeline.level >= Level.AUTOMATED:
        events += _monitor(pipeline, day)
        events += _decide_canary(pipeline)
    if pipeline.level == Level.CICD:
        # New pipeline code goes through CI and the environments before it runs.
        setup.pipeline_deliver(pipeline=pipeline)
    new_runs = _triggered_runs(pipeline, day, queue=queue)
    t.telemetry_send(pipeline=pipeline, events=events)
    return new_runs


def _served(pipeline: ReferencePipeline, start: date, end: date) -> pd.DataFrame:
    logs = PredictionLog.objects.filter(
        pipeline=pipeline, simulated_date__range=(start, end), source="replay"
    ).values("features", "prediction", "actual", "deployment_id")
    frame = pd.DataFrame.from_records(list(logs))
    if frame.empty:
        return frame
    return pd.concat([pd.json_normalize(frame["features"].tolist()), frame], axis=1)


def _reference(pipeline: ReferencePipeline, stable: Deployment) -> pd.DataFrame:
    trained_on = stable.model_version.run.simulated_date
    start = trained_on - timedelta(days=REFERENCE_DAYS - 1)
    return data.days_between(source.bike_sharing(), start, trained_on)


def _monitor(pipeline: ReferencePipeline, day: date) -> list[t.Event]:
    routes = serving.live_routes(pipeline)
    if routes.stable is None:
        return []
    thresholds = MonitoringThresholds(**pipeline.thresholds.get("monitoring", {}))
    served = _served(pipeline, day - timedelta(days=MONITOR_DAYS - 1), day)
    today = served[served["actual"].notna()].tail(24) if not served.empty else served
    if today.empty:
        return []
    reference = _reference(pipeline, routes.stable)
    drift, _ = data_drift_check(reference, served, thresholds)
    reference_predictions = pd.Series(
        serving.model_for(routes.stable).predict(reference.loc[:, list(FEATURES)])
    )
    prediction = prediction_drift_check(reference_predictions, served["prediction"])
    baseline_mae = float(routes.stable.model_version.metrics["overall"]["mae"])
    performance, _ = performance_check(
        today["actual"], today["prediction"], baseline_mae=baseline_mae, thresholds=thresholds
    )
    events = []
    for check in (drift, prediction, performance):
        row, _ = MonitoringCheck.objects.update_or_create(
            pipeline=pipeline,
            simulated_date=day,
            kind=check.kind,
            defaults={"status": check.status, "metrics": check.metrics},
        )
        events.append(
            t.monitoring_event(
                pipeline,
                check_id=row.pk,
                kind=check.kind,
                status=check.status,
                metrics=check.metrics,
                occurred_at=row.created_at,
            )
        )
        if pipeline.level == Level.CICD and check.status == "alert":
            events += _raise_alert(pipeline, day, check.kind, check.metrics)
    return events


def _raise_alert(
    pipeline: ReferencePipeline, day: date, check_kind: str, values: dict[str, Any]
) -> list[t.Event]:
    """One open alert at a time, and a cool-down after each, so a slow seasonal drift
    does not retrain every day."""
    kind = "drift" if check_kind == "data_drift" else "performance"
    recent = pipeline.alerts.filter(simulated_date__gt=day - timedelta(days=ALERT_COOLDOWN_DAYS))
    if pipeline.alerts.filter(status="open").exists() or recent.exists():
        return []
    detail = ", ".join(f"{k}={v}" for k, v in list(values.items())[:6])
    alert = Alert.objects.create(
        pipeline=pipeline,
        kind=kind,
        severity="warning" if kind == "drift" else "critical",
        detail=f"{check_kind}: {detail}"[:300],
        simulated_date=day,
    )
    return [t.alert_event(alert)]


def _decide_canary(pipeline: ReferencePipeline) -> list[t.Event]:
    """Promote the canary when its live error is no worse than the stable model's on
    the same days; roll it back otherwise."""
    routes = serving.live_routes(pipeline)
    canary, stable = routes.canary, routes.stable
    if canary is None or stable is None:
        return []
    logs = PredictionLog.objects.filter(
        pipeline=pipeline, simulated_date__gt=canary.simulated_date, actual__isnull=False
    )
    canary_logs = list(logs.filter(deployment=canary).values_list("actual", "prediction"))
    stable_logs = list(logs.filter(deployment=stable).values_list("actual", "prediction"))
    if len(canary_logs) < CANARY_MIN_ROWS or len(stable_logs) < CANARY_MIN_ROWS:
        return []
    canary_mae = metrics(*zip(*canary_logs, strict=True)).mae
    stable_mae = metrics(*zip(*stable_logs, strict=True)).mae
    if canary_mae <= stable_mae * (1 + CANARY_TOLERANCE):
        promoted = serving.canary_promote(canary=canary, stable=stable)
        return [t.deployment_event(promoted)]
    serving.canary_rollback(canary=canary)
    canary.refresh_from_db()
    reason = f"canary MAE {canary_mae:.1f} above stable MAE {stable_mae:.1f}"
    return [
        t.deployment_event(canary, status="rolled_back", suffix="-rolled-back"),
        t.rollback_event(canary, stable, reason=reason),
    ]


def _triggered_runs(pipeline: ReferencePipeline, day: date, *, queue: bool) -> list[PipelineRun]:
    """Level 2: an open alert without a run retrains now. Levels 1-2: enough new days
    since the last production run. The canary verdict comes first in the day, so a
    canary of two days is judged before a newer candidate can replace it."""
    if pipeline.level == Level.MANUAL:
        return []
    if pipeline.level == Level.CICD:
        alert = pipeline.alerts.filter(status="open", runs__isnull=True).first()
        if alert is not None:
            return [
                runs.run_create(
                    pipeline=pipeline, trigger=alert.kind, alert_id=alert.pk, queue=queue
                )
            ]
    last = pipeline.runs.filter(environment="production").order_by("-number").first()
    if last is not None and (day - last.simulated_date).days < NEW_DATA_DAYS:
        return []
    return [runs.run_create(pipeline=pipeline, trigger="new_data", queue=queue)]


def days_left(pipeline: ReferencePipeline) -> int:
    return (LAST_DAY - pipeline.clock_date).days

"""Serving: deployments, the canary split, predictions and their logs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction

from mlops_site import clock
from mlops_site.errors import DomainError
from pipelines import artifacts
from pipelines.models import (
    Deployment,
    Level,
    ModelVersion,
    PipelineRun,
    PredictionLog,
    ReferencePipeline,
)
from pipelines.workflows import serving as rules
from pipelines.workflows.training import FEATURES

CANARY_PERCENT = 25


@dataclass(frozen=True)
class Routes:
    stable: Deployment | None
    canary: Deployment | None


def live_routes(pipeline: ReferencePipeline) -> Routes:
    live = list(
        pipeline.deployments.filter(state=Deployment.State.LIVE, environment="production")
        .select_related("model_version")
        .order_by("created_at", "id")
    )
    canary = next((d for d in live if d.traffic_percent < 100), None)
    stable = next((d for d in reversed(live) if d.traffic_percent == 100), None)
    return Routes(stable, canary)


@transaction.atomic
def deployment_create(*, run: PipelineRun, version: ModelVersion, actor_type: str) -> Deployment:
    """Levels 1 and 2 send a new version to a canary share while a stable model serves, so
    it is validated on live traffic before it serves all of it (Google level 1's online
    model validation); level 0 and a first deployment replace what serves. Idempotent per
    run."""
    existing = run.deployments.first()
    if existing is not None:
        return existing
    pipeline = ReferencePipeline.objects.select_for_update().get(pk=run.pipeline_id)
    routes = live_routes(pipeline)
    canary = pipeline.level >= Level.AUTOMATED and routes.stable is not None
    if routes.canary is not None:  # a newer candidate supersedes an undecided canary
        _end(routes.canary, Deployment.State.RETIRED)
    deployment = Deployment.objects.create(
        pipeline=pipeline,
        model_version=version,
        run=run,
        strategy=Deployment.Strategy.CANARY if canary else Deployment.Strategy.REPLACE,
        traffic_percent=CANARY_PERCENT if canary else 100,
        actor_type=actor_type,
        simulated_date=pipeline.clock_date,
    )
    if not canary:
        if routes.stable is not None:
            _end(routes.stable, Deployment.State.RETIRED)
        _make_champion(version)
    return deployment


def _end(deployment: Deployment, state: str) -> None:
    deployment.state, deployment.ended_at = state, clock.now()
    deployment.save(update_fields=["state", "ended_at"])


def _make_champion(version: ModelVersion) -> None:
    if version.pipeline.level == Level.MANUAL:
        return  # no registry at level 0: files, not aliases
    version.pipeline.model_versions.filter(alias=ModelVersion.Alias.CHAMPION).exclude(
        pk=version.pk
    ).update(alias="")
    version.alias = ModelVersion.Alias.CHAMPION
    version.save(update_fields=["alias"])


@transaction.atomic
def canary_promote(*, canary: Deployment, stable: Deployment) -> Deployment:
    _end(canary, Deployment.State.RETIRED)
    _end(stable, Deployment.State.RETIRED)
    promoted = Deployment.objects.create(
        pipeline=canary.pipeline,
        model_version=canary.model_version,
        run=canary.run,
        strategy=Deployment.Strategy.CANARY,
        traffic_percent=100,
        actor_type="pipeline",
        simulated_date=canary.pipeline.clock_date,
    )
    _make_champion(canary.model_version)
    return promoted


@transaction.atomic
def canary_rollback(*, canary: Deployment) -> None:
    _end(canary, Deployment.State.ROLLED_BACK)
    ModelVersion.objects.filter(pk=canary.model_version_id).update(alias="")


@lru_cache(maxsize=16)
def _model(path: str, sha256: str) -> Any:
    return artifacts.load(path, sha256=sha256)


def model_for(deployment: Deployment) -> Any:
    version = deployment.model_version
    return _model(version.artifact_path, version.artifact_sha256)


def _route(routes: Routes, key: str) -> Deployment:
    if routes.stable is None:
        raise DomainError("This pipeline has no model in production yet.")
    if (
        routes.canary is not None
        and rules.choose_route(key, routes.canary.traffic_percent) == "canary"
    ):
        return routes.canary
    return routes.stable


@dataclass(frozen=True)
class Prediction:
    value: float
    version: int
    route: str
    log_id: int


def prediction_make(*, pipeline: ReferencePipeline, payload: object, key: str) -> Prediction:
    """Validate one input, serve it with the production model (or the canary for its
    share of keys), and log it for monitoring."""
    parsed = rules.parse_input(payload)
    if parsed.errors:
        raise DomainError("Invalid input.", field_errors=parsed.errors)
    routes = live_routes(pipeline)
    deployment = _route(routes, key)
    frame = pd.DataFrame([parsed.row], columns=list(FEATURES))
    value = max(0.0, float(model_for(deployment).predict(frame)[0]))
    log = PredictionLog.objects.create(
        pipeline=pipeline,
        deployment=deployment,
        features=parsed.row,
        prediction=value,
        simulated_date=pipeline.clock_date,
        source="api",
    )
    route = "canary" if deployment is routes.canary else "stable"
    return Prediction(round(value, 2), deployment.model_version.version, route, log.pk)


def replay_day(*, pipeline: ReferencePipeline, rows: pd.DataFrame, day: date) -> int:
    """Serve one simulated day's hourly requests, then record the demand that
    actually happened (known at the end of the day)."""
    routes = live_routes(pipeline)
    if routes.stable is None or rows.empty:
        return 0
    keys = [f"{day.isoformat()}T{int(h):02d}" for h in rows["hr"]]
    chosen = [_route(routes, k) for k in keys]
    features = rows.loc[:, list(FEATURES)].reset_index(drop=True)
    predictions = np.zeros(len(rows))
    for deployment in {d.pk: d for d in chosen}.values():
        mask = np.array([d.pk == deployment.pk for d in chosen])
        predictions[mask] = model_for(deployment).predict(features[mask])
    records = features.astype(object).where(features.notna(), None).to_dict("records")
    PredictionLog.objects.bulk_create(
        PredictionLog(
            pipeline=pipeline,
            deployment=d,
            simulated_date=day,
            features=f,
            prediction=max(0.0, float(p)),
            actual=float(a),
            source="replay",
        )
        for d, f, p, a in zip(chosen, records, predictions, rows["cnt"], strict=True)
    )
    return len(rows)

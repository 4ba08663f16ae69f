"""What each step does: reads its inputs from earlier steps' outputs and the data
source, calls the pure workflows, stores artifacts, returns a JSON-able output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db import IntegrityError, transaction

from mlops_site import clock
from pipelines import artifacts, conf, source
from pipelines.models import Alert, ModelVersion, PipelineRun, StepRun
from pipelines.services import serving
from pipelines.services.telemetry import alert_event, telemetry_send
from pipelines.workflows import baseline, checks, data, evaluation, training, validation
from pipelines.workflows import serving as serving_rules

HOLDOUT_DAYS = 14


class StepFailed(Exception):
    """A step that did its job and found a reason to stop the run (shown as is)."""

    def __init__(self, message: str, output: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.output = output or {}


class StepRefused(Exception):
    """A manual step started out of order."""


@dataclass(frozen=True)
class Outcome:
    output: dict[str, Any] = field(default_factory=dict)
    #: Stop the run here, successfully (a candidate that is not good enough).
    stop: bool = False


def _frame(run: PipelineRun) -> pd.DataFrame:
    return data.ingest(source.bike_sharing(), until=run.simulated_date, fault=run.fault).frame


def _split(run: PipelineRun) -> tuple[pd.DataFrame, pd.DataFrame]:
    return data.split_by_days(_frame(run), last_days=HOLDOUT_DAYS)


def _output(run: PipelineRun, name: str) -> dict[str, Any]:
    return dict(run.steps.get(name=name).output)


def ingest(run: PipelineRun, step: StepRun) -> Outcome:
    ingested = data.ingest(source.bike_sharing(), until=run.simulated_date, fault=run.fault)
    return Outcome(
        {
            "data_version": ingested.data_version,
            "rows": ingested.rows,
            "first_day": ingested.first_day.isoformat(),
            "last_day": ingested.last_day.isoformat(),
        }
    )


def validate_data(run: PipelineRun, step: StepRun) -> Outcome:
    result = validation.validate_data(_frame(run))
    if not result.passed:
        columns = ", ".join(sorted({a.column for a in result.anomalies if a.kind == "schema"}))
        raise StepFailed(f"Schema anomalies in {columns}: training stopped.", result.as_dict())
    return Outcome(result.as_dict())


def train(run: PipelineRun, step: StepRun) -> Outcome:
    train_part, _ = _split(run)
    trained = training.train(train_part, params=run.pipeline.params)
    path = artifacts.artifact_path(run.pipeline_id, run.number)
    sha = artifacts.save(trained.model, path)
    ingested = _output(run, "ingest" if run.pipeline.level else "extract")
    return Outcome(
        {
            "artifact_path": str(path),
            "sha256": sha,
            "params": trained.params,
            "rows": trained.rows,
            "duration_s": round(trained.duration_s, 3),
            "data_version": ingested.get("data_version", ""),
            "code_version": conf.code_version(),
        }
    )


def _candidate(run: PipelineRun) -> Any:
    out = _output(run, "train")
    return artifacts.load(out["artifact_path"], sha256=out["sha256"])


def evaluate(run: PipelineRun, step: StepRun) -> Outcome:
    _, holdout = _split(run)
    return Outcome(evaluation.evaluate(_candidate(run), holdout).as_dict())


def _evaluation(raw: dict[str, Any]) -> evaluation.Evaluation:
    return evaluation.Evaluation(
        evaluation.Metrics(**raw["overall"]),
        {k: evaluation.Metrics(**v) for k, v in raw["slices"].items()},
    )


def validate_model(run: PipelineRun, step: StepRun) -> Outcome:
    """Candidate and champion (or, before any champion, a naive baseline) scored on
    the same holdout, overall and per slice."""
    train_part, holdout = _split(run)
    champion = run.pipeline.model_versions.filter(alias=ModelVersion.Alias.CHAMPION).first()
    if champion is not None:
        reference = artifacts.load(champion.artifact_path, sha256=champion.artifact_sha256)
        baseline_version = str(champion.version)
    else:
        reference, baseline_version = baseline.fit_baseline(train_part), baseline.BASELINE_VERSION
    thresholds = evaluation.Thresholds(**run.pipeline.thresholds.get("model", {}))
    result = evaluation.validate_candidate(
        _evaluation(_output(run, "evaluate")), evaluation.evaluate(reference, holdout), thresholds
    )
    output = {
        "passed": result.passed,
        "candidate_version": str(run.number),
        "baseline_version": baseline_version,
        "metric": result.metric,
        "candidate_value": result.candidate_value,
        "baseline_value": result.baseline_value,
        "failed_slices": list(result.failed_slices),
        "slices": result.slices,
        "reason": result.reason,
    }
    return Outcome(output, stop=not result.passed)


def _version_fields(run: PipelineRun, *, lineage: bool) -> dict[str, Any]:
    """The model version a run records: its trained file, parameters and metrics; with
    lineage (levels 1-2, through the registry) also the data and code it came from."""
    out = _output(run, "train")
    fields = {
        "pipeline": run.pipeline,
        "version": run.number,
        "artifact_path": out["artifact_path"],
        "artifact_sha256": out["sha256"],
        "params": out["params"],
        "metrics": _output(run, "evaluate"),
    }
    if lineage:
        fields.update(data_version=out["data_version"], code_version=out["code_version"])
    return fields


def register(run: PipelineRun, step: StepRun) -> Outcome:
    """Version = the number of the run that trained it; the unique constraint on the run
    makes a second registration of one run impossible, whatever retried it."""
    with transaction.atomic():
        run.pipeline.model_versions.filter(alias=ModelVersion.Alias.CHALLENGER).update(alias="")
        try:
            with transaction.atomic():
                version, _ = ModelVersion.objects.get_or_create(
                    run=run, defaults=_version_fields(run, lineage=True)
                )
        except IntegrityError:
            version = ModelVersion.objects.get(run=run)
        if not version.alias:
            version.alias = ModelVersion.Alias.CHALLENGER
            version.save(update_fields=["alias"])
    return Outcome({"version": version.version, "alias": "challenger"})


def _suite_output(*suites: checks.SuiteResult) -> dict[str, Any]:
    return {
        "suites": {
            s.scope: {
                "total": s.total,
                "failed": s.failed,
                "duration_s": round(s.duration_s, 3),
                "results": [r.__dict__ for r in s.results],
            }
            for s in suites
        }
    }


def _raise_if_failed(output: dict[str, Any], *suites: checks.SuiteResult) -> Outcome:
    failed = [r.name for s in suites for r in s.results if not r.passed]
    if failed:
        raise StepFailed(f"Tests failed: {', '.join(failed)}.", output)
    return Outcome(output)


def test_pipeline(run: PipelineRun, step: StepRun) -> Outcome:
    suite = checks.run_suite("pipeline", checks.PIPELINE_CHECKS)
    return _raise_if_failed(_suite_output(suite), suite)


def _application_checks() -> tuple[checks.Check, ...]:
    def make(payload: object, expected: set[str]) -> checks.Check:
        def rejects_exactly_the_bad_fields() -> None:
            found = set(serving_rules.parse_input(payload).errors)
            assert found == expected, f"errors on {sorted(found)}, expected {sorted(expected)}"

        return rejects_exactly_the_bad_fields

    return tuple(make(p, e) for p, e in serving_rules.application_checks_inputs())


def test_model(run: PipelineRun, step: StepRun) -> Outcome:
    """The registered candidate inside the prediction path, and the service's input rules."""
    _, holdout = _split(run)
    version = ModelVersion.objects.get(run=run)
    model = artifacts.load(version.artifact_path, sha256=version.artifact_sha256)
    model_suite = checks.run_suite("model", checks.model_checks(model, holdout.head(48)))
    app_suite = checks.run_suite("application", _application_checks())
    return _raise_if_failed(_suite_output(model_suite, app_suite), model_suite, app_suite)


def deploy(run: PipelineRun, step: StepRun) -> Outcome:
    version = ModelVersion.objects.get(run=run)
    deployment = serving.deployment_create(run=run, version=version, actor_type="pipeline")
    return Outcome(
        {
            "deployment": deployment.pk,
            "strategy": deployment.strategy,
            "traffic_percent": deployment.traffic_percent,
            "version": version.version,
        }
    )


def export(run: PipelineRun, step: StepRun) -> Outcome:
    """Level 0: a person copies the model file to the server by hand; no registry, no
    lineage: the record keeps only the file and its hash."""
    version, _ = ModelVersion.objects.get_or_create(
        run=run, defaults=_version_fields(run, lineage=False)
    )
    deployment = serving.deployment_create(run=run, version=version, actor_type="human")
    return Outcome(
        {
            "file": version.artifact_path,
            "sha256": version.artifact_sha256,
            "deployment": deployment.pk,
        }
    )


STEPS: dict[str, Callable[[PipelineRun, StepRun], Outcome]] = {
    "extract": ingest,
    "ingest": ingest,
    "validate_data": validate_data,
    "train": train,
    "evaluate": evaluate,
    "validate_model": validate_model,
    "register": register,
    "test_pipeline": test_pipeline,
    "test_model": test_model,
    "deploy": deploy,
    "export": export,
}


def after_run(run: PipelineRun) -> None:
    """An alert that started this run is resolved once its retrained model is deployed."""
    if run.alert_id is None or not run.deployments.exists():
        return
    alert = Alert.objects.select_related("pipeline__team").get(pk=run.alert_id)
    if alert.status == "resolved":
        return
    alert.status, alert.resolved_at = "resolved", clock.now()
    alert.save(update_fields=["status", "resolved_at"])
    telemetry_send(pipeline=alert.pipeline, events=[alert_event(alert)])

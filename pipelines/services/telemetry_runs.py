"""The events a finished run sends, by level: what each maturity level really records."""

from __future__ import annotations

from pipelines.models import Level, ModelVersion, PipelineRun, Status, StepRun
from pipelines.services import telemetry as t


def run_events(run: PipelineRun) -> list[t.Event]:
    steps = {s.name: s for s in run.steps.all()}
    if run.pipeline.level == Level.MANUAL:
        return _manual_events(run, steps)
    events = [t.pipeline_run_event(run)]
    events += _ci_events(run, steps)
    if _done(steps.get("validate_data")):
        events.append(t.data_validation_event(run, steps["validate_data"]))
    if _done(steps.get("evaluate")):
        events.append(t.training_run_event(run, steps["train"], steps["evaluate"]))
    if _done(steps.get("validate_model")):
        events.append(t.model_validation_event(run, steps["validate_model"]))
    version = ModelVersion.objects.filter(run=run).first()
    if version is not None and _done(steps.get("register")):
        events.append(t.model_registered_event(run, version, steps["register"]))
    events += [t.deployment_event(d) for d in run.deployments.all()]
    return events


def _done(step: StepRun | None) -> bool:
    return step is not None and step.status in (Status.SUCCEEDED, Status.FAILED)


def _manual_events(run: PipelineRun, steps: dict[str, StepRun]) -> list[t.Event]:
    """A person runs scripts: only what they note by hand (a training record) and the
    hand deployment reach the platform; no pipeline, no data or code versions."""
    events = []
    if steps["evaluate"].status == Status.SUCCEEDED:
        events.append(t.training_run_event(run, steps["train"], steps["evaluate"]))
    events += [t.deployment_event(d) for d in run.deployments.all()]
    return events


def _ci_events(run: PipelineRun, steps: dict[str, StepRun]) -> list[t.Event]:
    events = []
    for name in ("test_pipeline", "test_model"):
        step = steps.get(name)
        if not _done(step) or step is None or step.finished_at is None:
            continue
        for scope, result in step.output.get("suites", {}).items():
            events.append(
                t.ci_run_event(
                    run.pipeline,
                    key=run.run_key,
                    scope=scope,
                    total=result["total"],
                    failed=result["failed"],
                    occurred_at=step.finished_at,
                    run=run,
                )
            )
    return events

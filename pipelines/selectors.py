"""Reads of the pipelines app shared by pages, the API, the command and tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse

from jobs.models import Job
from pipelines.models import (
    Alert,
    Deployment,
    MonitoringCheck,
    PipelineRun,
    ReferencePipeline,
    Status,
    StepRun,
)
from tenancy.models import Team


def pipelines_for_team(team: Team) -> QuerySet[ReferencePipeline]:
    return team.reference_pipelines.annotate(run_count=Count("runs")).order_by("level", "slug")


def pipeline_for_team(team: Team, slug: str) -> ReferencePipeline:
    found = team.reference_pipelines.select_related("team__organization").filter(slug=slug).first()
    if found is None:
        raise Http404("No such pipeline.")
    return found


def run_for_pipeline(pipeline: ReferencePipeline, number: int) -> PipelineRun:
    run = pipeline.runs.filter(number=number).select_related("alert").first()
    if run is None:
        raise Http404("No such run.")
    return run


def step_row(step: StepRun) -> dict[str, Any]:
    duration = (
        (step.finished_at - step.started_at).total_seconds()
        if step.started_at and step.finished_at
        else None
    )
    return {
        "name": step.name,
        "kind": step.kind,
        "status": step.status,
        "started_at": step.started_at.isoformat() if step.started_at else None,
        "finished_at": step.finished_at.isoformat() if step.finished_at else None,
        "duration_s": round(duration, 2) if duration is not None else None,
        "error": step.error.split("\n\n")[0],
        "attempts": step.attempts,
    }


def run_status(run: PipelineRun) -> dict[str, Any]:
    """The small JSON a page polls while a run works."""
    steps = [step_row(s) for s in run.steps.order_by("position")]
    done = sum(s["status"] in (Status.SUCCEEDED, Status.SKIPPED) for s in steps)
    return {
        "number": run.number,
        "status": run.status,
        "trigger": run.trigger,
        "environment": run.environment,
        "simulated_date": run.simulated_date.isoformat(),
        "error": run.error,
        "progress": round(100 * done / len(steps)) if steps else 0,
        "finished": run.is_finished,
        "steps": steps,
    }


def metrics_over_time(pipeline: ReferencePipeline) -> list[dict[str, Any]]:
    rows = []
    for step in (
        StepRun.objects.filter(run__pipeline=pipeline, name="evaluate", status=Status.SUCCEEDED)
        .select_related("run")
        .order_by("run__number")
    ):
        overall = step.output.get("overall", {})
        rows.append(
            {"run": step.run.number, "date": step.run.simulated_date.isoformat(), **overall}
        )
    return rows


def drift_series(pipeline: ReferencePipeline) -> dict[str, list[Any]]:
    """Per-feature drift scores by simulated day, from the data-drift checks."""
    series: dict[str, list[Any]] = {"dates": []}
    checks = MonitoringCheck.objects.filter(pipeline=pipeline, kind="data_drift").order_by(
        "simulated_date"
    )
    for check in checks:
        series["dates"].append(check.simulated_date.isoformat())
        for key, value in check.metrics.items():
            series.setdefault(key, []).append(value)
    return series


def pipeline_summary(pipeline: ReferencePipeline) -> dict[str, Any]:
    runs = pipeline.runs.all()
    deployments = pipeline.deployments.all()
    return {
        "pipeline": f"{pipeline.team}/{pipeline.slug} (level {pipeline.level})",
        "simulated day": pipeline.clock_date.isoformat(),
        "runs": {
            s: runs.filter(status=s).count()
            for s in Status.values
            if runs.filter(status=s).exists()
        },
        "triggers": dict(runs.values_list("trigger").annotate(n=Count("id")).order_by()),
        "model versions": list(
            pipeline.model_versions.values_list("version", "alias").order_by("version")
        ),
        "deployments": [
            f"v{d.model_version.version} {d.strategy} {d.traffic_percent}% {d.state}"
            for d in deployments.select_related("model_version").order_by("id")
        ],
        "alerts": [
            f"{a.kind} {a.status} ({a.simulated_date})" for a in pipeline.alerts.order_by("id")
        ],
        "monitoring checks": pipeline.checks.count(),
        "predictions logged": pipeline.predictions.count(),
        "telemetry batches sent": pipeline.deliveries.filter(sent=True).count(),
        "telemetry batches failed": pipeline.deliveries.filter(sent=False).count(),
        "last error": runs.filter(status=Status.FAILED).values_list("error", flat=True).first()
        or "",
    }


def recent_alerts(pipeline: ReferencePipeline) -> QuerySet[Alert]:
    return pipeline.alerts.order_by("-created_at")[:20]


def deployments_for(pipeline: ReferencePipeline) -> QuerySet[Deployment]:
    return pipeline.deployments.select_related("model_version").order_by("-created_at", "-id")[:30]


def pipeline_url(pipeline: ReferencePipeline) -> str:
    team = pipeline.team
    return reverse(
        "pipeline-detail",
        kwargs={"org": team.organization.slug, "team": team.slug, "pipeline": pipeline.slug},
    )


def run_url(run: PipelineRun) -> str:
    team = run.pipeline.team
    kwargs = {"org": team.organization.slug, "team": team.slug, "pipeline": run.pipeline.slug}
    return reverse("pipeline-run", kwargs={**kwargs, "run": run.number})


def advance_job(pipeline: ReferencePipeline) -> Job | None:
    return (
        Job.objects.filter(
            kind__in=("pipelines.advance_clock", "pipelines.demo_feed"),
            organization_id=pipeline.team.organization_id,
            params__pipeline_id=pipeline.pk,
        )
        .order_by("-created_at")
        .first()
    )


def pipeline_status(pipeline: ReferencePipeline) -> dict[str, Any]:
    """What a pipeline page polls: the clock, the latest run, the clock job's progress."""
    latest = pipeline.runs.order_by("-number").first()
    job = advance_job(pipeline)
    return {
        "clock_date": pipeline.clock_date.isoformat(),
        "pending_fault": pipeline.pending_fault,
        "latest_run": run_status(latest) if latest else None,
        # Levels 1-2 start with queued first runs; level 0 waits for a person, not a worker.
        "busy": (pipeline.level != 0 and (latest is None or not latest.is_finished))
        or bool(job and not job.is_finished),
        "clock_job": (
            {
                "status": job.status,
                "progress": job.progress,
                "message": job.message,
                "error": job.error.split("\n\n")[0],
            }
            if job
            else None
        ),
    }


def pipeline_page(pipeline: ReferencePipeline) -> dict[str, Any]:
    runs = list(pipeline.runs.order_by("-number")[:30])
    failed = pipeline.deliveries.filter(sent=False)
    return {
        "team": pipeline.team,
        "pipeline": pipeline,
        "runs": runs,
        "status": pipeline_status(pipeline),
        "versions": list(pipeline.model_versions.select_related("run").order_by("-version")[:30]),
        "deployments": list(deployments_for(pipeline)),
        "alerts": list(recent_alerts(pipeline)),
        "metrics_series": metrics_over_time(pipeline),
        "drift_series": drift_series(pipeline),
        "checks": list(pipeline.checks.order_by("-simulated_date", "kind")[:21]),
        "telemetry_failed": failed.count(),
        "telemetry_last_error": failed.values_list("error", flat=True).first() or "",
        "telemetry_sent": pipeline.deliveries.filter(sent=True).count(),
    }

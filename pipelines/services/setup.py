"""Creating reference pipelines, delivering their code (level 2), and demonstration faults."""

from __future__ import annotations

import json
from datetime import date

from django.db import transaction
from django.utils.text import slugify
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from mlops_site import clock
from mlops_site.errors import DomainError
from pipelines import conf, dispatch
from pipelines.models import Level, PipelineRelease, ReferencePipeline
from pipelines.services import runs
from pipelines.services import telemetry as t
from pipelines.workflows import checks
from tenancy.models import Team
from tenancy.services.tokens import token_issue

FIRST_DAY = date(2011, 3, 31)  # three months of history before the first training
ENVIRONMENTS = ("dev", "staging", "production")


def token_issue_for_pipeline(*, pipeline: ReferencePipeline) -> str:
    """An API token limited to the pipeline's team, returning its prefix. The API keeps
    only its hash and the pipeline only the prefix: the secret is derived when sending."""
    issued = token_issue(
        organization=pipeline.team.organization,
        team=pipeline.team,
        name=f"Reference pipeline {pipeline.slug}",
        derived_for=t.token_purpose(pipeline),
    )
    return issued.token.prefix


def _schedule(pipeline: ReferencePipeline) -> None:
    """A daily run of this pipeline (runs a dead worker left are recovered by `jobs`)."""
    every_day, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.update_or_create(
        name=f"pipelines: scheduled run of pipeline {pipeline.pk}",
        defaults={
            "task": dispatch.SCHEDULED_RUN,
            "interval": every_day,
            "args": json.dumps([pipeline.pk]),
            "enabled": True,
        },
    )


@transaction.atomic
def pipeline_create(
    *,
    team: Team,
    level: int,
    slug: str = "",
    name: str = "",
    start: date = FIRST_DAY,
    params: dict[str, object] | None = None,
    bootstrap: bool = True,
) -> ReferencePipeline:
    """A reference pipeline with its own token; levels 1-2 get a daily schedule; the first
    runs (and, at level 2, the delivery of the pipeline code) are queued after commit."""
    if level not in Level.values:
        raise DomainError("Level must be 0, 1 or 2.", field_errors={"level": ["Choose 0, 1 or 2."]})
    slug = slug or f"bike-demand-level-{level}"
    if ReferencePipeline.objects.filter(team=team, slug=slug).exists():
        raise DomainError(
            "This team already has a pipeline with that name.",
            field_errors={"slug": ["Already used in this team."]},
        )
    pipeline = ReferencePipeline.objects.create(
        team=team,
        slug=slugify(slug)[:64],
        level=level,
        clock_date=start,
        name=name or f"Bike demand, {Level(level).label}",
        params=params or {},
    )
    pipeline.telemetry_token_prefix = token_issue_for_pipeline(pipeline=pipeline)
    pipeline.save(update_fields=["telemetry_token_prefix"])
    if level >= Level.AUTOMATED:
        _schedule(pipeline)
    if bootstrap and level >= Level.AUTOMATED:
        dispatch.bootstrap_queue(pipeline_id=pipeline.pk)
    return pipeline


def pipeline_bootstrap(*, pipeline_id: int) -> None:
    """Level 2 delivers its code through CI first; then the same pipeline version runs
    outside production (experimentation, or staging at level 2) and in production."""
    pipeline = ReferencePipeline.objects.select_related("team").get(pk=pipeline_id)
    if pipeline.runs.exists():
        return
    if pipeline.level == Level.CICD:
        pipeline_deliver(pipeline=pipeline)
    first_env = "staging" if pipeline.level == Level.CICD else "dev"
    for environment in (first_env, "production"):
        run = runs.run_create(
            pipeline=pipeline, trigger="manual", environment=environment, queue=False
        )
        runs.run_execute(run_id=run.pk)


def pipeline_deliver(*, pipeline: ReferencePipeline) -> bool:
    """CI of the pipeline code, then delivery of that version to each environment in
    turn by the CI system. A failing suite delivers nothing."""
    version = conf.pipeline_version()
    if pipeline.releases.filter(pipeline_version=version, environment="production").exists():
        return True
    suite = checks.run_suite("pipeline", checks.PIPELINE_CHECKS)
    events = [
        t.ci_run_event(
            pipeline,
            key=f"{pipeline.slug}-{pipeline.pk}:release:{version}",
            scope="pipeline",
            total=suite.total,
            failed=suite.failed,
            occurred_at=clock.now(),
        )
    ]
    if suite.passed:
        for environment in ENVIRONMENTS:
            release, _ = PipelineRelease.objects.get_or_create(
                pipeline=pipeline,
                pipeline_version=version,
                environment=environment,
                defaults={"tests_total": suite.total, "tests_failed": suite.failed},
            )
            events.append(
                t.pipeline_deployed_event(
                    pipeline,
                    version=version,
                    environment=environment,
                    occurred_at=release.created_at,
                )
            )
    t.telemetry_send(pipeline=pipeline, events=events)
    return suite.passed


@transaction.atomic
def fault_inject(*, pipeline: ReferencePipeline, fault: str) -> ReferencePipeline:
    if fault not in ReferencePipeline.Fault.values:
        raise DomainError(
            "Unknown fault.", field_errors={"fault": ["Choose drift or schema_break."]}
        )
    pipeline.pending_fault = fault
    pipeline.save(update_fields=["pending_fault"])
    return pipeline

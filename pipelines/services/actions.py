"""What the buttons of a pipeline page do: each queues work and returns at once."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from jobs.models import Job
from jobs.services import job_create
from mlops_site.errors import DomainError
from pipelines import dispatch
from pipelines.models import Level, PipelineRun, ReferencePipeline, Status
from pipelines.services import runs
from pipelines.services.clock import LAST_DAY
from pipelines.services.setup import fault_inject


def run_start(*, pipeline: ReferencePipeline) -> PipelineRun:
    """Levels 1-2: an orchestrated run now. Level 0: a new manual run whose steps a
    person then starts one by one."""
    if (
        pipeline.level == Level.MANUAL
        and pipeline.runs.exclude(status__in=[Status.SUCCEEDED, Status.FAILED]).exists()
    ):
        raise DomainError("Finish the manual run in progress first (run its next step).")
    return runs.run_create(pipeline=pipeline, trigger="manual")


@transaction.atomic
def manual_step_start(*, pipeline: ReferencePipeline) -> PipelineRun:
    run = pipeline.runs.exclude(status__in=[Status.SUCCEEDED, Status.FAILED]).first()
    if pipeline.level != Level.MANUAL or run is None:
        raise DomainError("There is no manual run waiting for its next step.")
    step = run.steps.filter(status=Status.PENDING).order_by("position").first()
    if step is None:
        raise DomainError("This run has no step left to start.")
    dispatch.step_queue(run_id=run.pk, step_name=step.name)
    return run


def clock_advance_start(*, pipeline: ReferencePipeline, days: int) -> Job:
    if pipeline.clock_date >= LAST_DAY:
        raise DomainError("The data ends on 2012-12-31: the clock cannot go further.")
    until = min(LAST_DAY, pipeline.clock_date + timedelta(days=days))
    return job_create(
        kind="pipelines.advance_clock",
        organization=pipeline.team.organization,
        params={
            "pipeline_id": pipeline.pk,
            "from": pipeline.clock_date.isoformat(),
            "until": until.isoformat(),
        },
    )


def fault_start(*, pipeline: ReferencePipeline, fault: str) -> ReferencePipeline:
    return fault_inject(pipeline=pipeline, fault=fault)

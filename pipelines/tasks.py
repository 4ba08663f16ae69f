"""Celery tasks of the reference pipelines: ids in, one service call out.

Every task acknowledges late and has its own time limit; a run whose worker
died is queued again by the recovery of `jobs` once its lease runs out. The
services make a second delivery safe (a succeeded step is not redone, a run is
held by one worker at a time, a run registers at most one model version).
Their names are kept in `pipelines.dispatch`, which sends them.
"""

from __future__ import annotations

import logging

from celery import shared_task

from pipelines import dispatch
from pipelines.models import ReferencePipeline
from pipelines.services import runs, setup
from pipelines.services.telemetry import telemetry_resend

logger = logging.getLogger(__name__)
#: A run trains a few models: half an hour at most (its soft limit fails the step).
RUN_LIMIT_S = 1800


@shared_task(
    name=dispatch.RUN_PIPELINE,
    acks_late=True,
    time_limit=RUN_LIMIT_S,
    soft_time_limit=RUN_LIMIT_S - 30,
)
def run_pipeline(run_id: int) -> None:
    runs.run_execute(run_id=run_id)


@shared_task(
    name=dispatch.RUN_STEP, acks_late=True, time_limit=RUN_LIMIT_S, soft_time_limit=RUN_LIMIT_S - 30
)
def run_step(run_id: int, step_name: str) -> None:
    try:
        runs.run_execute(run_id=run_id, only_step=step_name)
    except runs.steps.StepRefused:
        logger.warning("manual step refused", extra={"run": run_id, "step": step_name})


@shared_task(name=dispatch.BOOTSTRAP, acks_late=True, time_limit=3600, soft_time_limit=3570)
def bootstrap(pipeline_id: int) -> None:
    setup.pipeline_bootstrap(pipeline_id=pipeline_id)


@shared_task(
    name=dispatch.SCHEDULED_RUN,
    acks_late=True,
    time_limit=RUN_LIMIT_S,
    soft_time_limit=RUN_LIMIT_S - 30,
)
def scheduled_run(pipeline_id: int) -> None:
    """The daily schedule of levels 1-2 (a django-celery-beat PeriodicTask)."""
    pipeline = ReferencePipeline.objects.filter(pk=pipeline_id).first()
    if pipeline is None or pipeline.level == 0:
        return
    run = runs.run_create(pipeline=pipeline, trigger="schedule", queue=False)
    runs.run_execute(run_id=run.pk)


@shared_task(name=dispatch.RESEND_TELEMETRY, acks_late=True, time_limit=300, soft_time_limit=270)
def resend_telemetry(pipeline_id: int) -> int:
    pipeline = ReferencePipeline.objects.select_related("team").get(pk=pipeline_id)
    return telemetry_resend(pipeline=pipeline)

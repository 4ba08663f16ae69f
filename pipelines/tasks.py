"""Celery tasks of the reference pipelines: ids in, one service call out.

Every task acknowledges late, so a message whose worker died is delivered
again; the services make that safe (a succeeded step is not redone, a run is
held by one worker at a time, a run registers at most one model version).
Their names are kept in `pipelines.dispatch`, which sends them.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from pipelines import dispatch
from pipelines.models import ReferencePipeline
from pipelines.services import runs, setup
from pipelines.services.telemetry import telemetry_resend

logger = logging.getLogger(__name__)


@shared_task(name=dispatch.RUN_PIPELINE, acks_late=True)
def run_pipeline(run_id: int) -> None:
    runs.run_execute(run_id=run_id)


@shared_task(name=dispatch.RUN_STEP, acks_late=True)
def run_step(run_id: int, step_name: str) -> None:
    try:
        runs.run_execute(run_id=run_id, only_step=step_name)
    except runs.steps.StepRefused:
        logger.warning("manual step refused", extra={"run": run_id, "step": step_name})


@shared_task(name=dispatch.BOOTSTRAP, acks_late=True)
def bootstrap(pipeline_id: int) -> None:
    setup.pipeline_bootstrap(pipeline_id=pipeline_id)


@shared_task(name=dispatch.SCHEDULED_RUN, acks_late=True)
def scheduled_run(pipeline_id: int) -> None:
    """The daily schedule of levels 1-2 (a django-celery-beat PeriodicTask)."""
    pipeline = ReferencePipeline.objects.filter(pk=pipeline_id).first()
    if pipeline is None or pipeline.level == 0:
        return
    run = runs.run_create(pipeline=pipeline, trigger="schedule", queue=False)
    runs.run_execute(run_id=run.pk)


@shared_task(name=dispatch.RECOVER_RUNS, acks_late=True)
def recover_runs() -> int:
    """Queue again the runs whose worker is gone, once their lease has expired."""
    found = runs.runs_to_recover()
    for run_id, wait in found:
        run_pipeline.apply_async((run_id,), countdown=wait + 1)
    return len(found)


@shared_task(name=dispatch.RESEND_TELEMETRY, acks_late=True)
def resend_telemetry(pipeline_id: int) -> int:
    pipeline = ReferencePipeline.objects.select_related("team").get(pk=pipeline_id)
    return telemetry_resend(pipeline=pipeline)


@worker_ready.connect
def _recover_on_start(**_: Any) -> None:
    """A worker that starts picks up what a dead one left."""
    recover_runs.delay()

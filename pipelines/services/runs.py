"""Runs: created with their steps, executed step by step under a lease.

A step that succeeded is never redone, so a run resumed after a crash, a
retried task or a redelivered message continues where it stopped. The lease
keeps two workers from working on one run at the same time; an expired lease
(its worker died) may be taken over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import F, Max

from jobs import lease, recovery
from mlops_site import clock
from mlops_site.crashpoints import hold_point
from pipelines import conf, dispatch
from pipelines.models import PipelineRun, ReferencePipeline, Status, StepRun
from pipelines.services import plans, steps
from pipelines.services.telemetry import deliveries_send, sends_deferred, telemetry_send
from pipelines.services.telemetry_runs import run_events

logger = logging.getLogger(__name__)
OnCommit = Callable[[PipelineRun], None]


@transaction.atomic
def run_create(
    *,
    pipeline: ReferencePipeline,
    trigger: str,
    environment: str = "production",
    alert_id: int | None = None,
    queue: bool = True,
) -> PipelineRun:
    """Record a run and its pending steps on the pipeline's current day; queue it after commit."""
    locked = ReferencePipeline.objects.select_for_update().get(pk=pipeline.pk)
    number = (locked.runs.aggregate(n=Max("number"))["n"] or 0) + 1
    run = PipelineRun.objects.create(
        pipeline=locked,
        number=number,
        trigger=trigger,
        environment=environment,
        pipeline_version=conf.pipeline_version(),
        simulated_date=locked.clock_date,
        alert_id=alert_id,
        fault=locked.pending_fault,
    )
    if locked.pending_fault != ReferencePipeline.Fault.NONE and environment == "production":
        locked.pending_fault = ReferencePipeline.Fault.NONE
        locked.save(update_fields=["pending_fault"])
    StepRun.objects.bulk_create(
        StepRun(run=run, position=i, name=name, kind=kind)
        for i, (name, kind) in enumerate(plans.steps_for(locked.level, environment))
    )
    if queue and locked.level != 0:
        dispatch.run_queue(run_id=run.pk)
    return run


FINISHED = [Status.SUCCEEDED, Status.FAILED]


def _claim(run_id: int, owner: str) -> bool:
    return lease.lease_claim(
        PipelineRun, run_id, owner=owner, finished=FINISHED, running=Status.RUNNING
    )


def run_execute(*, run_id: int, owner: str | None = None, only_step: str | None = None) -> bool:
    """Execute the run's remaining steps (or one named step, for manual runs).

    Returns False, doing nothing, when another worker holds the run or it finished."""
    owner = owner or lease.worker_identity()
    if not _claim(run_id, owner):
        logger.info("run finished or held elsewhere: nothing to do", extra={"run": run_id})
        return False
    run = PipelineRun.objects.select_related("pipeline__team").get(pk=run_id)
    for step in run.steps.order_by("position"):
        if step.status in (Status.SUCCEEDED, Status.SKIPPED):
            continue
        if only_step is not None and step.name != only_step:
            _release(run, owner)
            raise steps.StepRefused(f"Run step {step.name!r} before {only_step!r}.")
        with lease.heartbeat(PipelineRun, run_id, owner=owner):
            outcome = _execute_step(run, step)
        if outcome is None:
            return _finish(run, owner, failed=step)
        if outcome.stop:
            run.steps.filter(status=Status.PENDING).update(status=Status.SKIPPED)
            break
        if only_step is not None:
            break
    finished = not run.steps.filter(
        status__in=[Status.PENDING, Status.RUNNING, Status.FAILED]
    ).exists()
    return _finish(run, owner) if finished else _release(run, owner)


def _execute_step(run: PipelineRun, step: StepRun) -> steps.Outcome | None:
    StepRun.objects.filter(pk=step.pk).update(
        status=Status.RUNNING, started_at=clock.now(), attempts=F("attempts") + 1, error=""
    )
    step.refresh_from_db()
    hold_point(f"step_{step.name}")
    try:
        outcome = steps.STEPS[step.name](run, step)
    except Exception as exc:  # recorded on the step and the run, never raised into the worker
        logger.exception("step failed", extra={"run": run.pk, "step": step.name})
        if isinstance(exc, steps.StepFailed):
            detail = error = exc.message
        else:
            detail, error = f"{type(exc).__name__}: {exc}", lease.failure_text(exc)
        step.status, step.error, step.output = Status.FAILED, error, getattr(exc, "output", {})
        step.finished_at = clock.now()
        step.save(update_fields=["status", "error", "output", "finished_at"])
        run.error = f"Step {step.name} failed: {detail}"
        return None
    step.status, step.output, step.finished_at = Status.SUCCEEDED, outcome.output, clock.now()
    step.save(update_fields=["status", "output", "finished_at"])
    return outcome


def _finish(run: PipelineRun, owner: str, *, failed: StepRun | None = None) -> bool:
    """Record the outcome, what follows from it and the telemetry that reports them in
    one transaction, then send: a crash in between leaves the batches recorded, and
    the recovery sends them."""
    with sends_deferred() as pending, transaction.atomic():
        if failed is not None:
            run.steps.filter(status=Status.PENDING).update(status=Status.SKIPPED)
        lease.lease_end(
            PipelineRun, run.pk, owner=owner, status=Status.FAILED if failed else Status.SUCCEEDED,
            error=run.error if failed else "", finished_at=clock.now(),
        )  # fmt: skip
        run.refresh_from_db()
        telemetry_send(pipeline=run.pipeline, events=run_events(run))
        steps.after_run(run)
    hold_point("run_finished_before_telemetry")
    deliveries_send(pending)
    return True


def _release(run: PipelineRun, owner: str) -> bool:
    """A manual run between two steps: it waits for a person, held by nobody."""
    lease.lease_end(PipelineRun, run.pk, owner=owner, worker="", status=Status.PENDING)
    return True


@recovery.register("pipeline runs")
def runs_to_recover(within_s: float) -> Iterable[recovery.Resend]:
    """Unfinished runs whose worker is gone (lease expired) or that never started;
    level 0's runs wait for a person between steps, so they are left alone."""
    stale = PipelineRun.objects.filter(status__in=[Status.RUNNING, Status.PENDING]).exclude(
        pipeline__level=0
    )
    for run, wait in lease.expired(stale, within_s=within_s):
        yield dispatch.RUN_PIPELINE, (run.pk,), wait

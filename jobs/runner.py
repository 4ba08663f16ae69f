"""Runs a Job's handler under its lease and records progress, outcome and failure."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from jobs import lease
from jobs.models import Job
from mlops_site import clock

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]
Handler = Callable[[dict[str, Any], Progress], dict[str, Any]]
FINISHED = [Job.Status.SUCCEEDED, Job.Status.FAILED]


def job_run(*, job_id: str, kind: str, handler: Handler) -> None:
    """Run the job with the handler of its kind, unless it finished or a live worker
    holds it (a redelivered or recovered message is then a no-op)."""
    owner = lease.worker_identity()
    if not lease.lease_claim(
        Job, job_id, owner=owner, finished=FINISHED, running=Job.Status.RUNNING
    ):
        logger.info("job finished or held elsewhere: nothing to do", extra={"job_id": job_id})
        return
    job = Job.objects.get(id=job_id)

    def progress(percent: int, message: str) -> None:
        Job.objects.filter(id=job_id).update(
            progress=max(0, min(100, percent)), message=message[:300]
        )

    try:
        if job.kind != kind:
            raise LookupError(f"A job of kind {job.kind!r} reached the task of {kind!r}.")
        with lease.heartbeat(Job, job_id, owner=owner):
            result = handler(job.params, progress)
    except Exception as exc:  # recorded for people, not raised into the worker
        logger.exception("job failed", extra={"job_id": job_id, "kind": job.kind})
        _finish(job_id, owner, Job.Status.FAILED, error=lease.failure_text(exc))
        return
    _finish(job_id, owner, Job.Status.SUCCEEDED, result=result)
    logger.info("job succeeded", extra={"job_id": job_id, "kind": job.kind})


def _finish(
    job_id: str, owner: str, status: str, *, result: dict[str, object] | None = None,
    error: str = "",
) -> None:  # fmt: skip
    lease.lease_end(
        Job, job_id, owner=owner, status=status, progress=100, result=result or {},
        error=error, finished_at=clock.now(),
        message="Done" if status == Job.Status.SUCCEEDED else "Failed",
    )  # fmt: skip

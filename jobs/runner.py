"""Runs a Job's handler and records progress, outcome and failure on the row."""

from __future__ import annotations

import logging
import os
import socket
import traceback

from django.db import transaction

from jobs import handlers as jobs
from jobs.models import Job
from mlops_site import clock

logger = logging.getLogger(__name__)


def job_run(*, job_id: str) -> None:
    """Run the job unless it already finished (a redelivered message is a no-op)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(id=job_id).first()
        if job is None or job.is_finished:
            return
        job.status = Job.Status.RUNNING
        job.started_at = job.started_at or clock.now()
        job.attempts += 1
        job.worker = f"{socket.gethostname()}:{os.getpid()}"
        job.save(update_fields=["status", "started_at", "attempts", "worker"])

    def progress(percent: int, message: str) -> None:
        Job.objects.filter(id=job_id).update(
            progress=max(0, min(100, percent)), message=message[:300]
        )

    try:
        result = jobs.HANDLERS[job.kind](job.params, progress)
    except Exception as exc:  # recorded for people, not raised into the worker
        logger.exception("job failed", extra={"job_id": job_id, "kind": job.kind})
        _finish(job_id, Job.Status.FAILED, error=f"{exc}\n\n{traceback.format_exc()}")
        return
    _finish(job_id, Job.Status.SUCCEEDED, result=result)
    logger.info("job succeeded", extra={"job_id": job_id, "kind": job.kind})


def _finish(
    job_id: str, status: str, *, result: dict[str, object] | None = None, error: str = ""
) -> None:
    Job.objects.filter(id=job_id).update(
        status=status,
        progress=100,
        result=result or {},
        error=error,
        finished_at=clock.now(),
        message="Done" if status == Job.Status.SUCCEEDED else "Failed",
    )

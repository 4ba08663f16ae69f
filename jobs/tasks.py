"""Celery tasks: ids in, one call out; outcomes recorded on the Job row."""

from __future__ import annotations

from celery import shared_task

from jobs import runner as job_runner


@shared_task(name="assessments.run_job", acks_late=True)
def run_job(job_id: str) -> None:
    job_runner.job_run(job_id=job_id)

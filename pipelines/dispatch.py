"""Sending the pipelines' Celery tasks, once the current transaction has committed.

The services decide what to queue and call these functions; the tasks
(`pipelines.tasks`) call the services. The tasks are named here and looked up by
name in Celery's registry, so neither this module nor the services import the
tasks module: dependencies run one way, tasks -> services -> dispatch.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

RUN_PIPELINE = "pipelines.run_pipeline"
RUN_STEP = "pipelines.run_step"
BOOTSTRAP = "pipelines.bootstrap"
SCHEDULED_RUN = "pipelines.scheduled_run"
RECOVER_RUNS = "pipelines.recover_runs"
RESEND_TELEMETRY = "pipelines.resend_telemetry"


def queue_after_commit(task_name: str, *args: object) -> None:
    """Send the task with these arguments after commit (at once outside a transaction):
    a worker must never look for rows the transaction may still roll back."""
    transaction.on_commit(lambda: current_app.signature(task_name, args=args).delay())


def run_queue(*, run_id: int) -> None:
    queue_after_commit(RUN_PIPELINE, run_id)


def step_queue(*, run_id: int, step_name: str) -> None:
    queue_after_commit(RUN_STEP, run_id, step_name)


def bootstrap_queue(*, pipeline_id: int) -> None:
    queue_after_commit(BOOTSTRAP, pipeline_id)

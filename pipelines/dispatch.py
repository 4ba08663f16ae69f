"""Sending the pipelines' Celery tasks through the outbox of `jobs`.

The services decide what to queue and call these functions; the tasks
(`pipelines.tasks`) call the services. The tasks are named here and looked up by
name in Celery's registry, so neither this module nor the services import the
tasks module: dependencies run one way, tasks -> services -> dispatch.
"""

from __future__ import annotations

from jobs import outbox

RUN_PIPELINE = "pipelines.run_pipeline"
RUN_STEP = "pipelines.run_step"
BOOTSTRAP = "pipelines.bootstrap"
SCHEDULED_RUN = "pipelines.scheduled_run"
RESEND_TELEMETRY = "pipelines.resend_telemetry"


def queue_after_commit(task_name: str, *args: object) -> None:
    """Write the message with the current transaction and send it after commit: a
    worker must never look for rows the transaction may still roll back, and a
    refused broker must not lose the message (the outbox sends it later)."""
    outbox.outbox_queue(task_name, *args)


def run_queue(*, run_id: int) -> None:
    queue_after_commit(RUN_PIPELINE, run_id)


def step_queue(*, run_id: int, step_name: str) -> None:
    queue_after_commit(RUN_STEP, run_id, step_name)


def bootstrap_queue(*, pipeline_id: int) -> None:
    queue_after_commit(BOOTSTRAP, pipeline_id)


def run_waiting(*, run_id: int) -> bool:
    """Whether the run's message is still waiting for the broker."""
    return outbox.is_waiting(RUN_PIPELINE, run_id)


def bootstrap_waiting(*, pipeline_id: int) -> bool:
    return outbox.is_waiting(BOOTSTRAP, pipeline_id)

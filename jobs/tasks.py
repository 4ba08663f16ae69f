"""Celery tasks of the jobs app: recovery and the outbox sweep.

Each job kind has a task of its own, created when the kind registers
(`jobs.handlers.register`).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from jobs import outbox, recovery

RECOVER = "jobs.recover"
SEND_OUTBOX = "jobs.send_outbox"


@shared_task(name=RECOVER, time_limit=300, soft_time_limit=270)
def recover() -> int:
    """Queue again the work whose worker is gone, once its lease has run out."""
    return recovery.work_recover()


@shared_task(name=SEND_OUTBOX, time_limit=300, soft_time_limit=270)
def send_outbox() -> int:
    """Send the messages a refused broker kept back."""
    return outbox.outbox_send_waiting()


@worker_ready.connect
def _recover_on_start(**_: Any) -> None:
    """A worker that starts picks up what a dead one left, and what the broker refused."""
    send_outbox.delay()
    recover.delay()

"""The registry of job kinds: each kind is a named Celery task with its own time limit.

The task is named after the kind (`jobs.<kind>`, or the kind itself when it
already names its app, such as `pipelines.advance_clock`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from celery import shared_task

from jobs.runner import Handler, job_run


@dataclass(frozen=True)
class Kind:
    """A kind of job: what runs it, under which task name, for how long at most."""

    handler: Handler
    task: str
    time_limit: int


KINDS: dict[str, Kind] = {}


def task_name(kind: str) -> str:
    return kind if "." in kind else f"jobs.{kind}"


def register(kind: str, *, time_limit: int) -> Callable[[Handler], Handler]:
    """Register a handler and its task. The soft limit comes 30 s (at most a tenth of
    the limit) earlier, so the handler's failure is recorded before the hard kill."""

    def decorate(handler: Handler) -> Handler:
        name = task_name(kind)

        def run(job_id: str) -> None:
            job_run(job_id=job_id, kind=kind, handler=handler)

        run.__name__ = run.__qualname__ = name.replace(".", "_")
        soft = time_limit - min(30, max(1, time_limit // 10))
        shared_task(name=name, acks_late=True, time_limit=time_limit, soft_time_limit=soft)(run)
        KINDS[kind] = Kind(handler=handler, task=name, time_limit=time_limit)
        return handler

    return decorate

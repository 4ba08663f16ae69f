"""Recovery of work whose worker is gone, for every kind of work.

Each app registers a finder: given how far ahead to look, it returns the
messages to send again (task name, arguments, seconds to wait) for its work
whose lease ran out or was never taken. The recovery task (`jobs.recover`,
beat-scheduled and run when a worker starts) sends them all; the tasks take
ids and claim a lease first, so a message for work still held does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from celery import current_app
from django.conf import settings
from django.db.models import QuerySet

from jobs import handlers, lease
from jobs.models import Job
from mlops_site import clock

logger = logging.getLogger(__name__)
Resend = tuple[str, tuple[object, ...], float]
Finder = Callable[[float], Iterable[Resend]]

FINDERS: dict[str, Finder] = {}


def register(name: str) -> Callable[[Finder], Finder]:
    def decorate(finder: Finder) -> Finder:
        FINDERS[name] = finder
        return finder

    return decorate


@register("jobs")
def jobs_to_recover(within_s: float) -> Iterable[Resend]:
    unfinished = Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    _fail_unknown(unfinished.exclude(kind__in=list(handlers.KINDS)))
    for job, wait in lease.expired(unfinished, within_s=within_s):
        yield handlers.task_name(job.kind), (str(job.id),), wait


def _fail_unknown(orphans: QuerySet[Job]) -> None:
    """Kinds removed while their jobs waited: nothing can run them, say so."""
    for job in orphans:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            error=f"Unknown job kind {job.kind!r}: no handler is registered.",
            message="Failed",
            finished_at=clock.now(),
        )


def work_recover() -> int:
    """Send again every piece of work whose lease ran out (or runs out before the
    next sweep, with a countdown to that moment). Returns how many were sent."""
    within = float(settings.JOBS_RECOVER_EVERY_S)
    sent = 0
    for name, finder in FINDERS.items():
        for task, args, wait in finder(within):
            logger.info(
                "recovering work", extra={"finder": name, "task": task, "arguments": list(args)}
            )
            current_app.signature(task, args=args).apply_async(countdown=wait + 1 if wait else 0)
            sent += 1
    return sent

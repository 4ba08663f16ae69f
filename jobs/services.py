"""Background jobs: recorded first, their message written to the outbox in the
same transaction and sent after commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jobs import handlers, outbox
from jobs.models import Job
from mlops_site.errors import DomainError
from tenancy.models import Organization


@transaction.atomic
def job_create(
    *, kind: str, organization: Organization | None = None, params: dict[str, Any] | None = None
) -> Job:
    """Record a job and its message; the message goes to the broker once the
    transaction has committed, so the worker never looks for a row that is not
    there yet, and a refused broker loses nothing."""
    if kind not in handlers.KINDS:
        raise DomainError(f"Unknown job kind {kind!r}.")
    job = Job.objects.create(kind=kind, organization=organization, params=params or {})
    outbox.outbox_queue(handlers.task_name(kind), str(job.id))
    return job


def job_waiting(job: Job) -> bool:
    """Whether the job's message is still waiting for the broker."""
    return outbox.is_waiting(handlers.task_name(job.kind), str(job.id))

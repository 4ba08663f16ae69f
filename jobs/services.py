"""Background jobs: recorded first, queued after commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jobs import handlers, tasks
from jobs.models import Job
from mlops_site.errors import DomainError
from tenancy.models import Organization


@transaction.atomic
def job_create(
    *, kind: str, organization: Organization | None = None, params: dict[str, Any] | None = None
) -> Job:
    """Record a job and queue it once the surrounding transaction has committed,
    so the worker never looks for a row that is not there yet."""
    if kind not in handlers.HANDLERS:
        raise DomainError(f"Unknown job kind {kind!r}.")
    job = Job.objects.create(kind=kind, organization=organization, params=params or {})
    transaction.on_commit(lambda: tasks.run_job.delay(str(job.id)))
    return job

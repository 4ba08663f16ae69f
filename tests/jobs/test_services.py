"""Job services: a job is recorded, then queued after commit."""

from __future__ import annotations

import pytest

from jobs import services
from jobs.models import Job
from mlops_site.errors import DomainError


def test_a_job_is_queued_only_once_its_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = services.job_create(kind="worker_ping")
    assert len(callbacks) == 1
    assert Job.objects.get(id=job.id).status == Job.Status.QUEUED


def test_an_unknown_job_kind_is_refused(db):
    with pytest.raises(DomainError, match="Unknown job kind"):
        services.job_create(kind="nope")

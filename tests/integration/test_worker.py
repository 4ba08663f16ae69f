"""A task queued by a service after commit runs in a real worker process."""

from __future__ import annotations

import os

import pytest

from jobs import services, tasks
from jobs.models import Job
from tenancy.models import Organization
from tests.worker import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _finished(job: Job) -> bool:
    job.refresh_from_db()
    return job.is_finished


def test_a_job_queued_after_commit_runs_in_the_worker_and_its_outcome_is_stored(worker):
    job = services.job_create(kind="worker_ping")

    assert wait_for(lambda: _finished(job), timeout=60), f"job still {job.status}"
    assert job.status == Job.Status.SUCCEEDED
    assert job.result["pid"] != os.getpid()
    assert job.worker
    assert job.started_at
    assert job.finished_at
    assert job.attempts == 1


def test_a_failing_job_is_recorded_as_failed_with_its_error(worker):
    # job_create refuses unknown kinds, so record a row whose handler is gone, as
    # after a deployment that removed a kind while jobs were waiting: the recovery
    # finds it, and nothing can run it.
    org = Organization.objects.create(slug="acme", name="Acme")
    job = Job.objects.create(kind="no_such_kind_anymore", organization=org)
    tasks.recover.delay()

    assert wait_for(lambda: _finished(job), timeout=60)
    assert job.status == Job.Status.FAILED
    assert "no_such_kind_anymore" in job.error

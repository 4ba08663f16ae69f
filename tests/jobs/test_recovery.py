"""The lease and the recovery: one worker holds work at a time; work whose lease ran
out is queued again, whatever its kind."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from celery import Signature

from jobs import lease, recovery
from jobs.models import Job
from jobs.runner import FINISHED
from mlops_site import clock


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...], float]]:
    messages: list[tuple[str, tuple[Any, ...], float]] = []

    def apply_async(signature: Signature, *_: Any, countdown: float = 0, **__: Any) -> None:
        messages.append((str(signature.task), tuple(signature.args), countdown))

    monkeypatch.setattr(Signature, "apply_async", apply_async)
    return messages


def _claim(job: Job, owner: str) -> bool:
    return lease.lease_claim(Job, job.pk, owner=owner, finished=FINISHED, running="running")


def test_a_held_job_is_refused_to_another_worker_until_its_lease_runs_out(db):
    job = Job.objects.create(kind="worker_ping")
    assert _claim(job, "a:1")
    assert not _claim(job, "b:2")
    Job.objects.filter(pk=job.pk).update(lease_until=clock.now() - timedelta(seconds=1))
    assert _claim(job, "b:2")
    job.refresh_from_db()
    assert (job.worker, job.attempts, job.status) == ("b:2", 2, "running")
    assert not lease.lease_renew(Job, job.pk, owner="a:1")  # the old holder lost it


def test_recovery_queues_work_whose_lease_ran_out_and_leaves_held_work(db, settings, sent):
    settings.JOBS_RECOVER_EVERY_S = 10
    gone = Job.objects.create(kind="worker_ping")
    held = Job.objects.create(kind="worker_ping")
    _claim(gone, "dead:1")
    _claim(held, "alive:2")
    Job.objects.filter(pk=gone.pk).update(lease_until=clock.now() - timedelta(seconds=5))
    assert recovery.work_recover() == 1
    assert sent == [("jobs.worker_ping", (str(gone.pk),), 0)]


def test_a_job_whose_kind_is_gone_is_failed_by_the_recovery(db, sent):
    job = Job.objects.create(kind="no_such_kind_anymore")
    recovery.work_recover()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no_such_kind_anymore" in job.error
    assert sent == []

"""Work killed with SIGKILL at the exact points where a crash used to lose it.

The worker stops at a named point (`mlops_site.crashpoints`, set through
TEST_HOLD_AT) and writes a marker file there; the test waits for the marker,
kills the worker and its pool, then starts another worker on a fresh queue, so
what finishes the work is the lease's recovery, on every broker.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from jobs.models import Job
from mlops_site.crashpoints import hold_marker
from pipelines.models import PipelineRun, PredictionLog, Status
from pipelines.services import actions, setup
from tests.pipelines.conftest import make_pipeline
from tests.pipelines.test_reliability import NOTHING_TO_DO
from tests.worker import celery_worker, fresh_queue, kill_worker, log_count, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _killed_at(point: str, log: Path, settings, start) -> Any:
    """Run `start()` with a worker that stops at `point`; SIGKILL it there."""
    settings.TEST_HOLD_AT = point
    with celery_worker(log) as worker:
        work = start()
        assert wait_for(hold_marker(point).exists, timeout=120, interval=0.05), log.read_text()
        kill_worker(worker.pid)
    settings.TEST_HOLD_AT = ""
    fresh_queue()
    return work


def _refreshed(row):
    row.refresh_from_db()
    return row


def test_a_day_killed_before_it_commits_is_done_again_whole(world, worker_env, collector, settings):
    pipeline = make_pipeline(world.team, 1)
    setup.pipeline_bootstrap(pipeline_id=pipeline.pk)
    first_day = pipeline.clock_date + timedelta(days=1)

    job = _killed_at(
        "day_before_commit", worker_env / "first.log", settings,
        lambda: actions.clock_advance_start(pipeline=pipeline, days=1),
    )  # fmt: skip
    assert _refreshed(pipeline).clock_date == first_day - timedelta(days=1)
    assert not PredictionLog.objects.filter(pipeline=pipeline, simulated_date=first_day).exists()
    assert _refreshed(job).status == Job.Status.RUNNING

    with celery_worker(worker_env / "second.log"):
        assert wait_for(lambda: _refreshed(job).is_finished, timeout=120), job.status
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.attempts == 2
    assert _refreshed(pipeline).clock_date == first_day
    served = PredictionLog.objects.filter(pipeline=pipeline, simulated_date=first_day)
    hours = [log.features["hr"] for log in served]
    assert hours
    assert len(hours) == len(set(hours))  # the day replayed once, whole


def test_a_run_killed_between_success_and_its_telemetry_sends_it_later(
    world, worker_env, collector, settings
):
    pipeline = make_pipeline(world.team, 1)
    run = _killed_at(
        "run_finished_before_telemetry", worker_env / "first.log", settings,
        lambda: actions.run_start(pipeline=pipeline),
    )  # fmt: skip
    assert _refreshed(run).status == Status.SUCCEEDED
    assert collector.of_type("pipeline_run") == []
    (pending,) = pipeline.deliveries.filter(sent=False, attempts=0)
    assert [e["type"] for e in pending.events].count("pipeline_run") == 1

    # A batch is taken for lost a lease's time after it was recorded.
    assert wait_for(lambda: pending.created_at < _now() - timedelta(seconds=settings.JOBS_LEASE_S))
    with celery_worker(worker_env / "second.log"):
        assert wait_for(lambda: _refreshed(pending).sent, timeout=60), pending.error
    (event,) = collector.of_type("pipeline_run")
    assert event["run_id"] == run.run_key
    assert event["attributes"]["status"] == "succeeded"


def test_a_live_step_longer_than_the_lease_is_never_taken_over(
    world, worker_env, collector, settings
):
    settings.TEST_HOLD_AT, settings.TEST_HOLD_S = "step_train", 6 * settings.JOBS_LEASE_S
    pipeline = make_pipeline(world.team, 1)
    with celery_worker(worker_env / "first.log"):
        run = actions.run_start(pipeline=pipeline)
        assert wait_for(hold_marker("step_train").exists, timeout=120, interval=0.05)
        holder = _refreshed(run).worker
        # A second worker starts, and its recovery tries the run once the lease would
        # have run out without a heartbeat.
        settings.TEST_HOLD_AT = ""
        second = worker_env / "second.log"
        with celery_worker(second):
            assert wait_for(lambda: log_count(second, NOTHING_TO_DO) >= 1, timeout=60)
            assert _refreshed(run).status == Status.RUNNING
            assert run.worker == holder
        assert wait_for(lambda: _refreshed(run).is_finished, timeout=120), run.status
    assert run.status == Status.SUCCEEDED
    assert run.attempts == 1
    assert run.steps.get(name="train").attempts == 1
    assert PipelineRun.objects.filter(pipeline=pipeline).count() == 1


def _now():
    from django.utils import timezone

    return timezone.now()

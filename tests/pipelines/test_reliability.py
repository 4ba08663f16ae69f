"""Runs on a real Celery worker: a worker killed mid-run, late duplicates, failures.

Each test starts its own worker (tests/worker.py) with a short lease, so a run
left behind by a killed worker can be taken over within seconds.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pipelines import tasks
from pipelines.models import ModelVersion, PipelineRun, Status
from pipelines.services import actions, setup
from tests.pipelines.conftest import make_pipeline
from tests.worker import celery_worker, fresh_queue, kill_worker, log_count, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
#: What a worker logs when a message finds its run finished or held by another worker.
NOTHING_TO_DO = "run finished or held elsewhere: nothing to do"


def _status(step) -> str:
    step.refresh_from_db()
    return step.status


def _finished(run: PipelineRun) -> bool:
    run.refresh_from_db()
    return run.is_finished


def test_a_run_started_from_the_page_completes_in_the_worker_and_sends_telemetry(
    world, worker_env, collector
):
    pipeline = make_pipeline(world.team, 1)
    with celery_worker(worker_env / "worker.log"):
        run = actions.run_start(pipeline=pipeline)
        assert wait_for(lambda: _finished(run), timeout=120), run.status
    assert run.status == Status.SUCCEEDED
    assert ModelVersion.objects.filter(run=run).count() == 1
    assert collector.of_type("training_run")[0]["run_id"] == run.run_key


def test_a_worker_killed_mid_run_leaves_a_run_that_completes_when_a_worker_returns(
    world, worker_env, collector
):
    # Enough trees that training lasts a few seconds: time to kill the worker in it.
    pipeline = make_pipeline(world.team, 1)
    pipeline.params = {"max_iter": 600, "early_stopping": False, "max_leaf_nodes": 63}
    pipeline.save()
    with celery_worker(worker_env / "first.log") as first:
        run = actions.run_start(pipeline=pipeline)
        train = run.steps.get(name="train")
        assert wait_for(lambda: _status(train) == Status.RUNNING, timeout=120, interval=0.05)
        kill_worker(first.pid)
    run.refresh_from_db()
    assert run.status == Status.RUNNING
    assert run.steps.get(name="train").status == Status.RUNNING

    # The killed worker's message (redelivered by late acknowledgement on some brokers,
    # deleted on fetch by the file-system one) stays in the old queue: only the lease's
    # recovery can bring the run to the second worker.
    fresh_queue()
    second_log = worker_env / "second.log"
    with celery_worker(second_log):
        assert wait_for(lambda: _finished(run), timeout=180), run.status
        assert log_count(second_log, "recovering work") >= 1
        refused = log_count(second_log, NOTHING_TO_DO)
        tasks.run_pipeline.delay(run.pk)  # a late duplicate of the message
        assert wait_for(lambda: log_count(second_log, NOTHING_TO_DO) > refused, timeout=60)

    run.refresh_from_db()  # as the duplicate left it
    assert run.status == Status.SUCCEEDED
    assert run.attempts == 2
    steps = {s.name: s for s in run.steps.all()}
    assert steps["ingest"].attempts == 1  # succeeded before the kill: not redone
    assert steps["train"].attempts == 2
    assert ModelVersion.objects.filter(pipeline=pipeline).count() == 1
    assert len(collector.of_type("model_registered")) == 1


def test_a_failed_step_marks_the_run_failed_with_its_error_visible(world, worker_env, collector):
    pipeline = make_pipeline(world.team, 1)
    setup.fault_inject(pipeline=pipeline, fault="schema_break")
    with celery_worker(worker_env / "worker.log"):
        run = actions.run_start(pipeline=pipeline)
        assert wait_for(lambda: _finished(run), timeout=120), run.status
    assert run.status == Status.FAILED
    assert "Schema anomalies" in run.steps.get(name="validate_data").error
    client = Client()
    client.force_login(world.viewer)
    kwargs = {"org": "acme", "team": "fraud", "pipeline": pipeline.slug, "run": run.number}
    status = client.get(reverse("pipeline-run-status", kwargs=kwargs)).json()
    assert status["status"] == "failed"
    assert "validate_data failed: Schema anomalies" in status["error"]

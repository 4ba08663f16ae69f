"""Runs on a real Celery worker: late acknowledgement, a worker killed mid-run, failures.

Each test starts its own worker (tests/worker.py) with a short run lease, so a
run left behind by a killed worker can be taken over within seconds.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from pipelines import tasks
from pipelines.models import ModelVersion, PipelineRun, Status
from pipelines.services import actions, setup
from tests.conftest import UNREACHABLE
from tests.pipelines.conftest import make_pipeline
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_env(request, settings, collector, private_queue, tmp_path) -> Path:
    problems = request.config.stash.get(UNREACHABLE, [])
    if problems:
        pytest.skip("configured services unreachable: " + "; ".join(problems))
    settings.PIPELINES_RUN_LEASE_S = 3
    return tmp_path


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _kill_worker(pid: int) -> None:
    """SIGKILL the worker and its pool processes: nothing gets to clean up."""
    for each in reversed(_descendants(pid)):
        os.kill(each, signal.SIGKILL)


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
        _kill_worker(first.pid)
    run.refresh_from_db()
    assert run.status == Status.RUNNING
    assert run.steps.get(name="train").status == Status.RUNNING

    with celery_worker(worker_env / "second.log"):
        assert wait_for(lambda: _finished(run), timeout=180), run.status
        tasks.run_pipeline.delay(run.pk)  # a late duplicate of the message
        time.sleep(3)

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

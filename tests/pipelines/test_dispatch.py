"""The services queue their tasks by name, after commit, with the ids the tasks take."""

from __future__ import annotations

from typing import Any

import pytest
from celery import current_app

from pipelines import dispatch
from pipelines.services import actions, runs, setup
from tests.pipelines.conftest import make_pipeline

pytestmark = pytest.mark.django_db

NAMES = [
    dispatch.RUN_PIPELINE,
    dispatch.RUN_STEP,
    dispatch.BOOTSTRAP,
    dispatch.SCHEDULED_RUN,
    dispatch.RESEND_TELEMETRY,
]


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """What reaches each task's apply_async, instead of the broker."""
    messages: list[tuple[str, tuple[Any, ...]]] = []

    def record(task: Any, args: tuple[Any, ...] = (), *_: Any, **__: Any) -> None:
        messages.append((task.name, tuple(args)))

    for name in NAMES:
        # Each task has a class of its own: patching it leaves the others untouched.
        monkeypatch.setattr(type(current_app.tasks[name]), "apply_async", record)
    return messages


@pytest.mark.parametrize("name", NAMES)
def test_every_task_name_the_services_send_is_a_registered_task(name):
    assert current_app.tasks[name].name == name


def test_a_queued_run_is_sent_to_the_run_task_only_once_committed(
    world, collector, sent, django_capture_on_commit_callbacks
):
    pipeline = make_pipeline(world.team, 1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = runs.run_create(pipeline=pipeline, trigger="manual")
    assert sent == []
    callbacks[0]()
    assert sent == [(dispatch.RUN_PIPELINE, (run.pk,))]


def test_a_new_automated_pipeline_is_sent_to_the_bootstrap_task(
    world, collector, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pipeline = setup.pipeline_create(team=world.team, level=1)
    assert sent == [(dispatch.BOOTSTRAP, (pipeline.pk,))]


def test_the_next_manual_step_is_sent_to_the_step_task_with_its_name(
    world, collector, sent, django_capture_on_commit_callbacks
):
    pipeline = make_pipeline(world.team, 0)
    run = actions.run_start(pipeline=pipeline)
    with django_capture_on_commit_callbacks(execute=True):
        actions.manual_step_start(pipeline=pipeline)
    first = run.steps.order_by("position")[0]
    assert sent == [(dispatch.RUN_STEP, (run.pk, first.name))]

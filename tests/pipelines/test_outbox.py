"""With the broker refused, the pages save the work and its message, say it is queued,
and the message goes out once the broker is back: sent once, run once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client
from django.urls import reverse

from jobs import tasks as jobs_tasks
from jobs.models import Job, OutboxMessage
from jobs.outbox import WAITING_NOTE
from pipelines.models import ReferencePipeline, Status
from tests.pipelines.conftest import make_pipeline
from tests.sockets import free_port
from tests.worker import celery_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@contextmanager
def broker_refused() -> Iterator[None]:
    """This process (the web side) sends to a closed port: every connection is refused."""
    from mlops_site.celery import app

    previous = app.conf.get("broker_write_url")
    app.conf["broker_write_url"] = f"amqp://guest:guest@127.0.0.1:{free_port()}//"
    _forget_connections(app)
    try:
        yield
    finally:
        app.conf["broker_write_url"] = previous
        _forget_connections(app)


def _forget_connections(app) -> None:
    app._pool = None
    app.amqp._producer_pool = None


def _post(client: Client, url: str, data: dict[str, str]) -> str:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _pages_with_the_broker_refused(client: Client, pipeline: ReferencePipeline) -> None:
    kwargs = {"org": "acme", "team": "fraud"}
    actions = reverse("pipeline-actions", kwargs={**kwargs, "pipeline": pipeline.slug})
    with broker_refused():
        created = _post(
            client, reverse("pipeline-list", kwargs=kwargs), {"level": "1", "slug": "new"}
        )
        started = _post(client, actions, {"action": "start"})
        advanced = _post(client, actions, {"action": "advance", "days": "1"})
    for page in (created, started, advanced):
        assert WAITING_NOTE in page


def test_work_saved_with_the_broker_refused_starts_once_when_it_is_back(
    world, worker_env, collector
):
    pipeline = make_pipeline(world.team, 1)
    client = Client()
    client.force_login(world.lead)
    _pages_with_the_broker_refused(client, pipeline)

    created = ReferencePipeline.objects.get(slug="new")
    (run,) = pipeline.runs.all()
    (job,) = Job.objects.all()
    assert ReferencePipeline.objects.count() == 2
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert sorted(waiting.values_list("key", flat=True)) == sorted(
        [f"pipelines.bootstrap:{created.pk}", f"pipelines.run_pipeline:{run.pk}",
         f"pipelines.advance_clock:{job.pk}"]
    )  # fmt: skip
    assert all(m.attempts == 1 and m.error for m in waiting)

    # The broker is back: the beat task sends each message once.
    assert jobs_tasks.send_outbox.apply().get() == 3
    assert jobs_tasks.send_outbox.apply().get() == 0
    ReferencePipeline.objects.filter(pk=created.pk).update(params={"max_iter": 40})
    with celery_worker(worker_env / "worker.log"):
        assert wait_for(lambda: _finished(run) and _finished(job), timeout=180)
        assert wait_for(
            lambda: created.runs.filter(status=Status.SUCCEEDED).count() == 2, timeout=240
        )
    assert run.status == Status.SUCCEEDED
    assert (run.attempts, job.attempts) == (1, 1)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert created.runs.count() == 2
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def _finished(row) -> bool:
    row.refresh_from_db()
    return row.is_finished

"""The outbox: a message written with its work, sent after commit, kept when the
broker refuses it and sent once by the sweep when the broker is back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from celery import Signature
from kombu.exceptions import OperationalError

from jobs import outbox, services
from jobs.models import OutboxMessage


@dataclass
class Broker:
    """What reaches the broker; refuses every message while `refusing` is set."""

    refusing: bool = False
    sent: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Broker:
    state = Broker()

    def apply_async(signature: Signature, *_: Any, **__: Any) -> None:
        if state.refusing:
            raise OperationalError("[Errno 111] Connection refused")
        state.sent.append((str(signature.task), tuple(signature.args)))

    monkeypatch.setattr(Signature, "apply_async", apply_async)
    return state


def test_a_message_is_written_with_its_job_and_sent_after_commit(
    db, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_create(kind="worker_ping")
    assert broker.sent == [("jobs.worker_ping", (str(job.id),))]
    assert OutboxMessage.objects.get().sent_at is not None
    assert not services.job_waiting(job)


def test_a_refused_message_waits_and_the_sweep_sends_it_once(
    db, broker, django_capture_on_commit_callbacks
):
    broker.refusing = True
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_create(kind="worker_ping")
    waiting = OutboxMessage.objects.get()
    assert (waiting.sent_at, waiting.attempts) == (None, 1)
    assert "Connection refused" in waiting.error
    assert services.job_waiting(job)

    assert outbox.outbox_send_waiting() == 0  # still refused
    broker.refusing = False
    assert outbox.outbox_send_waiting() == 1
    assert outbox.outbox_send_waiting() == 0
    assert broker.sent == [("jobs.worker_ping", (str(job.id),))]
    assert not services.job_waiting(job)


def test_a_message_another_sender_holds_is_not_sent_twice(db, broker):
    message = outbox.outbox_queue("jobs.worker_ping", "x")
    broker.sent.clear()  # outside a transaction it went at once
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=None)
    assert outbox.outbox_send(message_id=message.pk) is True
    assert outbox.outbox_send(message_id=message.pk) is False
    assert broker.sent == [("jobs.worker_ping", ("x",))]

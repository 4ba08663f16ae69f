"""Admin console: checking that a worker answers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from jobs.models import Job, OutboxMessage
from jobs.outbox import outbox_queue


@pytest.fixture
def staff_client(world, client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def test_checking_workers_queues_a_ping_job(staff_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client.post(reverse("admin:jobs_job_ping_worker"))
    assert response.status_code == 302
    assert Job.objects.get().kind == "worker_ping"
    assert len(callbacks) == 1


def test_messages_waiting_for_the_broker_are_listed(staff_client):
    outbox_queue("jobs.worker_ping", "a-job-id")
    OutboxMessage.objects.update(sent_at=None)
    listing = staff_client.get(
        reverse("admin:jobs_outboxmessage_changelist"), {"sent_at__isempty": "1"}
    )
    assert listing.status_code == 200
    assert "jobs.worker_ping:a-job-id" in listing.content.decode()

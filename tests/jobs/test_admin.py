"""Admin console: checking that a worker answers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from jobs.models import Job


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

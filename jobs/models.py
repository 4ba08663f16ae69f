"""Background work: who runs it and until when (the lease), its outcome, and the
outbox of messages still to send to the broker.

The job table keeps the name it had when the model lived in `assessments`.
"""

from __future__ import annotations

import uuid

from django.db import models

from mlops_site import clock
from tenancy.models import Organization


class Leased(models.Model):
    """Work that one worker at a time holds under a lease it renews while it runs.

    A lease that ran out means its worker is gone: the recovery task queues the
    work again and another worker may take it over (`jobs.lease`)."""

    #: Who works on it now (host:pid), or last did.
    worker = models.CharField(max_length=200, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


class Job(Leased):
    """One piece of background work, its progress and its outcome.

    Tasks record what happened here rather than in a Celery result backend,
    so pages can show progress and failures stay visible after the worker is gone.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = clock.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "assessments_job"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="job_kind_recent")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class OutboxMessage(models.Model):
    """A task message that must reach the broker, written in the same transaction as
    the work it starts. Sent after commit; what a refused broker kept back is sent
    by the `jobs.send_outbox` beat task once the broker answers again."""

    #: The task name and its arguments, as one string: what the pages ask about.
    key = models.CharField(max_length=300, db_index=True)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    countdown = models.PositiveIntegerField(default=0)
    created_at = clock.DateTimeField(auto_now_add=True)
    #: A sender holds the message until then, so two senders do not both send it.
    sending_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_unsent")]

    def __str__(self) -> str:
        return f"{self.key} ({'sent' if self.sent_at else 'waiting'})"

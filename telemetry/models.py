"""Telemetry: events sent by teams' pipelines, CI and monitors.

The table keeps the name it had when the model lived in `assessments`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.fields.json import KT

from mlops_site import clock
from tenancy.models import Organization, Team


class EventType(models.TextChoices):
    PIPELINE_RUN = "pipeline_run"
    TRAINING_RUN = "training_run"
    DATA_VALIDATION = "data_validation"
    MODEL_VALIDATION = "model_validation"
    MODEL_REGISTERED = "model_registered"
    DEPLOYMENT = "deployment"
    ROLLBACK = "rollback"
    MONITORING_CHECK = "monitoring_check"
    ALERT = "alert"
    CI_RUN = "ci_run"
    PIPELINE_DEPLOYED = "pipeline_deployed"


class Event(models.Model):
    """One telemetry event as sent (docs/telemetry.md), stored once per team and event_id.

    Envelope fields are columns so evidence rules and metrics run in the
    database; type-specific attributes stay as sent in `attributes`.
    """

    # Every stored event updates each index and checks each constraint, so only what a
    # query needs is kept. The organisation is the team's (the service sets both): no
    # query selects events by it, and the team's foreign key already keeps rows from
    # outliving their organisation, so it has neither an index nor a database constraint
    # (Django still deletes an organisation's events with it). The team's own index
    # would duplicate the leading column of the unique constraint and the indexes below.
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="events", db_index=False)
    event_id = models.CharField(max_length=128)
    type = models.CharField(max_length=32, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    received_at = clock.DateTimeField(auto_now_add=True)
    pipeline = models.CharField(max_length=200, blank=True)
    model_name = models.CharField(max_length=200, blank=True)
    environment = models.CharField(max_length=64, blank=True)
    run_id = models.CharField(max_length=128, blank=True)
    actor_type = models.CharField(max_length=16, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    #: SHA-256 of the canonical body, to tell a resend from a conflicting reuse of an id.
    body_hash = models.CharField(max_length=64)

    class Meta:
        db_table = "assessments_event"
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "event_id"], name="event_id_unique_per_team")
        ]
        indexes = [
            models.Index(fields=["team", "type", "occurred_at"], name="event_team_type_time"),
            models.Index(fields=["team", "run_id"], name="event_team_run"),
            # Evidence and metrics: a model's events of one type in a time range
            # (monitoring checks of a deployed model in the last days, rollbacks after a release).
            models.Index(
                fields=["team", "type", "model_name", "occurred_at"],
                name="event_team_type_model_time",
            ),
            # Evidence joins a deployment to its registered version, and that version to its
            # validations; partial expression indexes keep those lookups to a few rows.
            models.Index(
                F("team"),
                F("model_name"),
                KT("attributes__version"),
                condition=Q(type="model_registered"),
                name="event_registered_version",
            ),
            models.Index(
                F("team"),
                F("model_name"),
                KT("attributes__candidate_version"),
                condition=Q(type="model_validation"),
                name="event_validation_candidate",
            ),
            # A run's pipeline_run and training_run by run_id (automated training, lineage):
            # one entry per run instead of every event sharing the run_id.
            models.Index(
                fields=["team", "run_id"],
                condition=Q(type="pipeline_run"),
                name="event_pipeline_run_id",
            ),
            models.Index(
                fields=["team", "run_id"],
                condition=Q(type="training_run"),
                name="event_training_run_id",
            ),
            # Release testing: the passed model tests of a model in the days before a deployment.
            models.Index(
                fields=["team", "model_name", "occurred_at"],
                condition=Q(type="ci_run", attributes__scope="model", attributes__status="passed"),
                name="event_passed_model_ci",
            ),
            models.Index(
                F("team"),
                KT("attributes__alert_id"),
                condition=Q(type="alert"),
                name="event_alert_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id} ({self.team_id})"

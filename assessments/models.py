"""Tenancy (organisations, teams, memberships) and background jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Organization(models.Model):
    """A customer of the platform: the boundary no data ever crosses."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team that builds ML systems; assessments and telemetry belong to it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="team_slug_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.organization.slug}/{self.slug}"


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", "Organisation admin"
    TEAM_LEAD = "team_lead", "Team lead"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


#: Roles that hold for a whole organisation (no team) or for one team.
ORG_WIDE_ROLES = (Role.ORG_ADMIN, Role.VIEWER)
TEAM_ROLES = (Role.TEAM_LEAD, Role.MEMBER, Role.VIEWER)


class Membership(models.Model):
    """A person's role in an organisation, either organisation-wide or in one team.

    Organisation admins and viewers may hold the role for the whole
    organisation (team empty); team leads and members always name their team.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "team"], name="membership_unique_per_team"
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(team__isnull=True),
                name="membership_unique_org_wide",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=False) | Q(role__in=[r.value for r in ORG_WIDE_ROLES]),
                name="membership_team_role_needs_team",
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=True) | ~Q(role=Role.ORG_ADMIN.value),
                name="membership_org_admin_is_org_wide",
            ),
        ]

    def __str__(self) -> str:
        scope = self.team.slug if self.team_id and self.team else "whole organisation"
        return f"{self.user} - {self.get_role_display()} ({self.organization.slug}, {scope})"


class Job(models.Model):
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
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="job_kind_recent")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

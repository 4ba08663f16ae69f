"""Tenancy: organisations, teams, people's roles in them, and the API tokens they issue.

The tables keep the names they had when these models lived in `assessments`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from mlops_site import clock


class Organization(models.Model):
    """A customer of the platform: the boundary no data ever crosses."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "assessments_organization"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team that builds ML systems; assessments and telemetry belong to it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "assessments_team"
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
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "assessments_membership"
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


class ApiToken(models.Model):
    """A bearer token for the API, bound to an organisation and optionally one team.

    Only a SHA-256 hash of the token is stored; the token itself is shown once.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_tokens"
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="api_tokens", null=True, blank=True
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text="First characters, to recognise a token.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = clock.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "assessments_apitoken"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

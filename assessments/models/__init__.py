"""The app's models, one module per area; every model is importable from here."""

from assessments.models.jobs import Job
from assessments.models.telemetry import ApiToken, Event, EventType
from assessments.models.tenancy import (
    ORG_WIDE_ROLES,
    TEAM_ROLES,
    Membership,
    Organization,
    Role,
    Team,
)

__all__ = [
    "ORG_WIDE_ROLES",
    "TEAM_ROLES",
    "ApiToken",
    "Event",
    "EventType",
    "Job",
    "Membership",
    "Organization",
    "Role",
    "Team",
]

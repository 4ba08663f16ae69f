"""The app's models, one module per area; every model is importable from here."""

from assessments.models.jobs import Job
from assessments.models.questionnaire import (
    Answer,
    AssessmentResponse,
    AssessmentRound,
    ScorecardSnapshot,
)
from assessments.models.reports import AdviceSet
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
    "AdviceSet",
    "Answer",
    "ApiToken",
    "AssessmentResponse",
    "AssessmentRound",
    "Event",
    "EventType",
    "Job",
    "Membership",
    "Organization",
    "Role",
    "ScorecardSnapshot",
    "Team",
]

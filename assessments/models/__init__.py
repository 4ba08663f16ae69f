"""The app's models, one module per area; every model is importable from here.

Organisations, teams and tokens live in `tenancy.models`, events in
`telemetry.models`, background jobs in `jobs.models`.
"""

from assessments.models.questionnaire import (
    Answer,
    AssessmentResponse,
    AssessmentRound,
    ScorecardSnapshot,
)
from assessments.models.reports import AdviceSet

__all__ = [
    "AdviceSet",
    "Answer",
    "AssessmentResponse",
    "AssessmentRound",
    "ScorecardSnapshot",
]

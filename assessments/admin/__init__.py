"""Admin console of the assessments app, one module per area; each registers its models."""

from assessments.admin import questionnaire, reports

__all__ = ["questionnaire", "reports"]

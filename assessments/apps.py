"""The assessments app: rubric, questionnaires, evidence, scoring, reports and roadmap."""

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Assessments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from assessments.rubric.checks import check_rubric_definitions

        checks.register(check_rubric_definitions)

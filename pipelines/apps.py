"""The pipelines app: reference ML workflows that demonstrate each maturity level."""

from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "pipelines"
    verbose_name = "Reference pipelines"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Job kinds must be known wherever jobs are created or run (web and worker).
        from pipelines import jobs  # noqa: F401

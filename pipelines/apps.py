"""The pipelines app: reference ML workflows that demonstrate each maturity level."""

from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "pipelines"
    verbose_name = "Reference pipelines"
    default_auto_field = "django.db.models.BigAutoField"

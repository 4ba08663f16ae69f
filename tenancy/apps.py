"""The tenancy app: organisations, teams, people's roles, API tokens and the access gate."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "tenancy"
    verbose_name = "Tenancy"
    default_auto_field = "django.db.models.BigAutoField"

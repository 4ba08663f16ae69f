"""App config that registers the project's own system checks."""

from django.apps import AppConfig


class MlopsSiteConfig(AppConfig):
    name = "mlops_site"
    verbose_name = "Site"

    def ready(self) -> None:
        from mlops_site import checks  # noqa: F401  (registers the checks)

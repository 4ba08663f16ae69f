"""App config that registers the project's own system checks."""

from django.apps import AppConfig


class MlopsSiteConfig(AppConfig):
    name = "mlops_site"
    verbose_name = "Site"

    def ready(self) -> None:
        from mlops_site import (  # noqa: F401  (register the checks and the log-in receiver)
            checks,
            login_limits,
        )

"""The Celery application, as the official Django recipe sets it up."""

import os
from typing import Any

from celery import Celery, signals
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")

app = Celery("mlops_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.import_modules.connect
def refuse_development_key(sender: Any = None, **kwargs: Any) -> None:
    """A worker or beat with the development key would sign the pipelines' tokens with it.

    Celery sends `import_modules` when a worker or beat starts, before either reads
    the broker or the database (never in a web process).
    """
    from mlops_site.checks import refuse_development_key as refuse

    try:
        refuse("Celery worker or beat")
    except ImproperlyConfigured as exc:
        # Exit with the message alone, not a traceback through Celery's start-up.
        raise SystemExit(str(exc)) from None

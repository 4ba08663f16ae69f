"""Project package: settings, URLs and the Celery application."""

from mlops_site.celery import app as celery_app

__all__ = ("celery_app",)

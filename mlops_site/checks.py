"""Deployment checks that Django's own `check --deploy` does not make, and the
start-up guard that web and worker processes share with them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_PROBLEM = "SECRET_KEY is not set, so the development key is in use with DEBUG off."
DEVELOPMENT_KEY_HINT = (
    "Set SECRET_KEY to a long random value (python -c "
    "'import secrets; print(secrets.token_urlsafe(50))')."
)


def development_key_in_use() -> bool:
    """The published development key (or none) while DEBUG is off."""
    if settings.DEBUG:
        return False
    return not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


@register("security", deploy=False)
def secret_key_is_real(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Refuse the development key (or none) whenever DEBUG is off."""
    if not development_key_in_use():
        return []
    return [Error(DEVELOPMENT_KEY_PROBLEM, hint=DEVELOPMENT_KEY_HINT, id="mlops_site.E001")]


def refuse_development_key(process: str) -> None:
    """Stop a process before it signs anything with a key anyone can read.

    System checks run only under manage.py; gunicorn, an ASGI server and Celery
    call this instead, because sessions, password-reset links and the reference
    pipelines' tokens are all derived from SECRET_KEY.
    """
    if development_key_in_use():
        raise ImproperlyConfigured(
            f"The {process} refuses to start: {DEVELOPMENT_KEY_PROBLEM} {DEVELOPMENT_KEY_HINT}"
        )

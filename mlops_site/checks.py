"""Deployment checks that Django's own `check --deploy` does not make."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register("security", deploy=False)
def secret_key_is_real(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Refuse the development key (or none) whenever DEBUG is off."""
    if settings.DEBUG:
        return []
    if not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is not set, so the development key is in use with DEBUG off.",
                hint="Set SECRET_KEY to a long random value (python -c "
                "'import secrets; print(secrets.token_urlsafe(50))').",
                id="mlops_site.E001",
            )
        ]
    return []

"""The environment a production process would see: none of what tests/settings.py set."""

from __future__ import annotations

import os

SUITE_ONLY = frozenset(
    {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
     "LOG_FORMAT", "LOG_LEVEL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
)  # fmt: skip


def production_environment(**env: str) -> dict[str, str]:
    """The process environment without the suite's own settings, plus `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in SUITE_ONLY}
    clean.update(env, DJANGO_SETTINGS_MODULE="mlops_site.settings")
    return clean

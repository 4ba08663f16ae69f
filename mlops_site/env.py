"""Strict readers for settings taken from the environment.

Every helper fails loudly on a value it cannot read, so a typo in a deployment
stops the process at start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class SettingError(ValueError):
    """An environment variable holds a value that cannot be used."""


def env_str(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    source = os.environ if environ is None else environ
    return source.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    source = os.environ if environ is None else environ
    if name not in source:
        return default
    raw = source[name].strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingError(f"{name} must be one of true/false/1/0/yes/no/on/off, got {raw!r}")


def env_int(
    name: str, default: int, *, minimum: int = 0, environ: Mapping[str, str] | None = None
) -> int:
    raw = env_str(name, "", environ).strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] | None = None) -> list[str]:
    raw = env_str(name, "", environ)
    if not raw.strip():
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(
    name: str, default: str, choices: tuple[str, ...], environ: Mapping[str, str] | None = None
) -> str:
    raw = env_str(name, default, environ).strip().lower() or default
    if raw not in choices:
        raise SettingError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def cache_from_url(url: str, *, timeout: float = 0.5) -> dict[str, Any]:
    """Django's default cache: in each process's memory, or Redis at `url` (redis://,
    rediss:// or unix://), so that counters such as rate limits are shared by every
    web process. A Redis that does not answer within `timeout` seconds is failing."""
    if not url.strip():
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("redis", "rediss", "unix"):
        # The address may hold a password: name only its scheme.
        shown = f"{scheme}://" if scheme else "an address without a scheme"
        raise SettingError(f"CACHE_URL must start with redis://, rediss:// or unix://, not {shown}")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url.strip(),
        "KEY_PREFIX": "mlops",
        # A cache that does not answer must not hold requests up for long.
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


def broker_timeouts(url: str, *, connect: float, socket: float) -> dict[str, Any]:
    """Celery transport options that bound each call to the broker at `url`.

    Redis: kombu hands `socket_connect_timeout` and `socket_timeout` to redis-py;
    without them a broker that accepts and never answers holds the caller forever.
    AMQP: Celery's `broker_connection_timeout` already bounds the TCP connect and the
    AMQP handshake (py-amqp waits for the handshake with it); `read_timeout` and
    `write_timeout` bound every later read and write on the socket.
    """
    scheme = url.split("://", 1)[0].lower()
    if scheme in ("redis", "rediss", "sentinel"):
        return {"socket_connect_timeout": connect, "socket_timeout": socket}
    if scheme in ("amqp", "amqps", "pyamqp"):
        return {"read_timeout": socket, "write_timeout": socket}
    return {}

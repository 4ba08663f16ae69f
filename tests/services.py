"""Reachability of the database and broker the suite is configured to use."""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import urlparse


def unreachable_services() -> list[str]:
    problems: list[str] = []
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        problems += _check("database", lambda: _postgres(database_url))
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if broker_url and not broker_url.startswith("filesystem://"):
        problems += _check("broker", lambda: _broker(broker_url))
    return problems


def _check(name: str, probe: Callable[[], None]) -> list[str]:
    try:
        probe()
    except Exception as exc:
        return [f"{name}: {type(exc).__name__}: {exc}"]
    return []


def _postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(
        host=parsed.hostname or "localhost",
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        # The server, not the named database: the suite creates its own test copy.
        dbname="postgres",
        connect_timeout=3,
    ) as conn:
        conn.execute("SELECT 1")


def _broker(url: str) -> None:
    from kombu import Connection

    with Connection(url, connect_timeout=3) as conn:
        conn.ensure_connection(max_retries=1, timeout=3)

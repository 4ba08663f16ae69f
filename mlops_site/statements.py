"""A time limit on each SQL statement that a web process runs.

A request stuck on one query holds a server thread and a database connection for
as long as the query runs; PostgreSQL's `statement_timeout` cancels the query
instead, and the request ends in a logged 500. Workers, beat and management
commands keep no limit (migrations and background reports may run long), so only
the WSGI and ASGI entry points turn it on, for every connection they open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.backends.signals import connection_created

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper


def _limit_statements(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    limit = settings.DATABASE_STATEMENT_TIMEOUT_MS
    if connection.vendor != "postgresql" or not limit:
        return
    with connection.cursor() as cursor:
        # set_config, not SET: SET takes no bound parameters.
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{limit}ms"])


def limit_web_statements() -> None:
    """Give every database connection this process opens from now on the web limit."""
    connection_created.connect(_limit_statements, dispatch_uid="mlops_site.statement_timeout")

"""Readiness: do the database, the broker and the cache answer, and in time.

`/healthz` is public, so it says only `ok` or `failing` per dependency; why a
check failed goes to the log, and to signed-in staff. Each check runs in a thread
of its own and is waited for at most `DEADLINE_S` after it started, so a
dependency that accepts connections and never answers cannot hold the request. A
process runs at most one check per dependency at a time: requests that arrive
while it runs, or shortly after it finished, share it. So a hung dependency holds
one thread, not one per probe, and requests that queued behind others are
answered at once rather than starting a check of their own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mlops_site.celery import app as celery_app

logger = logging.getLogger(__name__)

#: Longest a check may take, counted from its start, before it is reported failing.
DEADLINE_S = 3.0
#: How long a finished check's outcome answers later requests.
FRESH_S = 3.0


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _broker() -> None:
    # One attempt, bounded by the broker's connect and socket timeouts (settings).
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0)


def _cache() -> None:
    cache.set("healthz", "ok", timeout=60)


def _probes() -> dict[str, Callable[[], None]]:
    # Looked up on each request, so that tests can replace one probe.
    return {"database": _database, "broker": _broker, "cache": _cache}


@dataclass(frozen=True)
class Outcome:
    """What one check found: whether it passed, and how long it took or why not."""

    ok: bool
    detail: str


class _Check:
    """One run of one probe in a daemon thread, which closes what it opened."""

    def __init__(self, name: str, probe: Callable[[], None]) -> None:
        self.name = name
        self.started = time.monotonic()
        self.finished: float | None = None
        self.future: Future[float] = Future()
        thread = threading.Thread(target=self._run, args=(probe,), name=f"healthz-{name}")
        thread.daemon = True
        thread.start()

    def _run(self, probe: Callable[[], None]) -> None:
        try:
            probe()
        except Exception as exc:  # any failure is the answer, not a crash
            logger.warning("health check %s failed: %s: %s", self.name, type(exc).__name__, exc)
            self.finished = time.monotonic()
            self.future.set_exception(exc)
        else:
            self.finished = time.monotonic()
            self.future.set_result((self.finished - self.started) * 1000)
        finally:
            connections.close_all()  # this thread's own connections only

    def is_stale(self) -> bool:
        return self.finished is not None and time.monotonic() - self.finished > FRESH_S

    def outcome(self) -> Outcome:
        wait([self.future], timeout=max(0.0, self.started + DEADLINE_S - time.monotonic()))
        if not self.future.done():
            logger.warning("health check %s: no answer within %g s", self.name, DEADLINE_S)
            return Outcome(False, f"no answer within {DEADLINE_S:g} s")
        error = self.future.exception()
        if error is not None:
            return Outcome(False, f"{type(error).__name__}: {error}"[:300])
        return Outcome(True, f"{self.future.result():.1f} ms")


_running: dict[str, _Check] = {}
_running_lock = threading.Lock()


def _check(name: str, probe: Callable[[], None]) -> _Check:
    """The check of `name` under way or just finished, or else a new one."""
    with _running_lock:
        current = _running.get(name)
        if current is None or current.is_stale():
            current = _running[name] = _Check(name, probe)
        return current


def _shows_details(request: HttpRequest, outcomes: dict[str, Outcome]) -> bool:
    # Who is asking is read from the database: only ask it when it answers.
    if not outcomes["database"].ok:
        return False
    try:
        return bool(request.user.is_authenticated and request.user.is_staff)
    except DatabaseError:
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = {name: _check(name, probe) for name, probe in _probes().items()}
    outcomes = {name: check.outcome() for name, check in started.items()}
    healthy = all(o.ok for o in outcomes.values())
    body: dict[str, object] = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: "ok" if o.ok else "failing" for name, o in outcomes.items()},
    }
    if _shows_details(request, outcomes):
        body["details"] = {name: o.detail for name, o in outcomes.items()}
    return JsonResponse(body, status=200 if healthy else 503)

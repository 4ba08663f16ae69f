"""Who runs a piece of work and until when: the one claim, heartbeat and outcome
record for every kind of work (`jobs.models.Leased`).

A worker claims work by taking its lease, renews the lease from a heartbeat
thread while the work runs (so a long step is never taken over), and clears it
with the outcome. A lease that runs out means the worker died: the recovery
task (`jobs.recovery`) queues the work again, and the next claim succeeds.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.db.models import F, Q

from jobs.models import Leased
from mlops_site import clock

logger = logging.getLogger(__name__)


def worker_identity() -> str:
    """host:pid of this process: enough to find the worker in its logs."""
    return f"{socket.gethostname()}:{os.getpid()}"


def lease_end_time(now: datetime | None = None) -> datetime:
    return (now or clock.now()) + timedelta(seconds=settings.JOBS_LEASE_S)


def _rows(model: type[Leased]) -> models.QuerySet[Any]:
    # Typed loosely: the concrete models add the status and times the claim sets.
    return cast("models.QuerySet[Any]", model._default_manager.all())


def lease_claim(
    model: type[Leased], pk: object, *, owner: str, finished: Sequence[str], running: str
) -> bool:
    """Take the lease of unfinished work that nobody holds (or whose holder is gone):
    marks it running and counts the attempt. False when it is held or finished."""
    now = clock.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(worker=owner)
    claimed = (
        _rows(model).filter(free, pk=pk)
        .exclude(status__in=finished)
        .update(worker=owner, lease_until=lease_end_time(now), status=running,
                attempts=F("attempts") + 1)
    )  # fmt: skip
    if claimed:
        _rows(model).filter(pk=pk, started_at__isnull=True).update(started_at=now)
    return bool(claimed)


def lease_renew(model: type[Leased], pk: object, *, owner: str) -> bool:
    """Push the lease forward; False when another worker took the work over."""
    held = _rows(model).filter(pk=pk, worker=owner, lease_until__isnull=False)
    return bool(held.update(lease_until=lease_end_time()))


def lease_end(model: type[Leased], pk: object, *, owner: str, **outcome: Any) -> bool:
    """Clear the lease and record the outcome (status, error, finished_at...), unless
    another worker took the work over meanwhile."""
    return bool(_rows(model).filter(pk=pk, worker=owner).update(lease_until=None, **outcome))


def failure_text(exc: BaseException) -> str:
    """What people read about an unexpected failure: the error and its traceback."""
    return f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}"


@contextmanager
def heartbeat(model: type[Leased], pk: object, *, owner: str) -> Iterator[None]:
    """Renew the lease from a thread every third of its length while the block runs,
    so a step longer than the lease stays held as long as its process lives."""
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat, args=(model, pk, owner, stop), name=f"heartbeat-{pk}", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat(model: type[Leased], pk: object, owner: str, stop: threading.Event) -> None:
    interval = max(0.2, settings.JOBS_LEASE_S / 3)
    try:
        while not stop.wait(interval):
            try:
                renewed = lease_renew(model, pk, owner=owner)
            except DatabaseError:  # a busy database: try again at the next beat
                logger.warning("lease not renewed", exc_info=True)
                continue
            if not renewed:
                logger.warning("lease lost", extra={"model": model.__name__, "pk": str(pk)})
                return
    finally:
        connection.close()  # the thread's own connection


def expired(queryset: models.QuerySet[Any], *, within_s: float) -> list[tuple[Any, float]]:
    """Rows whose lease ran out or runs out within `within_s` seconds, or that were
    never claimed for a lease's time, with the seconds until each may be taken over."""
    now = clock.now()
    soon = now + timedelta(seconds=within_s)
    # Work never claimed gets one lease's time for its own message to arrive first.
    unclaimed = Q(
        lease_until__isnull=True, created_at__lt=now - timedelta(seconds=settings.JOBS_LEASE_S)
    )
    rows = queryset.filter(unclaimed | Q(lease_until__lt=soon))
    return [
        (row, max(0.0, (row.lease_until - now).total_seconds()) if row.lease_until else 0.0)
        for row in rows
    ]

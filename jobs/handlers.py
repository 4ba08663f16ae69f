"""Kinds of background job, each its own named Celery task with its own time limit.

A handler receives the job's parameters and a callback to report progress
(0-100 and a short message) and returns a JSON-serialisable result. Other apps
add their kinds with `register` (`jobs.kinds`); this module holds the kinds of
`jobs` itself and is what the other modules import to find every kind.
"""

from __future__ import annotations

import os
import socket
from typing import Any

from jobs.kinds import KINDS, Kind, register, task_name
from jobs.runner import Handler, Progress

__all__ = ["KINDS", "Handler", "Kind", "Progress", "register", "task_name", "worker_ping"]


@register("worker_ping", time_limit=60)
def worker_ping(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Proves that a worker consumes the queue: answers with who it is."""
    progress(50, "Worker answered")
    return {"hostname": socket.gethostname(), "pid": os.getpid()}

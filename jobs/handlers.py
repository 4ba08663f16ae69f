"""Handlers for background jobs, by kind.

A handler receives the job's parameters and a callback to report progress
(0-100 and a short message) and returns a JSON-serialisable result. Other apps
add their kinds with `register`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

Progress = Callable[[int, str], None]
Handler = Callable[[dict[str, Any], Progress], dict[str, Any]]

HANDLERS: dict[str, Handler] = {}


def register(kind: str) -> Callable[[Handler], Handler]:
    def decorate(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return decorate


@register("worker_ping")
def worker_ping(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Proves that a worker consumes the queue: answers with who it is."""
    progress(50, "Worker answered")
    return {"hostname": socket.gethostname(), "pid": os.getpid()}

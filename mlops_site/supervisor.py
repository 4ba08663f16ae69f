"""Runs the web server, a Celery worker and Celery beat together in the foreground.

Each process gets its own session, so Ctrl-C reaches only this supervisor; it
then sends SIGTERM to each process's main pid (never to the whole group), which
lets Celery's worker finish its current task and stop its pool itself. Only a
process still alive after the grace period is killed. If any process exits on its
own, the others are stopped and the exit status says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

GRACE_SECONDS = 30


@dataclass(frozen=True)
class Program:
    name: str
    argv: Sequence[str]


def _pump(name: str, stream: IO[bytes], width: int) -> None:
    for raw in iter(stream.readline, b""):
        line = raw.decode(errors="replace").rstrip("\n")
        sys.stdout.write(f"{name:<{width}} | {line}\n")
        sys.stdout.flush()


def _start(program: Program, width: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # noqa: S603  (argv built from our own settings)
        list(program.argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert process.stdout is not None
    threading.Thread(target=_pump, args=(program.name, process.stdout, width), daemon=True).start()
    return process


def _stop(processes: dict[str, subprocess.Popen[bytes]], grace: float) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for name, process in processes.items():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            sys.stdout.write(f"{name} did not stop in {grace:.0f} s; killing it\n")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def supervise(programs: Sequence[Program], *, grace: float = GRACE_SECONDS) -> int:
    """Run until Ctrl-C, SIGTERM or one program exiting; return the exit status."""
    width = max(len(p.name) for p in programs)
    stopping = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stopping.set()

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    processes = {p.name: _start(p, width) for p in programs}
    try:
        while not stopping.wait(0.5):
            exited = [n for n, p in processes.items() if p.poll() is not None]
            if exited:
                sys.stdout.write(f"{', '.join(exited)} exited; stopping the others\n")
                _stop(processes, grace)
                return 1
        sys.stdout.write("Stopping web, worker and beat...\n")
        _stop(processes, grace)
        sys.stdout.write("Stopped.\n")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

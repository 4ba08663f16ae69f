"""Starts a real Celery worker process against the test database and broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """The URL of the database the tests are using right now (the test copy)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parsed = urlparse(settings.DATABASE_URL)
    return urlunparse(parsed._replace(path=f"/{name}"))


def app_environment() -> dict[str, str]:
    """The environment of an app process that shares this test run's database,
    broker, queue, data folder and key."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mlops_site.settings",
        "DATABASE_URL": test_database_url(),
        "DATA_DIR": str(settings.DATA_DIR),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "SECRET_KEY": settings.SECRET_KEY,
        # The pipelines' settings as this test set them: the worker runs the runs.
        "TELEMETRY_BASE_URL": settings.TELEMETRY_BASE_URL,
        "JOBS_LEASE_S": str(settings.JOBS_LEASE_S),
        "TEST_HOLD_AT": settings.TEST_HOLD_AT,
        "TEST_HOLD_S": str(settings.TEST_HOLD_S),
        "PIPELINES_CODE_VERSION": settings.PIPELINES_CODE_VERSION,
    }


@contextmanager
def running(
    command: list[str], env: dict[str, str], log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` run from the repository, its output in `log_path`, stopped on exit
    (killed if it does not stop within 20 s)."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the process to end; kill it if it has not within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def celery_worker(
    log_path: Path, *, ready_timeout: float = 60
) -> Iterator[subprocess.Popen[bytes]]:
    env = app_environment()
    # A node name of its own: RabbitMQ holds each node's control queue exclusively,
    # so two workers of one test session (a session-wide one and a test's own) may
    # not share a name.
    command = [
        sys.executable, "-m", "celery", "-A", "mlops_site", "worker",
        "--loglevel=INFO", "--concurrency=1", "--without-mingle", "--without-gossip",
        "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "-n", f"tests-{uuid.uuid4().hex[:12]}@%h",
    ]  # fmt: skip
    with running(command, env, log_path) as process:
        _wait_ready(process, log_path, ready_timeout)
        yield process


def _wait_ready(process: subprocess.Popen[bytes], log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log_path.read_text(errors="replace")
        if " ready." in text:
            return
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited at start-up:\n{text[-4000:]}")
        time.sleep(0.2)
    raise RuntimeError(
        f"The Celery worker was not ready in {timeout}s:\n{log_path.read_text()[-4000:]}"
    )


def wait_for(predicate: object, *, timeout: float = 30, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(interval)
    return False


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def kill_worker(pid: int) -> None:
    """SIGKILL the worker and its pool processes: nothing gets to clean up."""
    for each in reversed(_descendants(pid)):
        os.kill(each, signal.SIGKILL)


def fresh_queue() -> str:
    """Move this test's workers to a queue of their own from now on: a message a
    killed worker left (redelivered by the broker, or not) stays behind in the old
    one, so what a later worker runs reached it through the recovery alone."""
    from mlops_site.celery import app

    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{uuid.uuid4().hex[:6]}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    app.conf.task_default_queue = queue
    return queue


def log_count(log_path: Path, text: str) -> int:
    return log_path.read_text(errors="replace").count(text)

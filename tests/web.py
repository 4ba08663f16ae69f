"""Starts the real web server, gunicorn, against the test database."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.sockets import free_port
from tests.worker import app_environment, running


@dataclass(frozen=True)
class Answer:
    """One HTTP answer and how long it took."""

    status: int
    body: bytes
    seconds: float


def http(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
    timeout: float = 15,
) -> Answer:  # fmt: skip
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return Answer(response.status, response.read(), time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(), time.monotonic() - started)


@contextmanager
def gunicorn(log_path: Path, **env: str) -> Iterator[str]:
    """Yields the base URL of `gunicorn --workers 1 --threads 4` in production mode
    (DEBUG off, collectstatic not run), with `env` over the suite's environment."""
    port = free_port()
    environment = {**app_environment(), "DEBUG": "false", **env}
    command = [
        sys.executable, "-m", "gunicorn", "mlops_site.wsgi", "--workers", "1", "--threads", "4",
        "--bind", f"127.0.0.1:{port}", "--no-control-socket",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with running(command, environment, log_path) as process:
        _wait_ready(process, base, log_path)
        yield base


def _wait_ready(process: subprocess.Popen[bytes], base: str, log_path: Path) -> None:
    # A static file needs no database, broker or cache: it answers once the app is loaded.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start-up:\n{log_path.read_text()[-4000:]}")
        try:
            if http(f"{base}/static/css/app.css", timeout=30).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn was not ready in 90 s:\n{log_path.read_text()[-4000:]}")

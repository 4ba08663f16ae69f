"""Web and worker processes refuse to start with the development key when DEBUG is off.

The system check covers only manage.py; these start the real commands an operator
runs in production.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.environment import production_environment
from tests.worker import BASE_DIR, wait_for

pytestmark = pytest.mark.integration

REFUSAL = "refuses to start: SECRET_KEY is not set, so the development key is in use"
REAL_KEY = "a-real-production-key-" + "k7Qz" * 12


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=BASE_DIR, env=production_environment(DATA_DIR=str(data_dir), **env),
        capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip


def _gunicorn(port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "mlops_site.wsgi", "--workers", "1",
            "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2"]  # fmt: skip


def test_gunicorn_without_a_secret_key_exits_and_says_why(tmp_path):
    result = _run(_gunicorn(_free_port()), tmp_path)
    assert result.returncode != 0
    assert REFUSAL in result.stderr


def test_an_asgi_server_cannot_load_the_application_without_a_secret_key(tmp_path):
    result = _run([sys.executable, "-c", "import mlops_site.asgi"], tmp_path)
    assert result.returncode != 0
    assert REFUSAL in result.stderr


@pytest.mark.parametrize("program", ["worker", "beat"])
def test_celery_without_a_secret_key_exits_and_says_why(tmp_path, program):
    result = _run([sys.executable, "-m", "celery", "-A", "mlops_site", program], tmp_path)
    assert result.returncode != 0
    assert REFUSAL in result.stdout + result.stderr


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (loopback)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def test_gunicorn_with_a_real_key_serves(tmp_path):
    port = _free_port()
    env = production_environment(DATA_DIR=str(tmp_path), SECRET_KEY=REAL_KEY)
    # The embedded database and broker in its own folder: /healthz answers 200 only when
    # every dependency does, and the suite's own database name exists only as test_<name>.
    for service in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"):
        env.pop(service, None)
    process = subprocess.Popen(
        _gunicorn(port), cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        served = wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), timeout=60)
        assert served, f"gunicorn did not answer; exit status {process.poll()}"
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert REFUSAL not in errors.decode()

"""Settings of the reference pipelines, read from the environment when used.

- TELEMETRY_BASE_URL: where the pipelines send their events (the public API of
  this app, or any other deployment of it). Default http://127.0.0.1:8000.
- PIPELINES_RUN_LEASE_S: how long a worker holds a run without a heartbeat
  before another worker may take it over (default 120).
- PIPELINES_CODE_VERSION: the code version recorded on models and runs when
  the source is not a git checkout (default: the git commit, else the package version).
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from django.conf import settings

from mlops_site.env import env_int, env_str

PACKAGE_VERSION = "1.0.0"


def telemetry_base_url() -> str:
    return env_str("TELEMETRY_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def run_lease_seconds() -> int:
    return env_int("PIPELINES_RUN_LEASE_S", 120, minimum=1)


def artifacts_dir() -> Path:
    return Path(settings.DATA_DIR) / "artifacts"


@cache
def code_version() -> str:
    """The git commit of the running code, or the package version outside a checkout."""
    configured = env_str("PIPELINES_CODE_VERSION")
    if configured:
        return configured
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return PACKAGE_VERSION
    return out.stdout.strip() or PACKAGE_VERSION


def pipeline_version() -> str:
    """The version of the pipeline code delivered through environments."""
    return f"{PACKAGE_VERSION}+{code_version()}"

"""What the reference pipelines derive from their settings.

The settings themselves (TELEMETRY_BASE_URL, PIPELINES_CODE_VERSION) are read once,
with the others, in mlops_site.settings.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

PACKAGE_VERSION = "1.0.0"


def artifacts_dir() -> Path:
    return Path(settings.DATA_DIR) / "artifacts"


def code_version() -> str:
    """The code version recorded on models and runs: PIPELINES_CODE_VERSION, else the
    commit of the checkout the process started from, else the package version."""
    return settings.PIPELINES_CODE_VERSION or PACKAGE_VERSION


def pipeline_version() -> str:
    """The version of the pipeline code delivered through environments."""
    return f"{PACKAGE_VERSION}+{code_version()}"

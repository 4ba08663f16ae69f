"""Model artifacts on disk: one folder per run under DATA_DIR/artifacts, joblib files,
SHA-256 recorded so a served model can be checked against its registry entry."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import joblib

from pipelines import conf


class ArtifactError(Exception):
    """A model file is missing or does not match its recorded hash."""


def artifact_path(pipeline_id: int, run_number: int, name: str = "model.joblib") -> Path:
    return conf.artifacts_dir() / f"pipeline-{pipeline_id}" / f"run-{run_number}" / name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save(model: Any, path: Path) -> str:
    """Write atomically (a killed worker never leaves half a file) and return the hash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    joblib.dump(model, partial)
    os.replace(partial, path)
    return sha256_of(path)


def load(path: str | Path, *, sha256: str) -> Any:
    file = Path(path)
    if not file.exists():
        raise ArtifactError(f"Model file {file.name} is missing.")
    if sha256_of(file) != sha256:
        raise ArtifactError(f"Model file {file.name} does not match its registered hash.")
    return joblib.load(file)

"""Which code a process runs, for the records that must say which code made them."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_commit(folder: Path) -> str:
    """The short commit of the git checkout holding `folder`; "" outside one or without git."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()

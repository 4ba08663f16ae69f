"""The integration tier: a real worker process, the real broker and database."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import UNREACHABLE
from tests.worker import celery_worker


@pytest.fixture(scope="session")
def worker(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_blocker: object,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[subprocess.Popen[bytes]]:
    problems = request.config.stash.get(UNREACHABLE, [])
    if problems:
        pytest.skip("configured services unreachable: " + "; ".join(problems))
    log = Path(tmp_path_factory.mktemp("worker")) / "worker.log"
    with celery_worker(log) as process:
        yield process

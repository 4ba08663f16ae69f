"""Points where the tests stop a worker to prove that work survives a crash there.

With `TEST_HOLD_AT` naming a point, the process that reaches it writes a marker
file (`hold_marker(name)`) and waits `TEST_HOLD_S` seconds, so a test can SIGKILL
it at exactly that point, or keep it busy there. Unset (always, outside the
tests), a point costs one comparison.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings


def hold_marker(name: str) -> Path:
    return Path(settings.DATA_DIR) / f"held-at-{name}"


def hold_point(name: str) -> None:
    if name != settings.TEST_HOLD_AT:
        return
    hold_marker(name).write_text(str(os.getpid()))
    time.sleep(settings.TEST_HOLD_S)

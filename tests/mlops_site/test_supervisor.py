"""The supervisor behind `make run`: clean stop on Ctrl-C, loud stop when a program dies."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from mlops_site.supervisor import Program, supervise

# Records SIGTERM in a file, then exits 0 (as Celery's warm shutdown does).
POLITE = """
import signal, sys, time
def bye(*_):
    open(sys.argv[1], "w").write("terminated"); sys.exit(0)
signal.signal(signal.SIGTERM, bye)
while True: time.sleep(0.1)
"""


def _interrupt_soon(delay: float) -> None:
    threading.Timer(delay, lambda: os.kill(os.getpid(), signal.SIGINT)).start()


def test_ctrl_c_sends_each_program_sigterm_and_returns_zero(tmp_path):
    marks = [tmp_path / "a", tmp_path / "b"]
    programs = [Program(m.name, [sys.executable, "-c", POLITE, str(m)]) for m in marks]
    _interrupt_soon(1.5)
    assert supervise(programs, grace=10) == 0
    assert [m.read_text() for m in marks] == ["terminated", "terminated"]


def test_a_program_that_exits_stops_the_others_and_fails(tmp_path):
    mark = tmp_path / "survivor"
    programs = [
        Program("crash", [sys.executable, "-c", "import sys; sys.exit(3)"]),
        Program("survivor", [sys.executable, "-c", POLITE, str(mark)]),
    ]
    started = time.monotonic()
    assert supervise(programs, grace=10) == 1
    assert mark.read_text() == "terminated"
    assert time.monotonic() - started < 10


def test_a_program_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    stubborn = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(60)"
    _interrupt_soon(1.0)
    started = time.monotonic()
    assert supervise([Program("stubborn", [sys.executable, "-c", stubborn])], grace=1) == 0
    assert time.monotonic() - started < 10

"""CPU time of checking events against the contract: the quick pre-check beside the full check.

    python bench/contract.py [--events 1000] [--rounds 30]

Checks the documented example of every event type, `--events` in all, as one
batch would be checked, in two ways: `parse_event` (the quick yes/no pass of
conformance.py, then normalising) and the full check of validation.py that
names every problem (then normalising). Prints the median CPU milliseconds
(process time, not wall clock, so other load on the machine matters little)
per 1000 events of each, over `--rounds` rounds. Pure: no database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlops_site.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)

import django

django.setup()

from telemetry.api.docs import example_event  # noqa: E402
from telemetry.contract import EVENT_TYPES, ParsedEvent, parse_event  # noqa: E402
from telemetry.contract.validation import _checked_in_full, _Errors  # noqa: E402


def quick(raw: object, index: int) -> object:
    return parse_event(raw, index, token_team=None)


def full(raw: object, index: int) -> object:
    return _checked_in_full(raw, index, None, _Errors(index))


def cpu_ms_per_1000(check: Callable[[object, int], object], events: list[object]) -> float:
    start = time.process_time()
    for index, raw in enumerate(events):
        check(raw, index)
    return (time.process_time() - start) * 1000 * 1000 / len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    events: list[object] = [
        example_event(EVENT_TYPES[n % len(EVENT_TYPES)], n) for n in range(args.events)
    ]
    for raw in events:
        assert isinstance(raw, dict)
        raw.setdefault("team", "fraud")
    assert all(isinstance(quick(raw, 0), ParsedEvent) for raw in events)
    assert [quick(raw, n) for n, raw in enumerate(events)] == [
        full(raw, n) for n, raw in enumerate(events)
    ]
    figures = {"quick pre-check": [], "full check": []}  # type: dict[str, list[float]]
    for _ in range(args.rounds):  # interleaved, so drifting load hits both alike
        figures["quick pre-check"].append(cpu_ms_per_1000(quick, events))
        figures["full check"].append(cpu_ms_per_1000(full, events))
    for name, values in figures.items():
        print(f"{name:16} {statistics.median(values):7.2f} cpu ms per 1000 events (median)")


if __name__ == "__main__":
    main()

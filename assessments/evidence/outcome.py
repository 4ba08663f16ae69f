"""Turning counts into an evidence outcome: pure, no database.

A rule counts the events it looks at (`total`) and those that show the
practice (`good`); these functions decide met / not_met / insufficient and
word the detail the report shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.rubric.types import EvidenceResult

#: At most this many event ids back an outcome; the detail says how many there were.
EVENT_CAP = 20


@dataclass(frozen=True)
class Tally:
    """What a rule counted: `total` things looked at, `good` of them showing the practice."""

    total: int
    good: int
    #: Event ids behind the outcome, in the order they should be shown.
    event_ids: tuple[str, ...] = ()


def insufficient(what: str) -> EvidenceResult:
    return EvidenceResult(state="insufficient", detail=f"No {what} in the window.")


def _ids(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(ids[:EVENT_CAP])


def _shown(count: int) -> str:
    return f" (showing {EVENT_CAP})" if count > EVENT_CAP else ""


def share_outcome(tally: Tally, *, min_share: float, what: str, practice: str) -> EvidenceResult:
    """Met when at least `min_share` of the `what` show the practice; insufficient when none."""
    if tally.total == 0:
        return insufficient(what)
    share = tally.good / tally.total
    met = share >= min_share
    bad = tally.total - tally.good
    detail = (
        f"{tally.good} of {tally.total} {what} {practice} ({share:.0%}; needs {min_share:.0%})."
    )
    if not met:
        detail += f" {bad} do not{_shown(bad)}."
    elif tally.good > EVENT_CAP:
        detail += f" Showing the newest {EVENT_CAP}."
    return EvidenceResult(
        state="met" if met else "not_met", event_ids=_ids(tally.event_ids), detail=detail
    )


def count_outcome(tally: Tally, *, min_count: int, what: str, practice: str) -> EvidenceResult:
    """Met when at least `min_count` of the `what` show the practice; insufficient when none."""
    if tally.total == 0:
        return insufficient(what)
    met = tally.good >= min_count
    shown = _shown(tally.good if met else tally.total - tally.good)
    detail = f"{tally.good} of {tally.total} {what} {practice} (needs {min_count}){shown}."
    return EvidenceResult(
        state="met" if met else "not_met", event_ids=_ids(tally.event_ids), detail=detail
    )

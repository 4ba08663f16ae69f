"""The two shapes of rule: a share of a set showing the practice, or at least N of it."""

from __future__ import annotations

from assessments.evidence.base import Params
from assessments.evidence.outcome import Tally, count_outcome, share_outcome
from assessments.evidence.sets import CountedSet
from assessments.rubric.types import EvidenceResult


def share_of(
    counted: CountedSet,
    name: str,
    p: Params,
    *,
    what: str,
    practice: str,
    total: str = "total",
    within: str | None = None,
) -> EvidenceResult:
    """Met when at least `min_share` of the set (or of its events with flag `within`) has
    flag `name`."""
    all_, good = counted.counts[total], counted.counts[name]
    met = all_ > 0 and good / all_ >= p["min_share"]
    ids = counted.ids(name, first=met, within=within) if all_ else ()
    return share_outcome(
        Tally(all_, good, ids), min_share=p["min_share"], what=what, practice=practice
    )


def at_least(
    counted: CountedSet, name: str, min_count: int, *, what: str, practice: str
) -> EvidenceResult:
    """Met when at least `min_count` events of the set have flag `name`."""
    all_, good = counted.counts["total"], counted.counts[name]
    ids = counted.ids(name, first=good > 0) if all_ else ()
    return count_outcome(Tally(all_, good, ids), min_count=min_count, what=what, practice=practice)

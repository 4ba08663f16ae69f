"""A team's levels across rounds and over time, and what changed since the last round
and why, from stored scorecard snapshots (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from assessments.rubric.scorecard import CapabilityScore, Scorecard

STATE_LABELS: Mapping[str, str] = {
    "met": "met",
    "partial": "partial",
    "not_met": "not met",
    "not_applicable": "not applicable",
    "unknown": "unknown",
    "contradicted": "contradicted by telemetry",
}


@dataclass(frozen=True)
class Snapshot:
    """One stored scorecard: when it was computed, for which round (None: between rounds)."""

    computed_at: datetime
    round_id: int | None
    scorecard: Scorecard


@dataclass(frozen=True)
class LevelPoint:
    computed_at: datetime
    round_id: int | None
    claimed: int
    assessed: int


@dataclass(frozen=True)
class Change:
    capability: str
    before: str
    after: str
    reason: str

    @property
    def sentence(self) -> str:
        return f"{self.capability}: {STATE_LABELS.get(self.after, self.after)}, {self.reason}"


@dataclass(frozen=True)
class History:
    levels: Mapping[str, tuple[LevelPoint, ...]]  # per framework, oldest first
    since: datetime | None  # when the compared snapshot was taken; None with one snapshot
    level_changes: tuple[str, ...]  # "google: level 0 -> 1"
    changes: tuple[Change, ...]
    #: One row per snapshot, oldest first: when, and "assessed (claimed)" per framework.
    rows: tuple[tuple[datetime, tuple[str, ...]], ...] = ()

    @property
    def frameworks(self) -> tuple[str, ...]:
        return tuple(self.levels)


def _reason(
    before: CapabilityScore, after: CapabilityScore, event_dates: Mapping[str, datetime]
) -> str:
    if after.evidence == "met" and before.evidence != "met":
        dates = sorted(event_dates[e] for e in after.events if e in event_dates)
        if dates:
            return f"first supporting events on {dates[0].date().isoformat()}"
        return "telemetry now shows the practice"
    if after.state == "contradicted":
        return (
            f"telemetry contradicts the answers ({after.note})"
            if after.note
            else ("telemetry contradicts the answers")
        )
    if before.evidence == "met" and after.evidence != "met":
        return "telemetry no longer shows the practice in the window"
    if before.claim != after.claim:
        return f"answers moved from {before.claim} to {after.claim}"
    return after.note or "its evidence changed"


def _previous(snapshots: Sequence[Snapshot]) -> Snapshot | None:
    """The latest snapshot of an earlier round than the newest one (or the one before it)."""
    if len(snapshots) < 2:
        return None
    newest = snapshots[-1]
    for snap in reversed(snapshots[:-1]):
        if snap.round_id != newest.round_id or newest.round_id is None:
            return snap
    return snapshots[-2]


def diff(
    before: Scorecard, after: Scorecard, event_dates: Mapping[str, datetime] | None = None
) -> tuple[Change, ...]:
    """Capabilities whose assessed state changed, with the reason, in rubric order of `after`."""
    dates = event_dates or {}
    out = []
    for cap_id, now in after.capabilities.items():
        then = before.capabilities.get(cap_id)
        if then is None or then.state != now.state:
            reason = _reason(then, now, dates) if then else "new in this rubric version"
            out.append(Change(cap_id, then.state if then else "", now.state, reason))
    return tuple(out)


def history_build(
    snapshots: Sequence[Snapshot], event_dates: Mapping[str, datetime] | None = None
) -> History:
    """Levels over time per framework, and the changes since the previous round."""
    ordered = sorted(snapshots, key=lambda s: s.computed_at)
    frameworks: list[str] = []
    for snap in ordered:
        frameworks += [f for f in snap.scorecard.frameworks if f not in frameworks]
    levels = {
        fw: tuple(
            LevelPoint(
                s.computed_at,
                s.round_id,
                s.scorecard.frameworks[fw].claimed_level,
                s.scorecard.frameworks[fw].assessed_level,
            )
            for s in ordered
            if fw in s.scorecard.frameworks
        )
        for fw in frameworks
    }
    rows = tuple((s.computed_at, _cells(s.scorecard, frameworks)) for s in ordered)
    previous = _previous(ordered)
    if previous is None:
        return History(levels, None, (), (), rows)
    newest = ordered[-1].scorecard
    level_changes = tuple(
        f"{fw}: level {previous.scorecard.frameworks[fw].assessed_level} -> {fs.assessed_level}"
        for fw, fs in newest.frameworks.items()
        if fw in previous.scorecard.frameworks
        and previous.scorecard.frameworks[fw].assessed_level != fs.assessed_level
    )
    changes = diff(previous.scorecard, newest, event_dates)
    return History(levels, previous.computed_at, level_changes, changes, rows)


def _cells(scorecard: Scorecard, frameworks: list[str]) -> tuple[str, ...]:
    return tuple(
        f"{fs.assessed_level} ({fs.claimed_level})" if (fs := scorecard.frameworks.get(fw)) else "-"
        for fw in frameworks
    )

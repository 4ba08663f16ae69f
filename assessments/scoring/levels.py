"""Gated, cumulative levels per framework, coverage, progress and the explanation.

A team is at level L when every capability required at levels 1..L passes the
gate (met, or justified as not applicable); unknown and contradicted count as
not met. Scores are never averaged across capabilities to lift a level.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessments.rubric.scorecard import CapabilityScore, FrameworkScore
from assessments.rubric.types import Framework, Level, Rubric
from assessments.scoring.combine import PASSING, STATE_SCORE

#: How a blocking state reads in an explanation.
STATE_WORDS = {
    "not_met": "not met",
    "partial": "only partly in place",
    "unknown": "not answered and not shown by telemetry",
    "contradicted": "claimed, but contradicted by telemetry",
}


def reached_level(framework: Framework, states: Mapping[str, str]) -> int:
    """The highest level whose requirements, and all lower ones, pass the gate."""
    reached = 0
    for level in framework.levels[1:]:
        if not all(states[c] in PASSING for c in level.requires):
            break
        reached = level.level
    return reached


def _next_level(framework: Framework, level: int) -> Level | None:
    return framework.levels[level + 1] if level + 1 < len(framework.levels) else None


def _progress(level: Level, caps: Mapping[str, CapabilityScore]) -> float:
    if not level.requires:
        return 1.0
    earned = sum(STATE_SCORE[caps[c].state] for c in level.requires)
    return round(earned / len(level.requires), 4)


def _coverage(framework: Framework, caps: Mapping[str, CapabilityScore]) -> float:
    required = framework.required_up_to(framework.levels[-1].level)
    if not required:
        return 0.0
    backed = [c for c in required if caps[c].evidence in ("met", "not_met")]
    return round(len(backed) / len(required), 4)


def _explain(
    framework: Framework,
    rubric: Rubric,
    caps: Mapping[str, CapabilityScore],
    assessed: int,
    claimed: int,
) -> str:
    here = framework.levels[assessed]
    text = f"{framework.name} level {assessed} ({here.name})"
    upper = _next_level(framework, assessed)
    if upper is None:
        text += ", the highest: every required capability is met or not applicable."
    else:
        blocking = [c for c in upper.requires if caps[c].state not in PASSING]
        reasons = "; ".join(
            f"{rubric.capability(c).name} is {STATE_WORDS[caps[c].state]}" for c in blocking
        )
        text += f". Level {upper.level} ({upper.name}) also needs: {reasons}."
    if claimed > assessed:
        text += f" The answers alone would place the team at level {claimed}."
    elif claimed < assessed:
        text += f" Telemetry shows more than the answers claim (level {claimed})."
    return text


def framework_score(
    framework: Framework, rubric: Rubric, caps: Mapping[str, CapabilityScore]
) -> FrameworkScore:
    """Claimed and assessed level of one framework, with coverage, progress and blockers."""
    assessed = reached_level(framework, {c: s.state for c, s in caps.items()})
    claimed = reached_level(framework, {c: s.claim for c, s in caps.items()})
    upper = _next_level(framework, assessed)
    return FrameworkScore(
        framework=framework.id,
        claimed_level=claimed,
        assessed_level=assessed,
        evidence_coverage=_coverage(framework, caps),
        next_level=upper.level if upper else None,
        progress_to_next=_progress(upper, caps) if upper else None,
        blocking=tuple(c for c in upper.requires if caps[c].state not in PASSING) if upper else (),
        explanation=_explain(framework, rubric, caps, assessed, claimed),
    )

"""The scoring engine: answers and evidence in, a scorecard out (pure: no ORM, no I/O).

`score(rubric, responses, evidence)` follows docs/rubric.md#scoring:
claims from answers (claims.py), combined with telemetry evidence
(combine.py), gated into levels per framework (levels.py), and summarised per
aspect. Telemetry alone, without any answer, still yields a full scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assessments.rubric.scorecard import Answers, CapabilityScore, Scorecard
from assessments.rubric.types import ASPECTS, EvidenceResult, Rubric
from assessments.scoring.claims import is_shown, shown_questions, team_claims
from assessments.scoring.combine import assess
from assessments.scoring.levels import framework_score

__all__ = ["aspect_scores", "is_shown", "score", "shown_questions"]


def aspect_scores(rubric: Rubric, caps: Mapping[str, CapabilityScore]) -> dict[str, float]:
    """Mean capability score per aspect, 0-100.

    Optional capabilities (shown as extras) and capabilities justified as not
    applicable are left out: they neither lift nor lower an area. Unknown
    capabilities count as 0, since nothing shows the practice exists.
    """
    out: dict[str, float] = {}
    for aspect in ASPECTS:
        values = [
            caps[c.id].score
            for c in rubric.capabilities
            if c.aspect == aspect and not c.optional and caps[c.id].state != "not_applicable"
        ]
        out[aspect] = round(100 * sum(values) / len(values), 1) if values else 0.0
    return out


def score(
    rubric: Rubric,
    responses: Sequence[Answers],
    evidence: Mapping[str, EvidenceResult],
    *,
    window_days: int | None = None,
) -> Scorecard:
    """Score a team's answers (one mapping per respondent) and evidence against the rubric."""
    claims = team_claims(rubric, responses)
    caps = {c.id: assess(c, claims[c.id], evidence.get(c.id)) for c in rubric.capabilities}
    frameworks = {k: framework_score(fw, rubric, caps) for k, fw in rubric.frameworks.items()}
    return Scorecard(
        rubric_version=rubric.version,
        window_days=window_days if window_days is not None else rubric.thresholds.window_days,
        respondents=sum(1 for answers in responses if answers),
        capabilities=caps,
        frameworks=frameworks,
        aspects=aspect_scores(rubric, caps),
        disagreements=tuple(c for c, s in caps.items() if s.disagreement),
    )

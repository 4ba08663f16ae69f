"""Types of the scoring engine's input and output (docs/rubric.md#scoring).

`assessments.scoring.score(rubric, responses, evidence) -> Scorecard` is the
engine; these types are what the questionnaire, the API, the evidence rules and
the reports exchange with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.rubric.types import AssessedState, ClaimState, EvidenceState


@dataclass(frozen=True)
class NotApplicable:
    """An answer that declares the question's practice not applicable, with the reason."""

    justification: str


#: One respondent's answer to one question: an option id, or not applicable.
AnswerValue = str | NotApplicable
#: One respondent's answers, by question id.
Answers = Mapping[str, AnswerValue]


@dataclass(frozen=True)
class CapabilityScore:
    capability: str
    state: AssessedState
    claim: ClaimState
    claim_score: float | None  # team claim (median of respondents); None when unknown
    evidence: EvidenceState | None  # None where the capability has no evidence rule
    answers: tuple[str, ...]  # ids of the questions that informed the claim
    events: tuple[str, ...]  # event ids behind the evidence
    respondent_scores: tuple[float, ...]  # each respondent's capability score
    disagreement: bool  # spread of respondent scores >= threshold
    unverified: bool  # the claim stands without telemetry behind it
    note: str  # one sentence for people: under-claim, contradiction, justification...
    score: float  # 1 met, 0.5 partial, 0 otherwise; not applicable counts 1


@dataclass(frozen=True)
class FrameworkScore:
    framework: str
    claimed_level: int  # from claims alone
    assessed_level: int  # from assessed states (claims combined with evidence)
    evidence_coverage: float  # share of required capabilities backed by telemetry, 0-1
    next_level: int | None  # None at the top level
    progress_to_next: float | None  # (met + 0.5 * partial) / required by the next level
    blocking: tuple[str, ...]  # capabilities that keep the team from the next level
    explanation: str  # why the team is at this level, in a sentence or two


@dataclass(frozen=True)
class Scorecard:
    rubric_version: str
    window_days: int
    respondents: int
    capabilities: Mapping[str, CapabilityScore]
    frameworks: Mapping[str, FrameworkScore]
    aspects: Mapping[str, float]  # 0-100 per aspect
    disagreements: tuple[str, ...]  # capability ids where respondents disagree

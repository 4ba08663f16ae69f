"""What the answers claim, per capability (docs/rubric.md#claims).

A respondent's capability score is the mean of the option scores of the
capability's questions that they answered and that were shown to them. A
not-applicable answer counts only where both the question and its capability
allow it and a justification is written; otherwise it is ignored like an
unanswered question. Answers naming questions or options the rubric does not
have are ignored too (they may come from an older rubric version).

Combining respondents: the team claim is the median of the scores of the
respondents who scored the capability. The capability is claimed not
applicable only when every respondent who answered it declared it so: a
declaration that lifts a gate needs the whole team behind it. When some
respondents declare it not applicable and others score it, the scores stand
and the capability is flagged as a disagreement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import fsum
from statistics import median

from assessments.rubric.answers import not_applicable_allowed
from assessments.rubric.scorecard import Answers, NotApplicable
from assessments.rubric.types import Capability, ClaimState, Question, Rubric, Thresholds

#: Guards the threshold comparisons against float noise (0.1 + 0.65 is 0.7499...).
EPSILON = 1e-9


@dataclass(frozen=True)
class Position:
    """One respondent on one capability."""

    score: float | None  # mean of their shown, answered options; None if they scored nothing
    justifications: tuple[str, ...]  # their not-applicable reasons, when they gave only those
    questions: tuple[str, ...]  # the questions that informed it


@dataclass(frozen=True)
class Claim:
    """The team's claim on one capability."""

    state: ClaimState
    score: float | None
    respondent_scores: tuple[float, ...]
    questions: tuple[str, ...]
    disagreement: bool
    justifications: tuple[str, ...]
    mixed_not_applicable: bool  # some declared it not applicable, others scored it


def is_shown(question: Question, answers: Answers, by_id: Mapping[str, Question]) -> bool:
    """Whether `question` is shown to a respondent with these answers (show_if, transitively)."""
    condition = question.show_if
    if condition is None:
        return True
    parent = by_id.get(condition.question)
    answer = answers.get(condition.question)
    if parent is None or not isinstance(answer, str) or answer not in condition.any_of:
        return False
    return is_shown(parent, answers, by_id)


def shown_questions(rubric: Rubric, answers: Answers) -> tuple[Question, ...]:
    """The rubric's questions a respondent with these answers sees, in rubric order."""
    by_id = {q.id: q for q in rubric.questions}
    return tuple(q for q in rubric.questions if is_shown(q, answers, by_id))


def _valid_not_applicable(answer: NotApplicable, question: Question, cap: Capability) -> bool:
    return not_applicable_allowed(question, cap) and bool(answer.justification.strip())


def position(
    cap: Capability, questions: Sequence[Question], answers: Answers, by_id: Mapping[str, Question]
) -> Position:
    """One respondent's position on `cap`, from the capability's scored `questions`."""
    scores: list[float] = []
    reasons: list[str] = []
    used: list[str] = []
    for q in questions:
        answer = answers.get(q.id)
        if answer is None or not is_shown(q, answers, by_id):
            continue
        if isinstance(answer, NotApplicable):
            if _valid_not_applicable(answer, q, cap):
                reasons.append(answer.justification.strip())
                used.append(q.id)
            continue
        option = next((o for o in q.options if o.id == answer), None)
        if option is not None:
            scores.append(option.score)
            used.append(q.id)
    if scores:
        # fsum, not statistics.mean: the latter's exact Fraction arithmetic dominated scoring.
        return Position(fsum(scores) / len(scores), (), tuple(used))
    return Position(None, tuple(dict.fromkeys(reasons)), tuple(used))


def claim_state(value: float, thresholds: Thresholds) -> ClaimState:
    if value >= thresholds.claim_met - EPSILON:
        return "met"
    if value >= thresholds.claim_partial - EPSILON:
        return "partial"
    return "not_met"


def team_claim(positions: Sequence[Position], thresholds: Thresholds) -> Claim:
    """Combine respondents' positions on one capability into the team's claim."""
    scores = tuple(p.score for p in positions if p.score is not None)
    reasons = tuple(dict.fromkeys(r for p in positions for r in p.justifications))
    questions = tuple(dict.fromkeys(q for p in positions for q in p.questions))
    if not scores:
        state: ClaimState = "not_applicable" if reasons else "unknown"
        return Claim(state, None, (), questions, False, reasons, False)
    spread = max(scores) - min(scores)
    mixed = bool(reasons)
    disagreement = mixed or spread >= thresholds.disagreement_spread - EPSILON
    value = median(scores)
    return Claim(
        claim_state(value, thresholds), value, scores, questions, disagreement, reasons, mixed
    )


def team_claims(rubric: Rubric, responses: Sequence[Answers]) -> dict[str, Claim]:
    """The team claim for every capability of the rubric."""
    by_id = {q.id: q for q in rubric.questions}
    claims = {}
    for cap in rubric.capabilities:
        questions = [q for q in rubric.questions if q.capability == cap.id and not q.context]
        positions = [position(cap, questions, answers, by_id) for answers in responses]
        claims[cap.id] = team_claim(positions, rubric.thresholds)
    return claims

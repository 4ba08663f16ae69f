"""Build answer profiles from the rubric data, so tests follow the rubric as it changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assessments.rubric.scorecard import AnswerValue, NotApplicable
from assessments.rubric.types import EvidenceResult, Question, Rubric


def option_near(question: Question, target: float) -> str:
    """The id of the question's option whose score is closest to `target`."""
    return min(question.options, key=lambda o: abs(o.score - target)).id


def respondent(
    rubric: Rubric,
    levels: Mapping[str, float] | None = None,
    *,
    default: float | None = 0.0,
    serving: str = "online",
) -> dict[str, AnswerValue]:
    """Answers every scored question near the capability's target (None: leave unanswered)."""
    levels = levels or {}
    answers: dict[str, AnswerValue] = {"context_serving_mode": serving}
    for q in rubric.questions:
        if q.context:
            continue
        target = levels.get(q.capability, default)
        if target is not None:
            answers[q.id] = option_near(q, target)
    return answers


def meeting(rubric: Rubric, capabilities: Iterable[str]) -> dict[str, AnswerValue]:
    """A respondent who fully has these capabilities and none of the others."""
    return respondent(rubric, dict.fromkeys(capabilities, 1.0))


def not_applicable(rubric: Rubric, capability: str, why: str) -> dict[str, AnswerValue]:
    """Not-applicable answers to every question of `capability` that allows it."""
    return {
        q.id: NotApplicable(why)
        for q in rubric.questions
        if q.capability == capability and q.allows_not_applicable
    }


def evidence(state: str, capabilities: Iterable[str]) -> dict[str, EvidenceResult]:
    return {c: EvidenceResult(state, (f"evt-{c}",), f"{c} {state}") for c in capabilities}  # type: ignore[arg-type]

"""Checking one respondent's answers against the rubric, with the scorer's own rules.

The scorer quietly ignores answers it cannot use; a questionnaire or an import
calls `answer_problems` first so that people are told instead, in the same
terms the scorer applies.
"""

from __future__ import annotations

from assessments.rubric.scorecard import Answers, NotApplicable
from assessments.rubric.types import Capability, Question, Rubric


def not_applicable_refusal(question: Question, capability: Capability | None) -> str | None:
    """Why `question` (of `capability`) cannot be answered not applicable, or None where
    it can: only a scored question whose question and capability both allow it."""
    if question.context or not question.allows_not_applicable:
        return "This question cannot be answered not applicable."
    if capability is None or not capability.allows_not_applicable:
        return "This practice cannot be declared not applicable."
    return None


def not_applicable_allowed(question: Question, capability: Capability | None) -> bool:
    return not_applicable_refusal(question, capability) is None


def capability_of(rubric: Rubric, question: Question) -> Capability | None:
    """The question's capability; None where the rubric has no such capability."""
    try:
        return rubric.capability(question.capability)
    except KeyError:
        return None


def _problem(question: Question, rubric: Rubric, value: object) -> str | None:
    if isinstance(value, NotApplicable):
        refusal = not_applicable_refusal(question, capability_of(rubric, question))
        if refusal:
            return refusal
        if not value.justification.strip():
            return "Say why it does not apply."
        return None
    if value not in {o.id for o in question.options}:
        return "Choose one of the listed answers."
    return None


def answer_problems(rubric: Rubric, answers: Answers) -> dict[str, str]:
    """A message per question id whose answer the scorer could not use (empty when all is well)."""
    by_id = {q.id: q for q in rubric.questions}
    problems: dict[str, str] = {}
    for question_id, value in answers.items():
        question = by_id.get(question_id)
        message = "No such question." if question is None else _problem(question, rubric, value)
        if message:
            problems[question_id] = message
    return problems

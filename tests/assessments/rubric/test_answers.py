"""Answers are checked with the scorer's rules before they are stored."""

from __future__ import annotations

import pytest

from assessments.rubric.answers import answer_problems
from assessments.rubric.loader import get_rubric
from assessments.rubric.scorecard import NotApplicable

RUBRIC = get_rubric()


@pytest.mark.parametrize(
    ("question", "value", "problem"),
    [
        ("lineage_trace_back", "all", None),
        ("context_serving_mode", "batch", None),
        ("progressive_delivery_first_use", NotApplicable("nightly batch scores"), None),
        ("lineage_trace_back", "maybe", "Choose one of the listed answers."),
        ("no_such_question", "all", "No such question."),
        ("progressive_delivery_first_use", NotApplicable("  "), "Say why it does not apply."),
        (
            "lineage_trace_back",
            NotApplicable("no data"),
            "This question cannot be answered not applicable.",
        ),
        (
            "context_serving_mode",
            NotApplicable("n/a"),
            "This question cannot be answered not applicable.",
        ),
    ],
)
def test_each_answer_is_checked_against_its_question(question, value, problem):
    problems = answer_problems(RUBRIC, {question: value})
    assert problems.get(question) == problem


@pytest.mark.parametrize("question_allows", [True, False])
@pytest.mark.parametrize("capability_allows", [True, False])
def test_the_page_the_answer_check_and_the_scorer_agree_on_not_applicable(
    question_allows, capability_allows
):
    from dataclasses import replace

    from assessments.questionnaire import rules as questionnaire
    from assessments.scoring.claims import team_claims

    question = replace(
        RUBRIC.question("progressive_delivery_first_use"), allows_not_applicable=question_allows
    )
    capability = replace(
        RUBRIC.capability(question.capability), allows_not_applicable=capability_allows
    )
    rubric = replace(
        RUBRIC,
        capabilities=tuple(capability if c.id == capability.id else c for c in RUBRIC.capabilities),
        questions=tuple(question if q.id == question.id else q for q in RUBRIC.questions),
    )
    answers = {question.id: NotApplicable("nightly batch scores")}
    allowed = question_allows and capability_allows
    assert questionnaire.allows_not_applicable(rubric, question) is allowed
    assert (question.id not in answer_problems(rubric, answers)) is allowed
    claim = team_claims(rubric, [answers])[capability.id]
    assert (claim.state == "not_applicable") is allowed

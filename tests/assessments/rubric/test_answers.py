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

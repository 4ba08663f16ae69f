"""The questionnaire's pure rules: sections, branching, validation, progress, parsing."""

from __future__ import annotations

import pytest

from assessments.questionnaire import rules as qn
from assessments.rubric.scorecard import NotApplicable
from tests.assessments.questionnaire.conftest import small_rubric

RUBRIC = small_rubric()


def test_context_questions_come_first_then_one_section_per_aspect_in_order():
    sections = qn.sections(RUBRIC)
    assert [s.id for s in sections] == ["context", "people", "model_creation", "model_release"]
    assert [q.id for q in sections[0].questions] == ["ctx_serving"]


@pytest.mark.parametrize(
    ("answers", "pd_visible"),
    [
        ({}, False),
        ({"ctx_serving": "batch"}, False),
        ({"ctx_serving": "online"}, True),
    ],
)
def test_a_branching_question_shows_only_after_the_option_it_depends_on(answers, pd_visible):
    assert ("pd_strategy" in qn.visible_ids(RUBRIC, answers)) is pd_visible


@pytest.mark.parametrize(
    ("question", "value", "others", "message"),
    [
        ("sc_code", "yes", {}, None),
        ("nope", "yes", {}, "No such question."),
        ("sc_code", "maybe", {}, "Choose one of the listed answers"),
        ("sc_code", NotApplicable("because"), {}, "cannot be answered not applicable"),
        ("pd_strategy", NotApplicable("  "), {"ctx_serving": "online"}, "Say why"),
        ("pd_strategy", NotApplicable("batch only"), {"ctx_serving": "online"}, None),
        ("pd_strategy", "yes", {"ctx_serving": "batch"}, "does not apply given your other"),
    ],
)
def test_an_answer_is_checked_against_the_rubric(question, value, others, message):
    error = qn.answer_error(RUBRIC, question, value, {**others, question: value})
    if message is None:
        assert error is None
    else:
        assert error is not None
        assert message in error


def test_answers_to_questions_hidden_later_no_longer_count_nor_show_in_progress():
    answers = {"ctx_serving": "batch", "pd_strategy": "yes", "sc_code": "no"}
    assert qn.effective_answers(RUBRIC, answers) == {"ctx_serving": "batch", "sc_code": "no"}
    assert qn.progress(RUBRIC, answers) == qn.Progress(answered=2, total=3)
    assert [q.id for q in qn.unanswered(RUBRIC, answers)] == ["people_collab"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("yes", "yes"),
        ({"not_applicable": True, "justification": "batch only"}, NotApplicable("batch only")),
    ],
)
def test_an_answer_from_json_is_an_option_id_or_a_justified_not_applicable(raw, expected):
    assert qn.answer_from_json(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", 3, None, {"not_applicable": False}, {"not_applicable": True, "justification": 5}]
)
def test_anything_else_from_json_is_refused_with_a_reason(raw):
    with pytest.raises(ValueError, match=r"\w"):
        qn.answer_from_json(raw)


def test_the_form_without_javascript_posts_options_and_not_applicable_with_its_reason():
    data = {
        "answer-sc_code": "yes",
        "answer-pd_strategy": qn.NOT_APPLICABLE,
        "justification-pd_strategy": "batch",
        "section": "x",
        "answer-people_collab": "",
    }
    assert qn.answers_from_form(data) == {"sc_code": "yes", "pd_strategy": NotApplicable("batch")}

"""Target levels recommended from the team's context, with the reasons shown."""

from __future__ import annotations

import pytest

from assessments.reports.context import TeamContext, context_from_answers, recommend_target
from tests.assessments.reports.helpers import rubric

pytestmark = pytest.mark.dated


@pytest.mark.parametrize(
    ("serving", "regulated", "models", "google", "azure"),
    [
        (None, None, None, 1, 2),
        ("batch", "not_regulated", "one", 1, 2),
        ("batch", "not_regulated", "none", 1, 2),
        ("batch", "regulated", "one", 1, 3),
        ("online", "not_regulated", "one", 1, 3),
        ("online", "not_regulated", "few", 2, 3),
        ("batch", "not_regulated", "few", 1, 3),
        ("online", "regulated", "one", 1, 4),
        ("batch", "not_regulated", "fleet", 2, 4),
        ("both", "internal_policy", "many", 2, 4),
    ],
)
def test_the_target_level_follows_serving_mode_regulation_and_models(
    serving, regulated, models, google, azure
):
    context = TeamContext(serving, regulated, models)
    g = recommend_target(rubric().frameworks["google"], context)
    a = recommend_target(rubric().frameworks["azure"], context)
    assert (g.level, a.level) == (google, azure)
    assert g.reasons
    assert a.reasons
    assert g.name


def test_unanswered_context_is_said_out_loud_in_the_reasons():
    target = recommend_target(rubric().frameworks["azure"], TeamContext())
    assert "unanswered" in target.reasons[0]


def test_the_team_context_is_the_most_frequent_answer_of_its_respondents():
    responses = [
        {"context_serving_mode": "online", "context_regulated": "regulated"},
        {"context_serving_mode": "batch"},
        {"context_serving_mode": "online", "context_models_in_production": "few"},
    ]
    assert context_from_answers(responses) == TeamContext("online", "regulated", "few")

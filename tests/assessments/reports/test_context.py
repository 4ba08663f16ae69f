"""Target levels recommended from the team's context, with the reasons shown."""

from __future__ import annotations

import pytest

from assessments.reports.context import (
    TargetLevel,
    TeamContext,
    context_from_answers,
    recommend_target,
)
from tests.assessments.reports.helpers import rubric

pytestmark = pytest.mark.dated


def targets(context: TeamContext) -> tuple[TargetLevel, TargetLevel]:
    """The Google and the Azure target of a team in this context."""
    frameworks = rubric().frameworks
    return (
        recommend_target(frameworks["google"], context),
        recommend_target(frameworks["azure"], context),
    )


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
        ("online", "regulated", "one", 1, 3),
        ("batch", "not_regulated", "fleet", 2, 4),
        ("both", "internal_policy", "many", 2, 3),
    ],
)
def test_the_target_level_follows_serving_mode_regulation_and_models(
    serving, regulated, models, google, azure
):
    g, a = targets(TeamContext(serving, regulated, models))
    assert (g.level, a.level) == (google, azure)
    assert g.reasons
    assert a.reasons
    assert g.name


@pytest.mark.parametrize(
    ("rate", "models", "serving", "google", "azure"),
    [
        ("years", "one", "batch", 0, 2),
        ("months", "one", "batch", 0, 2),
        ("months", "few", "batch", 1, 3),
        ("weeks", "one", "batch", 1, 2),
        ("days", "few", "online", 2, 3),
        ("months", "few", "online", 1, 3),
        ("days", "fleet", "batch", 2, 4),
        ("years", "fleet", "batch", 2, 3),
    ],
)
def test_the_target_follows_how_fast_the_data_changes_and_how_many_models_run(
    rate, models, serving, google, azure
):
    g, a = targets(TeamContext(serving, "not_regulated", models, rate))
    assert (g.level, a.level) == (google, azure)
    assert rate in " ".join(g.reasons) or models in ("fleet",)


def test_a_slowly_changing_single_model_may_stay_at_google_level_0_and_is_told_why():
    target = recommend_target(
        rubric().frameworks["google"], TeamContext("batch", "not_regulated", "one", "years")
    )
    assert target.level == 0
    assert "level 0 can be enough when models rarely change" in target.reasons[0]


@pytest.mark.parametrize("models", ["one", "fleet"])
def test_a_regulated_online_team_aims_at_azure_3_with_approval_gated_retraining(models):
    context = TeamContext("online", "regulated", models, "days")
    target = recommend_target(rubric().frameworks["azure"], context)
    assert target.level == 3
    assert "retraining that waits for an approval step" in target.reasons[-1]


def test_unanswered_context_is_said_out_loud_in_the_reasons():
    target = recommend_target(rubric().frameworks["azure"], TeamContext())
    assert "unanswered" in target.reasons[0]


def test_the_team_context_is_the_most_frequent_answer_of_its_respondents():
    responses = [
        {"context_serving_mode": "online", "context_regulated": "regulated"},
        {"context_serving_mode": "batch"},
        {"context_serving_mode": "online", "context_models_in_production": "few"},
        {"context_data_change_rate": "weeks"},
    ]
    assert context_from_answers(responses) == TeamContext("online", "regulated", "few", "weeks")

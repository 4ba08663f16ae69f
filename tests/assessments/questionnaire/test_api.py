"""The answers import and scorecard API: permissions, per-question errors, window, shape."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Answer, AssessmentResponse
from assessments.services import questionnaire as svc

pytestmark = [pytest.mark.dated, pytest.mark.django_db]
IMPORT = reverse("api-team-assessments", kwargs={"team": "fraud"})
SCORECARD = reverse("api-team-scorecard", kwargs={"team": "fraud"})
GOOD = {
    "ctx_serving": "online",
    "sc_code": "yes",
    "pd_strategy": {"not_applicable": True, "justification": "batch scoring only"},
    "people_collab": "partly",
}


@pytest.fixture
def round_(world, rubric):
    return svc.assessment_round_open(team=world.team, user=world.lead)


def test_an_import_stores_and_submits_my_answers(world, round_, client):
    client.force_login(world.member)
    response = client.post(IMPORT, {"answers": GOOD}, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["scorecard"] == SCORECARD
    stored = AssessmentResponse.objects.get(pk=body["id"])
    assert stored.status == "submitted"
    assert stored.respondent == world.member
    assert stored.answers.count() == 4


def test_an_import_with_errors_lists_them_by_question_and_stores_nothing(world, round_, client):
    client.force_login(world.member)
    answers = {**GOOD, "sc_code": "maybe", "nope": "yes", "people_collab": 3}
    response = client.post(IMPORT, {"answers": answers}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"people_collab"}  # shape first
    response = client.post(
        IMPORT, {"answers": {**answers, "people_collab": "yes"}}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"sc_code", "nope"}
    assert not Answer.objects.exists()


@pytest.mark.parametrize("body", [{}, {"answers": {}}, {"answers": ["sc_code"]}])
def test_an_import_without_answers_is_a_clear_400(world, round_, client, body):
    client.force_login(world.member)
    response = client.post(IMPORT, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_viewers_and_outsiders_cannot_import(world, round_, client, who, status):
    client.force_login(getattr(world, who))
    assert (
        client.post(IMPORT, {"answers": GOOD}, content_type="application/json").status_code
        == status
    )
    assert not Answer.objects.exists()


def test_an_anonymous_caller_is_refused(world, round_, client):
    assert client.post(IMPORT, {"answers": GOOD}, content_type="application/json").status_code in (
        401,
        403,
    )


def test_the_rounds_of_a_team_are_listed_with_their_submissions(world, round_, client):
    svc.assessment_import(team=world.team, user=world.member, answers={"sc_code": "yes"})
    client.force_login(world.viewer)
    [listed] = client.get(IMPORT).json()
    assert listed["status"] == "open"
    assert listed["submitted"] == 1


@pytest.mark.parametrize("window", ["0", "731", "abc", "-5"])
def test_a_bad_window_is_a_clear_400(world, rubric, client, window):
    client.force_login(world.member)
    response = client.get(SCORECARD, {"window": window})
    assert response.status_code == 400
    assert "window" in response.json()["errors"]


def test_an_import_without_an_open_round_says_a_lead_opens_one(world, rubric, client):
    client.force_login(world.member)
    response = client.post(IMPORT, {"answers": GOOD}, content_type="application/json")
    assert response.status_code == 400
    assert "a team lead opens one" in response.json()["detail"]


def test_the_import_and_scorecard_are_in_the_openapi_schema(world, client):
    client.force_login(world.member)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/teams/{team}/assessments" in schema["paths"]
    scorecard = schema["paths"]["/api/v1/teams/{team}/scorecard"]["get"]
    assert any(p["name"] == "window" for p in scorecard["parameters"])

"""Admin console: rounds, responses, answers and snapshots browsable; recompute action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from assessments.models import AssessmentResponse, AssessmentRound, ScorecardSnapshot
from assessments.services import questionnaire as svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(world, rubric, client):
    svc.assessment_round_open(team=world.team, user=world.lead)
    svc.assessment_import(team=world.team, user=world.member, answers={"sc_code": "yes"})
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


@pytest.mark.parametrize(
    ("name", "term", "shown"),
    [
        ("assessmentround", "fraud", b"acme/fraud"),
        ("assessmentresponse", "member", b"member in"),
        ("answer", "sc_code", b"sc_code"),
        ("scorecardsnapshot", "fraud", b"0 scorecard snapshots"),
    ],
)
def test_every_questionnaire_list_opens_and_searches(staff_client, name, term, shown):
    url = reverse(f"admin:assessments_{name}_changelist")
    assert staff_client.get(url).status_code == 200
    assert shown in staff_client.get(url, {"q": term}).content


def test_a_round_shows_its_responses_and_a_response_its_answers_inline(world, staff_client):
    round_ = AssessmentRound.objects.get()
    page = staff_client.get(reverse("admin:assessments_assessmentround_change", args=[round_.pk]))
    assert b"member" in page.content
    response = AssessmentResponse.objects.get()
    page = staff_client.get(
        reverse("admin:assessments_assessmentresponse_change", args=[response.pk])
    )
    assert b"sc_code" in page.content


def test_the_recompute_action_stores_a_fresh_scorecard_for_the_team(world, staff_client):
    response = staff_client.post(
        reverse("admin:assessments_assessmentround_changelist"),
        {"action": "recompute_scorecard", "_selected_action": [AssessmentRound.objects.get().pk]},
        follow=True,
    )
    assert b"Stored a fresh scorecard for 1 team" in response.content
    snapshot = ScorecardSnapshot.objects.get()
    assert snapshot.team == world.team
    assert snapshot.scorecard["respondents"] == 1

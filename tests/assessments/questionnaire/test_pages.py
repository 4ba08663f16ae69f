"""Questionnaire pages: what each persona may see and do, the no-JavaScript form, query counts."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from assessments.models import Answer, AssessmentResponse, AssessmentRound
from assessments.services import questionnaire as svc

pytestmark = [pytest.mark.dated, pytest.mark.django_db]
TEAM = {"org": "acme", "team": "fraud"}


def url(name: str) -> str:
    return reverse(name, kwargs=TEAM)


@pytest.fixture
def round_(world, rubric):
    return svc.assessment_round_open(team=world.team, user=world.lead)


def test_the_team_page_shows_the_assessment_area_and_its_round(world, round_, client):
    client.force_login(world.member)
    page = client.get(reverse("team-detail", kwargs=TEAM)).content.decode()
    assert "Assessment" in page
    assert "Start my answers" in page
    assert "0 submitted, 0 in progress" in page


def test_a_lead_opens_a_round_from_the_assessment_page(world, rubric, client):
    client.force_login(world.lead)
    response = client.post(url("team-assessment"), {"action": "open"})
    assert response.status_code == 302
    assert response["Location"] == url("team-questionnaire")
    assert AssessmentRound.objects.get().is_open


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("viewer", 403), ("outsider", 404)])
def test_others_may_not_open_a_round(world, rubric, client, who, status):
    client.force_login(getattr(world, who))
    assert client.post(url("team-assessment"), {"action": "open"}).status_code == status
    assert not AssessmentRound.objects.exists()


def test_the_questionnaire_lists_context_first_with_radio_groups_in_fieldsets(
    world, round_, client
):
    client.force_login(world.member)
    page = client.get(url("team-questionnaire")).content.decode()
    assert page.index("Your context") < page.index("People") < page.index("Model creation")
    assert page.count("<fieldset") == 4
    assert "<legend>How are predictions served?</legend>" in page
    assert 'href="#main"' in page  # skip link
    assert "Not applicable to our team" in page
    assert 'id="q-pd_strategy" data-question="pd_strategy"' in page


def test_a_section_posted_without_javascript_is_saved(world, round_, client):
    client.force_login(world.member)
    response = client.post(
        url("team-questionnaire"), {"section": "context", "answer-ctx_serving": "online"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#context")
    assert Answer.objects.get().option_id == "online"


def test_a_bad_section_keeps_what_was_typed_and_names_the_question(world, round_, client):
    client.force_login(world.member)
    svc.answer_save(team=world.team, user=world.member, question_id="ctx_serving", value="online")
    response = client.post(
        url("team-questionnaire"),
        {"answer-pd_strategy": "__na__", "justification-pd_strategy": "", "answer-sc_code": "yes"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why it does not apply" in page
    assert 'value="yes" checked' in page
    assert Answer.objects.count() == 1


def test_the_save_endpoint_stores_one_answer_and_explains_refusals(world, round_, client):
    client.force_login(world.member)
    ok = client.post(
        url("team-assessment-answers"),
        {"question": "sc_code", "option": "yes"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["saved"] is True
    bad = client.post(
        url("team-assessment-answers"),
        {"question": "sc_code", "option": "maybe"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "Choose one of the listed answers" in bad.json()["error"]
    na = client.post(
        url("team-assessment-answers"),
        json.dumps({"question": "x"}),
        content_type="application/json",
    )
    assert na.status_code == 400
    mine = client.get(url("team-assessment-answers")).json()
    assert mine == {"round": round_.pk, "answers": {"sc_code": "yes"}}


def test_the_save_endpoint_refuses_a_post_without_the_csrf_token(world, round_):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = client.post(
        url("team-assessment-answers"),
        {"question": "sc_code", "option": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_the_review_lists_unanswered_questions_with_links_and_submits(world, round_, client):
    client.force_login(world.member)
    svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="yes")
    page = client.get(url("team-assessment-review")).content.decode()
    assert f"{url('team-questionnaire')}#q-people_collab" in page
    assert "#q-sc_code" not in page
    assert client.post(url("team-assessment-review")).status_code == 302
    assert AssessmentResponse.objects.get().status == "submitted"


@pytest.mark.parametrize(
    "name", ["team-questionnaire", "team-assessment-review", "team-assessment-answers"]
)
def test_a_viewer_may_not_open_the_answering_pages(world, round_, client, name):
    client.force_login(world.viewer)
    assert client.get(url(name)).status_code == 403


def test_without_an_open_round_the_questions_send_people_to_the_assessment_page(
    world, rubric, client
):
    client.force_login(world.member)
    response = client.get(url("team-questionnaire"))
    assert response.status_code == 302
    assert response["Location"] == url("team-assessment")


def test_the_questionnaire_page_makes_a_fixed_number_of_queries(
    world, round_, client, django_assert_max_num_queries
):
    client.force_login(world.member)
    svc.answers_save(
        team=world.team,
        user=world.member,
        answers={"ctx_serving": "online", "sc_code": "yes", "pd_strategy": "no"},
    )
    with django_assert_max_num_queries(12):
        assert client.get(url("team-questionnaire")).status_code == 200


def test_the_team_page_with_a_round_makes_a_fixed_number_of_queries(
    world, round_, client, django_assert_max_num_queries
):
    svc.assessment_import(team=world.team, user=world.member, answers={"sc_code": "yes"})
    svc.assessment_import(team=world.team, user=world.lead, answers={"sc_code": "no"})
    client.force_login(world.member)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("team-detail", kwargs=TEAM)).status_code == 200

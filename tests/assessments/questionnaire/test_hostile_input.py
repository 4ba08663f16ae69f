"""Hostile answers through every way in (the import API, the page's live save and the
no-JavaScript form): a 400 that says why, never a 5xx, and nothing stored."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from assessments.models import Answer
from assessments.questionnaire.rules import MAX_JUSTIFICATION
from assessments.services import questionnaire as svc

pytestmark = pytest.mark.django_db
TEAM = {"org": "acme", "team": "fraud"}
IMPORT = reverse("api-team-assessments", kwargs={"team": "fraud"})
SAVE = reverse("team-assessment-answers", kwargs=TEAM)
QUESTIONS = reverse("team-questionnaire", kwargs=TEAM)
BAD_JUSTIFICATIONS = {
    "nul": "batch\x00 scoring only",
    "too long": "x" * (MAX_JUSTIFICATION + 1),
    "a megabyte": "x" * 1_000_000,
    "lone surrogate": "batch \ud800 scoring",
}


@pytest.fixture
def member(world, rubric, client):
    svc.assessment_round_open(team=world.team, user=world.lead)
    client.force_login(world.member)
    return client


def _json(value: object) -> str:
    # ensure_ascii keeps a lone surrogate as the \ud800 escape a client would send.
    return json.dumps(value, ensure_ascii=True)


@pytest.mark.parametrize("text", BAD_JUSTIFICATIONS.values(), ids=BAD_JUSTIFICATIONS.keys())
def test_the_import_refuses_a_justification_that_cannot_be_kept(member, text):
    answers = {
        "ctx_serving": "online",
        "pd_strategy": {"not_applicable": True, "justification": text},
    }
    response = member.post(IMPORT, _json({"answers": answers}), "application/json")
    assert response.status_code == 400, response.content[:300]
    assert list(response.json()["errors"]) == ["pd_strategy"]
    assert "the reason" in response.json()["errors"]["pd_strategy"][0].lower()
    assert not Answer.objects.exists()


@pytest.mark.parametrize("text", BAD_JUSTIFICATIONS.values(), ids=BAD_JUSTIFICATIONS.keys())
def test_the_live_save_refuses_a_justification_that_cannot_be_kept(member, text):
    first = {"question": "ctx_serving", "option": "online"}
    assert member.post(SAVE, _json(first), "application/json").status_code == 200
    body = {"question": "pd_strategy", "not_applicable": True, "justification": text}
    response = member.post(SAVE, _json(body), "application/json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["saved"] is False
    assert "the reason" in response.json()["error"].lower()
    assert not Answer.objects.filter(question_id="pd_strategy").exists()


@pytest.mark.parametrize("text", ["batch\x00 scoring only", "x" * (MAX_JUSTIFICATION + 1)])
def test_the_form_refuses_a_justification_that_cannot_be_kept(member, text):
    form = {
        "answer-ctx_serving": "online",
        "answer-pd_strategy": "__na__",
        "justification-pd_strategy": text,
    }
    response = member.post(QUESTIONS, form)
    assert response.status_code == 400
    assert "the reason" in response.content.decode().lower()
    assert not Answer.objects.exists()


def test_a_justification_of_the_longest_allowed_length_is_kept(member):
    text = "x" * MAX_JUSTIFICATION
    answers = {
        "ctx_serving": "online",
        "pd_strategy": {"not_applicable": True, "justification": text},
    }
    response = member.post(IMPORT, _json({"answers": answers}), "application/json")
    assert response.status_code == 201, response.content[:300]
    assert Answer.objects.get(question_id="pd_strategy").justification == text


@pytest.mark.parametrize("opener", ["[", '{"a":'])
@pytest.mark.parametrize("target", [SAVE, IMPORT])
def test_json_nested_thousands_deep_is_a_400(member, target, opener):
    closer = "]" if opener == "[" else "}"
    response = member.post(target, opener * 5000 + "1" + closer * 5000, "application/json")
    assert response.status_code == 400
    assert not Answer.objects.exists()


@pytest.mark.parametrize("text", ["option\x00", "x" * 10_000])
def test_an_option_id_that_cannot_be_one_is_refused(member, text):
    response = member.post(IMPORT, _json({"answers": {"sc_code": text}}), "application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sc_code"]

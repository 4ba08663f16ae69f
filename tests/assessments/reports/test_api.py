"""The roadmap and report API, by persona, and its documented shape."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.assessments.reports.data import snapshot, submitted_round

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


@pytest.fixture
def assessed(world):
    submitted_round(world.team, [world.lead], ["source_control"], {"context_serving_mode": "batch"})
    snapshot(world.team)
    return world


def _get(user, name: str, **query):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, kwargs={"team": "fraud"}), query)


@pytest.mark.parametrize("persona", ["admin", "lead", "member", "viewer"])
def test_people_who_see_the_team_get_its_roadmap(assessed, persona):
    response = _get(getattr(assessed, persona), "api-team-roadmap")
    assert response.status_code == 200
    body = response.json()
    assert body["team"] == "fraud"
    assert body["advice_version"] == "1"
    assert body["team_context"]["serving_mode"] == "batch"
    google = next(f for f in body["frameworks"] if f["framework"] == "google")
    assert google["items"][0]["steps"]
    assert len(body["top_steps"]) == 3


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), (None, 403)])
def test_others_cannot_read_the_roadmap_or_the_report(assessed, persona, status):
    user = getattr(assessed, persona) if persona else None
    assert _get(user, "api-team-roadmap").status_code in (status, 401)
    assert _get(user, "api-team-report").status_code in (status, 401)


def test_the_report_api_carries_the_scorecard_roadmap_history_and_metrics(assessed):
    body = _get(assessed.member, "api-team-report").json()
    assert body["scorecard"]["capabilities"]["source_control"]["state"] == "met"
    assert body["roadmap"]["advice_version"] == "1"
    assert body["history"]["levels"]["google"]
    assert body["metrics"] == []  # no telemetry yet
    assert body["contradictions"] == []


def test_a_bad_window_is_a_400_with_the_reason(assessed):
    response = _get(assessed.member, "api-team-roadmap", window="0")
    assert response.status_code == 400
    assert "window" in str(response.json())


def test_the_schema_documents_the_roadmap_with_an_example(admin_client):
    schema = admin_client.get(reverse("api-schema"), {"format": "json"}).json()
    path = schema["paths"]["/api/v1/teams/{team}/roadmap"]["get"]
    content = path["responses"]["200"]["content"]["application/json"]
    assert content["schema"]["$ref"].endswith("/RoadmapOutput")
    assert "examples" in content

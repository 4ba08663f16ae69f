"""GET /api/v1/rubric: the rubric as outside scripts and the questionnaire read it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessments.rubric.loader import get_rubric

URL = reverse("api-rubric")


@pytest.fixture
def client_in(world) -> Client:
    client = Client()
    client.force_login(world.member)
    return client


def test_an_anonymous_visitor_cannot_read_the_rubric(db):
    assert Client().get(URL).status_code in (401, 403)


def test_the_rubric_has_the_documented_shape(client_in):
    response = client_in.get(URL)
    assert response.status_code == 200
    body = response.json()
    rubric = get_rubric()
    assert body["version"] == rubric.version
    assert [c["id"] for c in body["capabilities"]] == [c.id for c in rubric.capabilities]
    assert set(body["capabilities"][0]) >= {
        "id",
        "name",
        "aspect",
        "telemetry",
        "allows_not_applicable",
    }
    google = body["frameworks"]["google"]["levels"]
    assert [lvl["level"] for lvl in google] == [0, 1, 2]
    assert "data_validation" in google[1]["requires"]
    assert body["thresholds"]["claim_met"] == 0.75
    assert body["evidence"]["continuous_training"]["triggers"] == [
        "schedule",
        "new_data",
        "drift",
        "performance",
    ]


def test_the_rubric_in_force_is_2026_2_with_its_changelog_and_2026_1_stays_readable(client_in):
    current = client_in.get(URL).json()
    older = client_in.get(URL, {"version": "2026.1"}).json()
    assert current["version"] == "2026.2"
    assert any(e.startswith("2026.2: Google level 1 now requires") for e in current["changelog"])
    assert "progressive_delivery" in current["frameworks"]["google"]["levels"][1]["requires"]
    assert older["version"] == "2026.1"
    assert "progressive_delivery" in older["frameworks"]["google"]["levels"][2]["requires"]


def test_questions_carry_options_scores_branching_and_help(client_in):
    questions = {q["id"]: q for q in client_in.get(URL).json()["questions"]}
    assert len(questions) == len(get_rubric().questions)
    first_use = questions["progressive_delivery_first_use"]
    assert set(first_use) >= {
        "id",
        "capability",
        "text",
        "help",
        "allows_not_applicable",
        "options",
        "show_if",
        "context",
    }
    assert first_use["capability"] == "progressive_delivery"
    assert first_use["allows_not_applicable"] is True
    assert first_use["show_if"] is None
    assert first_use["options"][-1] == {
        "id": "staged",
        "label": first_use["options"][-1]["label"],
        "score": 1.0,
    }
    rollback = questions["progressive_delivery_rollback"]
    assert rollback["show_if"] == {"question": "context_serving_mode", "any_of": ["online", "both"]}


def test_context_questions_name_no_capability_and_no_scores(client_in):
    serving = next(
        q for q in client_in.get(URL).json()["questions"] if q["id"] == "context_serving_mode"
    )
    assert serving["context"] is True
    assert serving["capability"] is None
    assert {o["score"] for o in serving["options"]} == {None}


@pytest.mark.parametrize(("version", "status"), [(get_rubric().version, 200), ("1999.1", 404)])
def test_a_version_can_be_asked_for(client_in, version, status):
    assert client_in.get(URL, {"version": version}).status_code == status


def test_the_endpoint_is_in_the_openapi_schema(client_in):
    schema = client_in.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/rubric" in schema.json()["paths"]
